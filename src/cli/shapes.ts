// The shapes of lines in a dev server's output that belong to an error report: heads, frames, properties.
import os from 'node:os';
import { stripControls } from '../sanitize.js';

/** An error as read back from text: enough to describe it and to read its stack. */
export interface ErrorFromText {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly stack?: string;
  /** The `[cause]:` of Node's report, whose code soet reads as it does a thrown error's cause. */
  readonly cause?: ErrorFromText;
}

/** A `Name: message` line, and where the name starts (what comes before it prefixes the frames too). */
export interface Head {
  readonly name: string;
  readonly message: string;
  /** From `Name [CODE]: message`, when the bracket holds a code. */
  readonly code?: string;
  readonly prefix: string;
}

/** Only the start of a line is searched for an error's name: a prefix longer than this is not a log prefix. */
const HEAD_SCAN = 600;
/** The longest line the detector reads; the rest of a longer line passes through unread. */
export const MAX_LINE = 64 * 1024;

const NAME = String.raw`(?:[A-Z][\w$]{0,63}?)?(?:Error|Exception|Rejection)`;
// "TypeError: msg", "Error [ERR_X]: msg", "Uncaught MongoServerError: msg", "[1] RangeError: msg",
// "DOMException [AbortError]: msg", "... ERROR [ExceptionsHandler] TypeError: msg", a bare "Error".
const HEAD = new RegExp(String.raw`(?:^|[\s\]>|:(])(?:Uncaught\s+)?(${NAME})(?:\s*\[([\w$.-]{1,64})\])?(?::[ \t]+|:?[ \t]*$)`);
// util.inspect's form of an error without frames: "[Error: ENOENT: no such file ...] {".
const BRACKET_HEAD = new RegExp(String.raw`^\s*\[(${NAME})(?:\s*\[([\w$.-]{1,64})\])?: `);
const HEAD_HINT = /Error|Exception|Rejection/;
const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;
const VALID_CODE = /^[A-Za-z][A-Za-z0-9_]{1,63}$/;
const FRAME = /^\s+at\s/;
// Node folds frames a cause shares with its error, and names where an 'error' event was emitted.
const FOLDED_FRAMES = /^\s+\.\.\. \d+ lines? matching cause stack trace \.\.\.$/;
const EMITTED_AT = /^\s*Emitted '[^']{1,64}' event\b.{0,200} at:$/;
const NODE_VERSION = /^Node\.js v\d+\.\d+\.\d+\S*$/;
const CARET = /^\s*\^+\s*$/;
const TRACE_UNCAUGHT = /^\(Use `node --trace-uncaught \.\.\.` to show where the exception was thrown\)$/;
// npm's own report of a failed script says that it failed, not why: never an error of the app.
const NPM_LINE = /^npm (?:ERR!|error|warn|WARN|notice)(?:\s|$)/;
const CODE_PROPERTY = /^(\s*)code: '([A-Za-z][A-Za-z0-9_]{1,63})',?$/;
const CAUSE = /^(\s*)\[cause\]:\s?(.*)$/;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const SYSTEM_CODES = new Set([...Object.keys(os.constants.errno), 'ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL']);
const CODE_IN_TEXT = /\b(?:E[A-Z0-9_]{2,30}|ERR_[A-Z0-9_]{2,60})\b/g;

/** A line as the detector reads it: without colours or other control sequences, cut at MAX_LINE. */
export function cleanLine(line: string): string {
  const cut = line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line;
  return CONTROL.test(cut) ? stripControls(cut).replace(/\n/g, ' ') : cut;
}

/** An `at` frame, or a line Node prints among frames. */
export function isFrame(line: string): boolean {
  return FRAME.test(line) || FOLDED_FRAMES.test(line) || EMITTED_AT.test(line);
}

export const isNodeVersion = (line: string): boolean => NODE_VERSION.test(line);
export const isCaret = (line: string): boolean => CARET.test(line);
export const isTraceUncaughtHint = (line: string): boolean => TRACE_UNCAUGHT.test(line);
export const isNpmLine = (line: string): boolean => NPM_LINE.test(line);
export const isBlank = (line: string): boolean => line.trim() === '';

/**
 * Name and code of `Name [bracket]`, as util.inspect prints an error: the bracket holds a code
 * (`Error [ERR_X]`) or the error's own name when its class is called otherwise
 * (`ValidationError [SequelizeValidationError]`).
 */
function nameAndCode(name: string, bracket: string | undefined): { readonly name: string; readonly code?: string } {
  if (bracket === undefined) return { name };
  if (CODE.test(bracket)) return { name, code: bracket };
  return /^[A-Za-z_$][\w$]{0,63}$/.test(bracket) ? { name: bracket } : { name };
}

/** The `Name: message` that starts a stack trace or states an error, anywhere near the start of the line. */
export function parseHead(line: string): Head | undefined {
  const scanned = line.length > HEAD_SCAN ? line.slice(0, HEAD_SCAN) : line;
  if (!HEAD_HINT.test(scanned)) return undefined;
  const match = HEAD.exec(scanned);
  const name = match?.[1];
  if (!match || name === undefined) return undefined;
  const nameAt = match.index + match[0].indexOf(name);
  return { ...nameAndCode(name, match[2]), message: line.slice(match.index + match[0].length).trim(), prefix: line.slice(0, nameAt) };
}

/** util.inspect's `[Name: message]` form (an error without frames), with whether a `{` block follows. */
export function parseBracketHead(line: string): (Head & { readonly opensBlock: boolean }) | undefined {
  if (!line.trimStart().startsWith('[')) return undefined;
  const end = line.trimEnd();
  const opensBlock = end.endsWith('] {');
  if (!opensBlock && !end.endsWith(']')) return undefined;
  const match = BRACKET_HEAD.exec(line.length > HEAD_SCAN ? line.slice(0, HEAD_SCAN) : line);
  const name = match?.[1];
  if (!match || name === undefined) return undefined;
  const message = end.slice(match[0].length, end.length - (opensBlock ? 3 : 1));
  return { ...nameAndCode(name, match[2]), message, prefix: '', opensBlock };
}

/** A `code: 'X'` property line of Node's report, with its indentation (which error of the chain it belongs to). */
export function parseCodeProperty(line: string): { readonly indent: number; readonly code: string } | undefined {
  const match = CODE_PROPERTY.exec(line);
  return match?.[1] !== undefined && match[2] !== undefined ? { indent: match[1].length, code: match[2] } : undefined;
}

/** A `[cause]: Name: message` line, with its indentation and what follows the colon. */
export function parseCauseLine(line: string): { readonly indent: number; readonly rest: string } | undefined {
  const match = CAUSE.exec(line);
  return match?.[1] !== undefined && match[2] !== undefined ? { indent: match[1].length, rest: match[2] } : undefined;
}

/** A system or Node error code stated in a message (`listen EADDRINUSE: ...`, `ERR_SOCKET_BAD_PORT`). */
export function codeInText(text: string): string | undefined {
  for (const [token] of text.slice(0, HEAD_SCAN).matchAll(CODE_IN_TEXT)) {
    if (token.startsWith('ERR_') || SYSTEM_CODES.has(token)) return token;
  }
  return undefined;
}

export function validCode(value: unknown): string | undefined {
  return typeof value === 'string' && VALID_CODE.test(value) ? value : undefined;
}

/** Leading spaces of a line. */
export function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}
