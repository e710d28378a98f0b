// soet's working parts, which the doors load only when soet is on (or a lookup, render or redaction is asked for).
// The build makes this module a file of its own (dist/core.cjs) that src/load-core.ts loads on first use.
export { reportCrash } from './crash.js';
export { lookup } from './lookup.js';
export { pageHandler } from './page/handler.js';
export { redact } from './redact.js';
export { render } from './render/block.js';
export { Reporter } from './reporter.js';
