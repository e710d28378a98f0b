// Finds error reports in a stream of lines as each one completes: one pass, constant work per line, bounded memory.
import { errorFromJsonLine } from './jsonlog.js';
import {
  type ErrorFromText,
  type Head,
  cleanLine,
  codeInText,
  indentOf,
  isBlank,
  isCaret,
  isFrame,
  isNodeVersion,
  isNpmLine,
  isTraceUncaughtHint,
  parseBracketHead,
  parseCauseLine,
  parseCodeProperty,
  parseHead,
} from './shapes.js';

/** How the error was written: a stack trace, a JSON log line, a line stating an error and its code, a thrown non-error. */
export type ReportShape = 'stack' | 'json' | 'line' | 'value';

/** One error found in the output. */
export interface ErrorReport {
  readonly error: ErrorFromText;
  /** Node's report of an uncaught exception or unhandled rejection (it ends with `Node.js v…`): it ended the process. */
  readonly fatal: boolean;
  readonly shape: ReportShape;
}

/** Lines one report may span before it is cut and reported as it stands (the window). */
export const MAX_REPORT_LINES = 1_000;
/** Frames kept of a stack trace; the hints read the first user frame, the tags the packages. */
const MAX_FRAMES = 50;
/**
 * Lines of a message before its first frame (an assertion's diff, Zod's issues, Prisma's call site);
 * more and the head was only a line.
 */
const MAX_CONTINUATION = 50;
const MAX_MESSAGE = 4_000;
const MAX_CAUSES = 5;
/** Blank lines between the end of an uncaught report and Node's version line. */
const MAX_TRAILER_BLANKS = 2;
/** Recent lines kept to read the value of a thrown non-error (`throw 'oops'`), between the caret and Node's hint. */
const RECENT_LINES = 6;
const MAX_RECENT_CHARS = 500;

interface Cause {
  readonly name: string;
  readonly message: string;
  code?: string;
  /** Indentation of this cause's own property lines. */
  readonly propertyIndent: number;
}

/** A report being read. */
interface Draft {
  readonly head: Head;
  readonly shape: ReportShape;
  message: string;
  code: string | undefined;
  readonly rootPropertyIndent: number;
  readonly frames: string[];
  readonly causes: Cause[];
  lines: number;
}

type State =
  | { readonly kind: 'scan' }
  /** A head was seen; frames would make it a stack trace, a code a line that states an error. */
  | { readonly kind: 'head'; readonly draft: Draft; readonly continuation: string[] }
  | { readonly kind: 'frames'; readonly draft: Draft }
  /** Inside the `{ ... }` of properties after the frames (`code`, `[cause]`, `[errors]`). */
  | { readonly kind: 'properties'; readonly draft: Draft; depth: number }
  /** The report is complete; Node's `Node.js v…` line would make it fatal. */
  | { readonly kind: 'trailer'; readonly draft: Draft; blanks: number }
  /** After a report longer than the window was cut: the rest of its frames. */
  | { readonly kind: 'skip' };

const SCAN: State = { kind: 'scan' };

function draftFrom(head: Head, shape: ReportShape, line: string): Draft {
  return {
    head,
    shape,
    message: head.message.slice(0, MAX_MESSAGE),
    code: head.code,
    rootPropertyIndent: indentOf(line.slice(head.prefix.length)) + 2,
    frames: [],
    causes: [],
    lines: 1,
  };
}

function withoutPrefix(line: string, prefix: string): string {
  // Frames of a prefixed head share its prefix under concurrently or turbo ("[1] ", "api:dev: ").
  return prefix.trim() !== '' && line.startsWith(prefix) ? line.slice(prefix.length) : line;
}

function errorOf(draft: Draft): ErrorFromText {
  const { name } = draft.head;
  const message = draft.message.replace(/\s+$/, '');
  let cause: ErrorFromText | undefined;
  for (const link of [...draft.causes].reverse()) {
    cause = { name: link.name, message: link.message, ...(link.code ? { code: link.code } : {}), ...(cause ? { cause } : {}) };
  }
  const stack = draft.frames.length > 0 ? [`${name}: ${message.split('\n')[0] ?? ''}`, ...draft.frames].join('\n') : undefined;
  return { name, message, ...(draft.code ? { code: draft.code } : {}), ...(stack ? { stack } : {}), ...(cause ? { cause } : {}) };
}

