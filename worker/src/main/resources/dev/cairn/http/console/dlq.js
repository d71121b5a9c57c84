// Cairn console: dlq.js
