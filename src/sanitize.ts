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
/**
 * Unicode format characters: bidirectional embeddings, overrides and isolates, which can reorder
 * what a reader sees; zero-width spaces and joiners, the byte order mark, invisible operators and
 * tag characters, which hide text or make two different strings look the same.
 */
const INVISIBLE = /\p{Cf}/gu;
/** The line and paragraph separators, which are line breaks by meaning but not to a terminal. */
const LINE_SEPARATOR = /[\u2028\u2029]/g;
/** Unpaired UTF-16 surrogates, which some terminals and JSON encoders choke on. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Removes every terminal control sequence, control character and invisible formatting character
 * from `text`, keeping newlines. Tabs become spaces, carriage returns and line separators newlines
 * (a lone carriage return could overwrite a line).
 */
export function stripControls(text: string): string {
  return text
    .replace(ESCAPE_STRING, '')
    .replace(C1_STRING, '')
    .replace(CSI, '')
    .replace(OTHER_ESCAPE, '')
    .replace(/\r\n?/g, '\n')
    .replace(LINE_SEPARATOR, '\n')
    .replace(/\t/g, '    ')
    .replace(CONTROL, '')
    .replace(INVISIBLE, '')
    .replace(LONE_SURROGATE, '\ufffd');
}

/** `stripControls`, then folds all whitespace (newlines included) into single spaces. */
export function oneLine(text: string): string {
  // split and join, not replace: V8's replace slows down past a few hundred thousand matches.
  return stripControls(text).split(/\s+/).join(' ').trim();
}

/** Cuts `text` to at most `max` characters, marking the cut with an ellipsis; never halves a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  if (end > 0 && /[\ud800-\udbff]/.test(text.charAt(end - 1))) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}
