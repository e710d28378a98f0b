// Finds the error in text: a message typed by hand, a Node crash log, or a stack trace from a log file.

/** An error as read back from text: enough to describe it and to read its stack. */
export interface ErrorFromText {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly stack?: string;
}

// "TypeError: msg", "Error [ERR_X]: msg", "Uncaught MongoServerError: msg", "[1] RangeError: msg"
const ERROR_LINE = /(?:^|[\s\]>|:])(?:Uncaught\s+)?((?:[A-Z][\w$]*)?(?:Error|Exception)|UnhandledPromiseRejection)(?:\s+\[([A-Z][A-Z0-9_]+)\])?:\s+(.+)$/;
const FRAME_LINE = /^\s+at\s/;
const CODE_LINE = /^\s*code:\s*['"]([A-Za-z][A-Za-z0-9_]{1,63})['"],?\s*$/;
const MAX_INPUT = 1_000_000;

/**
 * Reads the error from `text`. Prefers a `Name: message` line followed by stack frames (a crash log),
 * else the first such line, else the first non-empty line as a bare message. Undefined for blank text.
 */
export function errorFromText(input: string): ErrorFromText | undefined {
  const lines = input.slice(0, MAX_INPUT).split(/\r?\n/);
  const candidates: number[] = [];
  lines.forEach((line, index) => {
    if (ERROR_LINE.test(line) && !FRAME_LINE.test(line)) candidates.push(index);
  });
  const withFrames = candidates.find((index) => FRAME_LINE.test(lines[index + 1] ?? ''));
  const at = withFrames ?? candidates[0];
  if (at === undefined) {
    const message = lines.find((line) => line.trim() !== '')?.trim();
    return message === undefined ? undefined : { name: 'Error', message };
  }
  const match = ERROR_LINE.exec(lines[at] ?? '');
  const name = match?.[1] ?? 'Error';
  const message = (match?.[3] ?? '').trim();
  const frames: string[] = [];
  let code = match?.[2];
  for (const line of lines.slice(at + 1)) {
    if (FRAME_LINE.test(line)) {
      frames.push(line);
      continue;
    }
    const codeMatch = CODE_LINE.exec(line);
    if (codeMatch) code ??= codeMatch[1];
    // Node prints extra properties in `{ ... }` after the frames, then a blank line.
    if (frames.length > 0 && line.trim() === '') break;
  }
  const stack = frames.length > 0 ? [`${name}: ${message}`, ...frames].join('\n') : undefined;
  return { name, message, ...(code ? { code } : {}), ...(stack ? { stack } : {}) };
}
