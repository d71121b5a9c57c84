// Cairn console: jobs.js