/**
 * Reads lines one at a time and calls `onReport` as each error report completes. A line is part of an
 * error only when it has the shape of one: a head followed by frames, Node's uncaught report, a JSON
 * log line with an error object, or a head that states a system or Node error code. Everything else,
 * npm's `npm ERR!` lines included, is ordinary output. Memory stays bounded by the window whatever
 * the input: long lines are read up to MAX_LINE, long reports up to MAX_REPORT_LINES.
 */
export class ErrorDetector {
  readonly #onReport: (report: ErrorReport) => void;
  #state: State = SCAN;
  readonly #recent: string[] = [];

  constructor(onReport: (report: ErrorReport) => void) {
    this.#onReport = onReport;
  }

  /** Reads one line (without its newline). */
  push(rawLine: string): void {
    const line = cleanLine(rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine);
    this.#read(line);
    this.#recent.push(line.length > MAX_RECENT_CHARS ? line.slice(0, MAX_RECENT_CHARS) : line);
    if (this.#recent.length > RECENT_LINES) this.#recent.shift();
  }

  /**
   * Reports what is pending as it stands: the input paused or ended, so no more of it is coming now.
   * A head with no frames is reported only when it states a code.
   */
  flush(): void {
    const state = this.#state;
    this.#state = SCAN;
    if (state.kind === 'head') {
      this.#endHead(state);
      this.flush();
    } else if (state.kind === 'frames' || state.kind === 'properties' || state.kind === 'trailer') this.#emit(state.draft, false);
  }

  #read(line: string): void {
    const state = this.#state;
    switch (state.kind) {
      case 'scan':
        this.#scan(line);
        return;
      case 'skip':
        if (!isFrame(line)) {
          this.#state = SCAN;
          this.#scan(line);
        }
        return;
      case 'trailer':
        if (isBlank(line) && state.blanks < MAX_TRAILER_BLANKS) {
          state.blanks += 1;
          return;
        }
        this.#state = SCAN;
        this.#emit(state.draft, isNodeVersion(line));
        if (!isNodeVersion(line)) this.#scan(line);
        return;
      case 'head':
        this.#readAfterHead(state, line);
        return;
      case 'frames':
        this.#readFrame(state.draft, withoutPrefix(line, state.draft.head.prefix));
        return;
      case 'properties':
        this.#readProperty(state, withoutPrefix(line, state.draft.head.prefix));
        return;
    }
  }

