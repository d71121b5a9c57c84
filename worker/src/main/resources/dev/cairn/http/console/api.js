// Cairn console: api.js
