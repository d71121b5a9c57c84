// Cairn console: breakers.js
