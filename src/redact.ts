// The redaction step's face for existing imports; the step itself lives in src/redact/.
export { type RedactRule, redact, removeQuotedData } from './redact/index.js';
