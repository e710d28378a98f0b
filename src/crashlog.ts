// Finds the error in text: a message typed by hand, a Node crash log, or a stack trace from a log file.

/** An error as read back from text: enough to describe it and to read its stack. */
export interface ErrorFromText {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly stack?: string;
  /** The `[cause]:` Node printed under the error, when there is one. */
  readonly cause?: { readonly name: string; readonly message: string; readonly code?: string };
}

// "TypeError: msg", "Error [ERR_X]: msg", "ValidationError [SequelizeValidationError]: msg",
// "Uncaught MongoServerError: msg", "[1] RangeError: msg", and "PrismaClientKnownRequestError:" alone
// when the message starts on the next line.
const ERROR_LINE = /(?:^|[\s\]>|:])(?:Uncaught\s+)?((?:[A-Z][\w$]*)?(?:Error|Exception)|UnhandledPromiseRejection)(?:\s+\[([A-Za-z][\w$]{1,63})\])?:(?:\s+(.*))?$/;
const FRAME_LINE = /^\s+at\s/;
// Node prints the error's own properties indented by two spaces, a cause's by four or more.
const OWN_CODE_LINE = /^ {2}code:\s*['"]([A-Za-z][A-Za-z0-9_]{1,63})['"],?\s*$/;
const CAUSE_CODE_LINE = /^ {4,}code:\s*['"]([A-Za-z][A-Za-z0-9_]{1,63})['"],?\s*$/;
const CAUSE_LINE = /^\s+\[cause\]:\s+(.*)$/;
const MAX_INPUT = 1_000_000;
const MAX_MESSAGE_LINES = 50;

/** Name and code from a matched error line: a bracket holds a code (`ERR_X`) or the name (`SequelizeValidationError`). */
function nameAndCode(match: RegExpExecArray): { name: string; code?: string } {
  const name = match[1] ?? 'Error';
  const bracket = match[2];
  if (bracket === undefined) return { name };
  return /^[A-Z][A-Z0-9_]+$/.test(bracket) ? { name, code: bracket } : { name: bracket };
}

/**
 * The lines after an error line that belong to its message: up to its first stack frame in a crash
 * log, or all of them when the text is one pasted message with no frames at all.
 */
function continuation(lines: readonly string[], at: number, pastedMessage: boolean): string[] {
  const after = lines.slice(at + 1, at + 1 + MAX_MESSAGE_LINES);
  const firstFrame = after.findIndex((line) => FRAME_LINE.test(line));
  if (firstFrame >= 0) return after.slice(0, firstFrame);
  return pastedMessage ? after : [];
}

/**
 * Reads the error from `text`. Prefers a `Name: message` line followed by stack frames (a crash log),
 * else the first such line, else the first non-empty line as a bare message. Undefined for blank text.
 */
export function errorFromText(input: string): ErrorFromText | undefined {
  const lines = input.slice(0, MAX_INPUT).split(/\r?\n/);
  const candidates: number[] = [];
  lines.forEach((line, index) => {
    if (ERROR_LINE.test(line) && !FRAME_LINE.test(line) && !CAUSE_LINE.test(line)) candidates.push(index);
  });
  const firstText = lines.findIndex((line) => line.trim() !== '');
  // The next frame line at or after each line, in one pass from the end.
  const nextFrame: number[] = new Array<number>(lines.length + 1).fill(Infinity);
  for (let index = lines.length - 1; index >= 0; index -= 1) nextFrame[index] = FRAME_LINE.test(lines[index] ?? '') ? index : (nextFrame[index + 1] ?? Infinity);
  // A crash log: an error line whose frames follow, after the rest of its message, before any other error line.
  const withFrames = candidates.find((index, k) => {
    const frame = nextFrame[index + 1] ?? Infinity;
    return frame - index <= MAX_MESSAGE_LINES + 1 && frame < (candidates[k + 1] ?? Infinity);
  });
  const at = withFrames ?? candidates[0];
  if (at === undefined) {
    const message = lines.find((line) => line.trim() !== '')?.trim();
    return message === undefined ? undefined : { name: 'Error', message };
  }
  const match = ERROR_LINE.exec(lines[at] ?? '');
  if (!match) return undefined;
  const { name, code: bracketCode } = nameAndCode(match);
  const rest = continuation(lines, at, at === firstText && nextFrame[0] === Infinity);
  const message = [match[3] ?? '', ...rest].join('\n').trim();
  const frames: string[] = [];
  let code = bracketCode;
  let cause: { name: string; message: string; code?: string } | undefined;
  for (const line of lines.slice(at + 1 + rest.length)) {
    if (FRAME_LINE.test(line)) {
      if (!cause) frames.push(line);
      continue;
    }
    const causeMatch = CAUSE_LINE.exec(line);
    const causeError = causeMatch ? ERROR_LINE.exec(` ${causeMatch[1] ?? ''}`) : null;
    if (causeError && !cause) {
      cause = { ...nameAndCode(causeError), message: (causeError[3] ?? '').trim() };
      continue;
    }
    const causeCode = cause ? CAUSE_CODE_LINE.exec(line)?.[1] : undefined;
    if (cause && causeCode && cause.code === undefined) cause.code = causeCode;
    const ownCode = cause ? undefined : OWN_CODE_LINE.exec(line)?.[1];
    if (ownCode) code ??= ownCode;
    // Node prints extra properties in `{ ... }` after the frames, then a blank line.
    if (frames.length > 0 && line.trim() === '') break;
  }
  const stack = frames.length > 0 ? [`${name}: ${message}`, ...frames].join('\n') : undefined;
  return { name, message, ...(code ? { code } : {}), ...(stack ? { stack } : {}), ...(cause ? { cause } : {}) };
}
