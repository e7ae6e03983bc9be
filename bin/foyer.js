#!/usr/bin/env node
// Entry point of the compiled service (`npm run build` first); `npm start` runs the sources directly.
import '../dist/main.js';
