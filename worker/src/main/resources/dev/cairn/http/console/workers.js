// Cairn console: workers.js
