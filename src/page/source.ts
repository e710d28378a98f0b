// Reads the lines around the app's first frame from disk, for the code frame; only files under the working directory.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { StackFrame } from '../stack.js';

export interface SourceLine {
  readonly number: number;
  readonly text: string;
}

export interface CodeExcerpt {
  /** The file as the page names it: relative to the working directory. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly lines: readonly SourceLine[];
}

/** Lines shown before and after the frame's line. */
const CONTEXT = 4;
/** Larger files (bundles, generated code) are not read: the stack still names the line. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** A minified line is cut: the frame is about where, not the whole line. */
const MAX_LINE = 400;

/** The working directory with its links resolved, once per directory: it does not change between errors. */
const realRoots = new Map<string, Promise<string>>();
function realRootOf(cwd: string): Promise<string> {
  let root = realRoots.get(cwd);
  if (!root) {
    root = fs.realpath(cwd);
    if (realRoots.size < 8) realRoots.set(cwd, root);
    root.catch(() => realRoots.delete(cwd));
  }
  return root;
}

function inside(root: string, file: string): string | undefined {
  const relative = path.relative(root, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : undefined;
}

/**
 * The lines around `frame`, or undefined when its file is not a regular file under `cwd` (after
 * following links), is too large, or cannot be read. The page shows the app's own code and nothing
 * else on the disk.
 */
export async function codeExcerpt(frame: StackFrame, cwd: string = process.cwd()): Promise<CodeExcerpt | undefined> {
  try {
    if (!path.isAbsolute(frame.file) || inside(cwd, frame.file) === undefined) return undefined;
    const [realRoot, realFile] = await Promise.all([realRootOf(cwd), fs.realpath(frame.file)]);
    const relative = inside(realRoot, realFile);
    if (relative === undefined) return undefined;
    const stat = await fs.stat(realFile);
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
    const all = (await fs.readFile(realFile, 'utf8')).split(/\r?\n/);
    if (frame.line < 1 || frame.line > all.length) return undefined;
    const first = Math.max(1, frame.line - CONTEXT);
    const last = Math.min(all.length, frame.line + CONTEXT);
    const lines = all.slice(first - 1, last).map((text, index) => ({ number: first + index, text: text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}…` : text }));
    return { file: path.relative(cwd, frame.file), line: frame.line, column: frame.column, lines };
  } catch {
    return undefined;
  }
}
