// What the page shows of a thrown value: status, name, message, code, stack frames and cause chain, read safely.
import { inspect } from 'node:util';
import { type ErrorDescription, MAX_CAUSES, codeOf, describe, read } from '../describe.js';
import type { PreparedLookup } from '../lookup.js';
import { type StackFrame, firstUserFrame, packageOf, parseStack } from '../stack.js';

/** One line of the stack: the app's own code, a package's, or Node's (and anything unreadable). */
export interface FrameView {
  readonly kind: 'app' | 'package' | 'node';
  /** The function, as V8 names it (`Layer.handle [as handle_request]`); '' when anonymous. */
  readonly name: string;
  /** Where, when the line points at a file. */
  readonly frame?: StackFrame;
  /** The package, for `package` frames. */
  readonly packageName?: string;
  /** The line as V8 printed it, trimmed (`at new Promise (<anonymous>)`). */
  readonly text: string;
}

export interface CauseView {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly frame?: StackFrame;
}

export interface ErrorView {
  /** HTTP status sent: the error's own 4xx-5xx status, else 500. */
  readonly status: number;
  readonly description: ErrorDescription | null;
  /** For a value soet cannot describe (a number, null, a Proxy): how Node would print it, bounded. */
  readonly thrown?: string;
  readonly frames: readonly FrameView[];
  /** The first frame in the app's own code, for the code frame. */
  readonly appFrame?: StackFrame;
  readonly causes: readonly CauseView[];
}

/** The error's own HTTP status (`status` or `statusCode`, as Express reads it) when 400-599, else 500. */
export function statusOf(thrown: unknown): number {
  return ownStatus(thrown) ?? 500;
}

function ownStatus(thrown: unknown): number | undefined {
  for (const key of ['status', 'statusCode']) {
    const value = read(thrown, key);
    if (typeof value === 'number' && Number.isInteger(value) && value >= 400 && value <= 599) return value;
  }
  return undefined;
}

/** Whether the error carries its own 4xx-5xx status, as Express requires before it applies `err.headers`. */
export function hasOwnStatus(thrown: unknown): boolean {
  return ownStatus(thrown) !== undefined;
}

const FUNCTION_NAME = /^\s*at (?:async )?(.*?) \(/;

function frameView(line: string): FrameView | undefined {
  const text = line.trim();
  if (!text.startsWith('at ')) return undefined;
  const name = FUNCTION_NAME.exec(line)?.[1] ?? '';
  const frame = parseStack(line)[0];
  if (!frame) return { kind: 'node', name, text };
  if (frame.file.startsWith('node:') || frame.file.startsWith('internal/')) return { kind: 'node', name, frame, text };
  const packageName = packageOf(frame.file);
  return packageName ? { kind: 'package', name, frame, packageName, text } : { kind: 'app', name, frame, text };
}

/** Each `at …` line of a stack trace, top first (the message lines before them are the header's). */
export function framesOf(stack: string | undefined): FrameView[] {
  if (!stack) return [];
  return stack.split('\n').flatMap((line) => frameView(line) ?? []);
}

/** The `cause` chain below the error, each read as soet reads any thrown value; cycles end it. */
function causesOf(thrown: unknown): CauseView[] {
  const causes: CauseView[] = [];
  const seen = new Set<unknown>([thrown]);
  let current = read(thrown, 'cause');
  while (current !== undefined && !seen.has(current) && causes.length < MAX_CAUSES) {
    seen.add(current);
    const description = describe(current);
    const frame = firstUserFrame(parseStack(description?.stack));
    // Its own code only: describe() also takes one from further down the chain, which has its own line.
    const code = codeOf(current);
    causes.push({
      name: description?.name ?? typeof current,
      message: description?.message ?? shown(current),
      ...(code === undefined ? {} : { code }),
      ...(frame ? { frame } : {}),
    });
    current = read(current, 'cause');
  }
  return causes;
}

/** How Node would print a value that is not an error, bounded, or a note that it cannot be read. */
function shown(value: unknown): string {
  try {
    return inspect(value, { depth: 1, breakLength: 100, maxArrayLength: 10, maxStringLength: 500 }).slice(0, 2_000);
  } catch {
    return 'a value that could not be read';
  }
}

/** The page's view of a thrown value, from what the lookup already read (`prepared`). Never throws. */
export function errorView(thrown: unknown, prepared: PreparedLookup): ErrorView {
  const { description } = prepared;
  const frames = framesOf(description?.stack);
  const appFrame = frames.find((frame) => frame.kind === 'app')?.frame;
  return {
    status: statusOf(thrown),
    description,
    ...(description ? {} : { thrown: shown(thrown) }),
    frames,
    ...(appFrame ? { appFrame } : {}),
    causes: causesOf(thrown),
  };
}
