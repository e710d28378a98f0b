// Makes untrusted text (from the API or from a thrown value) inert before it reaches a terminal.

/** OSC, DCS, SOS, PM and APC strings: ESC ] / P / X / ^ / _ up to BEL or ST (or the end). */
const ESCAPE_STRING = /\u001b[\]PX^_][\s\S]*?(?:\u0007|\u001b\\|\u009c|$)/g;
/** 8-bit OSC, DCS, SOS, PM and APC strings, up to BEL or ST (or the end). */
const C1_STRING = /[\u0090\u0098\u009d\u009e\u009f][\s\S]*?(?:\u0007|\u001b\\|\u009c|$)/g;
/** CSI sequences, 7-bit (ESC [) and 8-bit (U+009B): parameters, intermediates, final byte. */
const CSI = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?/g;
/** Any other escape: ESC plus the byte after it. */
const OTHER_ESCAPE = /\u001b[\s\S]?/g;
/** C0 controls except tab and newline, DEL, and C1 controls. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** Bidirectional embeddings, overrides and isolates, which can reorder what a reader sees. */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;
/** Unpaired UTF-16 surrogates, which some terminals and JSON encoders choke on. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Removes every terminal control sequence and control character from `text`, keeping newlines.
 * Tabs become spaces, carriage returns are dropped (they could overwrite a line).
 */
export function stripControls(text: string): string {
  return text
    .replace(ESCAPE_STRING, '')
    .replace(C1_STRING, '')
    .replace(CSI, '')
    .replace(OTHER_ESCAPE, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '    ')
    .replace(CONTROL, '')
    .replace(BIDI, '')
    .replace(LONE_SURROGATE, '\ufffd');
}

/** `stripControls`, then folds all whitespace (newlines included) into single spaces. */
export function oneLine(text: string): string {
  return stripControls(text).replace(/\s+/g, ' ').trim();
}

/** Cuts `text` to at most `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}