  #scan(line: string): void {
    if (isNpmLine(line)) return;
    const trimmed = line.trimStart();
    if (trimmed.startsWith('{')) {
      const error = errorFromJsonLine(trimmed);
      if (error) this.#onReport({ error, fatal: false, shape: 'json' });
      return;
    }
    if (trimmed.startsWith('[')) {
      const bracket = parseBracketHead(line);
      if (bracket) {
        const draft = draftFrom(bracket, 'stack', line);
        if (bracket.opensBlock) this.#state = { kind: 'properties', draft, depth: 1 };
        else this.#emitLine(draft);
        return;
      }
    }
    if (isTraceUncaughtHint(line)) {
      this.#readThrownValue();
      return;
    }
    const head = parseHead(line);
    if (head) this.#state = { kind: 'head', draft: draftFrom(head, 'stack', line), continuation: [] };
  }

  #readAfterHead(state: Extract<State, { kind: 'head' }>, line: string): void {
    const { draft } = state;
    const unprefixed = withoutPrefix(line, draft.head.prefix);
    if (isFrame(unprefixed)) {
      this.#withMessage(draft, state.continuation);
      this.#state = { kind: 'frames', draft };
      this.#readFrame(draft, unprefixed);
      return;
    }
    if (isNodeVersion(line)) {
      // Node's report of an error whose stack has no frames.
      this.#withMessage(draft, state.continuation);
      this.#state = SCAN;
      this.#emit(draft, true);
      return;
    }
    if (isTraceUncaughtHint(line)) {
      // `throw 'TypeError: x'`: a thrown string that reads like an error.
      this.#state = { kind: 'trailer', draft: { ...draft, shape: 'value' }, blanks: 0 };
      return;
    }
    if (isNpmLine(line) || parseHead(line) !== undefined || state.continuation.length >= MAX_CONTINUATION) {
      this.#endHead(state);
      this.#read(line);
      return;
    }
    // A message of several lines (an assertion's diff, Zod's JSON issues) comes before the frames; it
    // is only known to be one when they come. Until then its lines are held, bounded, to be read anew.
    state.continuation.push(unprefixed);
    draft.lines += 1;
  }

  /** The lines after a head are its message: frames or Node's version line followed them. */
  #withMessage(draft: Draft, continuation: readonly string[]): void {
    for (const line of continuation) {
      if (draft.message.length >= MAX_MESSAGE) break;
      draft.message = `${draft.message}\n${line}`.slice(0, MAX_MESSAGE);
    }
  }

  /** A head no frames followed: a line that may state an error, and the lines held after it read anew. */
  #endHead(state: Extract<State, { kind: 'head' }>): void {
    this.#state = SCAN;
    this.#emitLine(state.draft);
    for (const held of state.continuation) this.#read(held);
  }

  #readFrame(draft: Draft, line: string): void {
    if (isFrame(line)) {
      if (draft.frames.length < MAX_FRAMES) draft.frames.push(line.trim().replace(/\s*\{$/, ''));
      // Node puts ` {` after the last frame when the error has properties (code, [cause]).
      if (line.trimEnd().endsWith('{')) this.#state = { kind: 'properties', draft, depth: 1 };
      this.#count(draft);
      return;
    }
    this.#state = { kind: 'trailer', draft, blanks: 0 };
    this.#read(line);
  }

  #readProperty(state: Extract<State, { kind: 'properties' }>, line: string): void {
    const { draft } = state;
    const trimmed = line.trim();
    if (trimmed.startsWith('}') || trimmed.startsWith(']')) {
      state.depth -= 1;
      if (state.depth <= 0) this.#state = { kind: 'trailer', draft, blanks: 0 };
    } else {
      const cause = parseCauseLine(line);
      const head = cause ? (parseHead(cause.rest) ?? parseBracketHead(cause.rest)) : undefined;
      if (cause && head && draft.causes.length < MAX_CAUSES) {
        draft.causes.push({ name: head.name, message: head.message.slice(0, MAX_MESSAGE), ...(head.code ? { code: head.code } : {}), propertyIndent: cause.indent + 2 });
      }
      const property = parseCodeProperty(line);
      if (property) this.#setCode(draft, property.indent, property.code);
      if (trimmed.endsWith('{') || trimmed.endsWith('[')) state.depth += 1;
    }
    this.#count(draft);
  }

  /** A `code:` line belongs to the error (or the cause) whose properties are at its indentation. */
  #setCode(draft: Draft, indent: number, code: string): void {
    if (indent === draft.rootPropertyIndent) {
      draft.code ??= code;
      return;
    }
    const cause = draft.causes.find((link) => link.propertyIndent === indent);
    if (cause) cause.code ??= code;
  }

  /** Cuts a report longer than the window: it is reported as it stands, and the rest of its frames skipped. */
  #count(draft: Draft): void {
    draft.lines += 1;
    if (draft.lines < MAX_REPORT_LINES) return;
    this.#state = { kind: 'skip' };
    this.#emit(draft, false);
  }

  /** `throw 'oops'`: Node prints the value between the caret under the source line and its hint. */
  #readThrownValue(): void {
    const caret = this.#recent.findLastIndex(isCaret);
    if (caret === -1) return;
    const value = this.#recent.slice(caret + 1).filter((line) => !isBlank(line)).join(' ').trim();
    if (value === '') return;
    const draft = draftFrom({ name: 'Error', message: value, prefix: '' }, 'value', value);
    this.#state = { kind: 'trailer', draft, blanks: 0 };
  }

  /** A head that no frames followed is an error only when it states a code. */
  #emitLine(draft: Draft): void {
    const code = draft.code ?? codeInText(draft.head.message);
    if (code === undefined) return;
    draft.code = code;
    draft.message = draft.head.message;
    this.#onReport({ error: errorOf(draft), fatal: false, shape: 'line' });
  }

  #emit(draft: Draft, fatal: boolean): void {
    if (draft.shape === 'value' && !fatal) return;
    this.#onReport({ error: errorOf(draft), fatal, shape: draft.shape });
  }
}
