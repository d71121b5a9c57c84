// Cairn console: overview.js
