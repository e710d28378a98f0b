// Reads V8 stack traces: where an error was thrown, in the user's code and in the packages below it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One `at ...` line of a V8 stack trace, with the file as an absolute path or a `node:` name. */
export interface StackFrame {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

const MAX_FRAMES = 50;
// "    at fn (/abs/file.js:10:5)", "    at /abs/file.js:10:5", "    at async fn (file:///x.mjs:1:2)"
// Node's crash output puts ` {` after the last frame when the error has extra properties.
const FRAME = /^\s*at (?:.*?\(|async )?((?:file:\/\/|node:|\/|[A-Za-z]:\\|\\\\)[^()]*?):(\d+):(\d+)\)?(?:\s*\{)?\s*$/;

function toPath(location: string): string {
  if (!location.startsWith('file://')) return location;
  try {
    return fileURLToPath(location);
  } catch {
    return location;
  }
}

/** The frames of a stack trace that point at a file, top first. */
export function parseStack(stack: string | undefined): StackFrame[] {
  if (!stack) return [];
  const frames: StackFrame[] = [];
  for (const line of stack.split('\n')) {
    const match = FRAME.exec(line);
    if (!match) continue;
    frames.push({ file: toPath(match[1] ?? ''), line: Number(match[2]), column: Number(match[3]) });
    if (frames.length === MAX_FRAMES) break;
  }
  return frames;
}

function isInternal(file: string): boolean {
  return file.startsWith('node:') || file.startsWith('internal/');
}

const NODE_MODULES = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/g;

/** The package a file belongs to, the innermost one when node_modules nest; undefined for user code. */
export function packageOf(file: string): string | undefined {
  let name: string | undefined;
  for (const match of file.matchAll(NODE_MODULES)) name = match[1]?.replace(/\\/g, '/');
  return name;
}

/** The first frame in the user's own code: not a Node internal and not inside node_modules. */
export function firstUserFrame(frames: readonly StackFrame[]): StackFrame | undefined {
  return frames.find((frame) => !isInternal(frame.file) && packageOf(frame.file) === undefined);
}

/** The packages the error passed through, innermost (where it was thrown) first, without repeats. */
export function packagesInStack(frames: readonly StackFrame[]): string[] {
  const names: string[] = [];
  for (const frame of frames) {
    const name = packageOf(frame.file);
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}

/** `frame` as path:line:column, relative to `cwd` when it lies inside it. */
export function formatFrame(frame: StackFrame, cwd: string): string {
  const relative = path.relative(cwd, frame.file);
  const shown = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : frame.file;
  return `${shown}:${frame.line}:${frame.column}`;
}
