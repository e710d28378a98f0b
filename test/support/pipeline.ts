// A shell pipeline run as a terminal would run it: its own process group, output read as it comes, signals to the group.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { waitFor } from './helpers.js';

/** The memory high-water mark (VmHWM) of a live process, in bytes; undefined once it has exited. */
export function peakRss(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
  } catch {
    return undefined;
  }
}

export class Pipeline {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly closed: Promise<number | null>;

  /** Runs `command` with `sh -c` in a new process group, as a shell runs a foreground job. */
  constructor(command: string, options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv }) {
    this.child = spawn('sh', ['-c', command], { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.closed = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
    // Whatever happens in a test, nothing of the pipeline outlives it.
    const timer = setTimeout(() => this.signal('SIGKILL'), 60_000);
    timer.unref();
    void this.closed.then(() => clearTimeout(timer));
  }

  /** Sends `signal` to every process of the pipeline, as Ctrl+C in a terminal does. */
  signal(signal: NodeJS.Signals): void {
    try {
      if (this.child.pid !== undefined) process.kill(-this.child.pid, signal);
    } catch {
      // The group is gone already.
    }
  }

  /** Resolves once stdout matches `pattern`; rejects with what was seen after `timeoutMs`. */
  async output(pattern: RegExp, timeoutMs = 15_000): Promise<readonly string[]> {
    try {
      await waitFor(() => pattern.test(this.stdout), timeoutMs, String(pattern));
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- stdout ---\n${this.stdout.slice(-3_000)}\n--- stderr ---\n${this.stderr.slice(-2_000)}`, { cause: error });
    }
    return this.stdout.match(pattern) ?? [];
  }
}

/**
 * Splits soet's stdout into the app's lines and soet's own (blocks, "again" lines): a line is the app's
 * when it is the next line the app wrote (from the app's own copy of its output), else it must be soet's.
 */
export function separate(soetStdout: string, appOutput: string): { readonly app: string; readonly soet: readonly { readonly line: string; readonly after: string | undefined }[] } {
  const appLines = appOutput.split('\n');
  const kept: string[] = [];
  const soet: { line: string; after: string | undefined }[] = [];
  let next = 0;
  for (const line of soetStdout.split('\n')) {
    if (next < appLines.length && line === appLines[next]) {
      kept.push(line);
      next += 1;
    } else {
      soet.push({ line, after: kept.at(-1) });
    }
  }
  return { app: kept.join('\n'), soet };
}
