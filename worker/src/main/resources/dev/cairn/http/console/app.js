// Cairn console: app.js
