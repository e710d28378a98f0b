// The CLI companion's pass-through: a 100 MB dev-server log through `soet` and through `cat`, interleaved; peak memory.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, progress } from './support.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const LOG_BYTES = 100 * 1024 * 1024;
const ROUNDS = 3;
/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const TICKS = 100;

export interface PassThroughRun {
  readonly seconds: number;
  readonly peakRss: number;
  /** User + system CPU seconds, read last just before the process ended (within one poll). */
  readonly cpuSeconds: number;
}

export interface PassThroughReport {
  readonly bytes: number;
  readonly errorsInLog: number;
  readonly cat: readonly PassThroughRun[];
  readonly soet: readonly PassThroughRun[];
  /** soet over an empty input: Node's start-up and soet's modules, paid once per run. */
  readonly soetStartSeconds: number;
}

/** An ordinary dev-server log of `bytes`, with one logged stack trace (the same error) every 10 MB. */
function writeLog(file: string, bytes: number): number {
  const lines = Array.from({ length: 1_000 }, (_, i) => `2026-11-21T10:00:${String(i % 60).padStart(2, '0')}.000Z GET /api/users/${i * 7919} 200 ${i % 97}.${i % 10} ms - ${1000 + i} bytes\n`).join('');
  const stack = "TypeError: Cannot read properties of undefined (reading 'id')\n    at getUser (/srv/app/routes/users.js:14:27)\n    at Layer.handleRequest (/srv/app/node_modules/router/lib/layer.js:152:17)\n";
  const fd = fs.openSync(file, 'w');
  let written = 0;
  let errors = 0;
  let nextError = 10 * 1024 * 1024;
  try {
    while (written < bytes) {
      const piece = written >= nextError ? `${stack}${lines}` : lines;
      if (written >= nextError) {
        errors += 1;
        nextError += 10 * 1024 * 1024;
      }
      const chunk = Buffer.from(piece).subarray(0, bytes - written);
      fs.writeSync(fd, chunk);
      written += chunk.length;
    }
  } finally {
    fs.closeSync(fd);
  }
  return errors;
}

function procStatus(pid: number): { rss: number; cpuSeconds: number } | undefined {
  try {
    const rss = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    // utime and stime are fields 14 and 15; the command name (field 2) may hold spaces, so count after ')'.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return { rss: Number(rss ?? 0) * 1024, cpuSeconds: (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / TICKS };
  } catch {
    return undefined;
  }
}

/** `cat file | <command> > /dev/null`, timed from start to end; the consumer's memory and CPU polled from /proc. */
async function runOnce(file: string, command: readonly string[], env: NodeJS.ProcessEnv): Promise<PassThroughRun> {
  const started = performance.now();
  const source = spawn('cat', [file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const sink = fs.openSync('/dev/null', 'w');
  const consumer = spawn(command[0] ?? 'cat', command.slice(1), { stdio: [source.stdout, sink, 'ignore'], env });
  fs.closeSync(sink);
  source.stdout.destroy();
  let peakRss = 0;
  let cpuSeconds = 0;
  const poll = setInterval(() => {
    const status = consumer.pid === undefined ? undefined : procStatus(consumer.pid);
    if (status) {
      peakRss = Math.max(peakRss, status.rss);
      cpuSeconds = status.cpuSeconds;
    }
  }, 20);
  try {
    await Promise.all([new Promise((resolve) => source.on('close', resolve)), new Promise((resolve) => consumer.on('close', resolve))]);
  } finally {
    clearInterval(poll);
    source.kill('SIGKILL');
    consumer.kill('SIGKILL');
  }
  return { seconds: (performance.now() - started) / 1000, peakRss, cpuSeconds };
}

export async function measurePassThrough(apiUrl: string): Promise<PassThroughReport> {
  if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` before `npm run bench`');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soet-bench-log-'));
  try {
    const file = path.join(dir, 'dev.log');
    const empty = path.join(dir, 'empty.log');
    fs.writeFileSync(empty, '');
    const errorsInLog = writeLog(file, LOG_BYTES);
    const env: NodeJS.ProcessEnv = { ...process.env, SOET_API_URL: apiUrl, SOET_CACHE: 'off' };
    const soet = [process.execPath, CLI];
    const cat: PassThroughRun[] = [];
    const soetRuns: PassThroughRun[] = [];
    const starts: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      progress(`pass-through round ${round + 1} of ${ROUNDS}: 100 MB through cat and through soet`);
      // Alternate which goes first, so that neither always gets the warmer page cache.
      const order = round % 2 === 0 ? (['cat', 'soet'] as const) : (['soet', 'cat'] as const);
      for (const which of order) {
        if (which === 'cat') cat.push(await runOnce(file, ['cat'], env));
        else soetRuns.push(await runOnce(file, soet, env));
      }
      starts.push((await runOnce(empty, soet, env)).seconds);
    }
    return { bytes: LOG_BYTES, errorsInLog, cat, soet: soetRuns, soetStartSeconds: median(starts) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
