// The JSON border: a result as JSON whose text holds no control or invisible formatting character raw.

/**
 * What JSON.stringify leaves raw inside strings and a terminal or a reader can be fooled by: C1
 * controls (U+009B reads as CSI on some terminals) and DEL, Unicode format characters (bidi
 * embeddings, overrides and isolates, zero-width spaces and joiners, the byte order mark, invisible
 * operators, tag characters), and the line and paragraph separators. C0 controls and lone surrogates
 * JSON.stringify already escapes.
 */
const RAW_UNSAFE = /[\u007f-\u009f\p{Cf}\u2028\u2029]/gu;

function escape(character: string): string {
  let out = '';
  // Characters above U+FFFF (tag characters) are escaped as their surrogate pair, as JSON requires.
  for (let i = 0; i < character.length; i += 1) out += `\\u${character.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/**
 * `value` as JSON (indented by `space`), with every control and invisible formatting character
 * written as a `\uXXXX` escape. Such characters can only stand inside JSON strings, so the output
 * parses back to exactly the same value; printed raw, none of them reaches the terminal.
 */
export function toJson(value: unknown, space: number = 2): string {
  return (JSON.stringify(value, null, space) ?? 'null').replace(RAW_UNSAFE, escape);
}
