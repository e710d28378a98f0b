// The search step of the pipeline: what soet searches for an error, and the chain of searches that finds it.
export { type Acceptance, type Search, type SearchPlan, type SearchSettings, keyOfDescription, planSearch, wordsOf } from './plan.js';
export { type ChainOutcome, type Searcher, runChain } from './chain.js';
export { withoutSearchSyntax } from './clean.js';
export { type KeyParts, type KnownKey, RecentKeys, TemplateBook, errorKey, fingerprint, keyLabel } from './fingerprint.js';
export { informativeLine } from './message.js';
export { type Template, type Token, type TokenKind, templateOf, templateText } from './template.js';
