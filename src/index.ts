// soet's public API: exports only. What it reaches at import is what decides whether soet is on; the rest loads on first use.
import { soet } from './middleware.js';

export { soet } from './middleware.js';
export type { SoetMiddleware } from './middleware.js';
export { errorPage } from './page/index.js';
export type { ErrorPageHandler } from './page/index.js';
export { lookup, redact, render } from './public.js';
export type { FoundAnswer, FoundQuestion, LookupFailureKind, LookupOptions, LookupResult, LookupStatus } from './lookup.js';
export type { RenderOptions } from './render/block.js';
export { enabled } from './enabled.js';
export type { RedactRule } from './redact.js';
export type { Hint } from './hints.js';
export type { Search } from './search/index.js';
export type { OutputStream, RepeatMode, SoetOptions } from './options.js';
export type { EditorName, ErrorPageOptions } from './page/options.js';
export type { FailureKind } from './stackexchange.js';
export default soet;
