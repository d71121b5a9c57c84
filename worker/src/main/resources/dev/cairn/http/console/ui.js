// Cairn console: ui.js
