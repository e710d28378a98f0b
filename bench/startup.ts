// What soet adds to a process's start-up when it is off: importing it (ESM, CJS), the crash hook, and the CLI's
// --version and --help, each against its baseline. Runs on its own (`npx tsx bench/startup.ts`) or in `npm run bench`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { linkedProject } from '../test/support/helpers.js';
import { childEnv, countFromEnv, markdownTable, median, medianInterval, progress } from './support.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

/** BENCH_STARTUP_RUNS=100 for tighter intervals; each run starts every command once. */
const runsWanted = (): number => countFromEnv('BENCH_STARTUP_RUNS', 40, 5);

/** A node command line, run in the scratch project (cwd) with soet off unless `env` says otherwise. */
interface Command {
  readonly label: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

interface Row {
  readonly command: Command;
  readonly baseline: Command;
  /** The most the command may add to its baseline, in ms; undefined for a row shown for information. */
  readonly goalMs?: number;
}

const EMPTY_ESM: Command = { label: 'import of an empty module (ESM)', args: ['esm-empty.mjs'] };
const EMPTY_CJS: Command = { label: 'require of an empty module (CJS)', args: ['cjs-empty.cjs'] };
const PLAIN_CJS: Command = { label: 'plain `node app.cjs`', args: ['app.cjs'] };
const PLAIN_ESM: Command = { label: 'plain `node app.mjs`', args: ['app.mjs'] };
const PRELOAD_EMPTY: Command = { label: '`node --import ./empty.mjs app.cjs`', args: ['--import', './empty.mjs', 'app.cjs'] };
const EVAL: Command = { label: '`node -e 0`', args: ['-e', '0'] };
const HOOK_IMPORT_CJS: Command = { label: '`node --import soet/register app.cjs`, off ¹', args: ['--import', 'soet/register', 'app.cjs'] };
const ON = { DEBUG: 'soet' };

const ROWS: readonly Row[] = [
  { command: { label: "`import { soet } from 'soet'` and `soet()`, off", args: ['esm-soet.mjs'] }, baseline: EMPTY_ESM, goalMs: 10 },
  { command: { label: "`require('soet')` and `soet()`, off", args: ['cjs-soet.cjs'] }, baseline: EMPTY_CJS, goalMs: 10 },
  { command: { label: '`node -r soet/register app.cjs`, off', args: ['-r', 'soet/register', 'app.cjs'] }, baseline: PLAIN_CJS, goalMs: 5 },
  { command: { label: '`node --import soet/register app.mjs`, off', args: ['--import', 'soet/register', 'app.mjs'] }, baseline: PLAIN_ESM, goalMs: 5 },
  { command: HOOK_IMPORT_CJS, baseline: PLAIN_CJS },
  { command: HOOK_IMPORT_CJS, baseline: PRELOAD_EMPTY },
  { command: { label: '`soet --version`', args: [CLI, '--version'] }, baseline: EVAL, goalMs: 40 },
  { command: { label: '`soet --help`', args: [CLI, '--help'] }, baseline: EVAL, goalMs: 40 },
  { command: { label: "`import { soet } from 'soet'` and `soet()`, on ²", args: ['esm-soet.mjs'], env: ON }, baseline: EMPTY_ESM },
  { command: { label: "`require('soet')` and `soet()`, on ²", args: ['cjs-soet.cjs'], env: ON }, baseline: EMPTY_CJS },
];

/** A scratch project whose node_modules/soet is this repository, so `soet` resolves through package.json's exports. */
function scratchProject(): string {
  const dir = linkedProject('soet-bench-startup-');
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'startup', private: true }),
    'empty.mjs': 'export {};\n',
    'empty.cjs': '',
    'app.cjs': '',
    'app.mjs': 'export {};\n',
    'esm-empty.mjs': "import './empty.mjs';\n",
    'esm-soet.mjs': "import { soet } from 'soet';\nsoet();\n",
    'cjs-empty.cjs': "require('./empty.cjs');\n",
    'cjs-soet.cjs': "const { soet } = require('soet');\nsoet();\n",
  };
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

interface Sample {
  readonly ms: number;
  /** User plus system time of the node process. */
  readonly cpuMs: number;
}

// bash times the node process alone (not bash's own start) and reports its CPU time with `times`.
const TIMED = 'start=$EPOCHREALTIME; "$@" >/dev/null 2>&1; status=$?; end=$EPOCHREALTIME; echo "$start $end $status"; times';

function seconds(clock: string): number {
  const match = /^(\d+)m([\d.]+)s$/.exec(clock);
  return match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
}

function runOnce(command: Command, cwd: string): Sample {
  const out = execFileSync('bash', ['-c', TIMED, 'timed', process.execPath, ...command.args], { cwd, env: { ...childEnv(), ...command.env }, encoding: 'utf8' });
  const [wall = '', , children = ''] = out.trim().split('\n');
  const [start, end, status] = wall.split(' ').map(Number);
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new Error('bench/startup.ts needs bash 5 or later (it times with $EPOCHREALTIME)');
  if (status !== 0) throw new Error(`${command.label} exited with ${status}`);
  const [user = '', system = ''] = children.trim().split(/\s+/);
  return { ms: ((end ?? 0) - (start ?? 0)) * 1000, cpuMs: (seconds(user) + seconds(system)) * 1000 };
}

function quartiles(values: readonly number[]): readonly [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
  return [at(0.25), at(0.75)];
}

export interface StartupReport {
  readonly runs: number;
  readonly rows: readonly {
    readonly row: Row;
    readonly command: readonly Sample[];
    readonly baseline: readonly Sample[];
    /** Command minus baseline, run by run (both started in the same run, a few ms apart). */
    readonly added: readonly number[];
  }[];
}

/** Every distinct command once per run, in an order rotated each run; rows pair each command with its baseline from the same run. */
export function measureStartup(runs = runsWanted()): StartupReport {
  if (!fs.existsSync(CLI)) throw new Error('dist/ is missing: run `npm run build` before the benchmark');
  const dir = scratchProject();
  try {
    const commands = [...new Set(ROWS.flatMap((row) => [row.baseline, row.command]))];
    const samples = new Map<Command, Sample[]>(commands.map((command) => [command, []]));
    // A first run of each, not recorded: the files are then in the page cache for every recorded run.
    for (const command of commands) runOnce(command, dir);
    for (let run = 0; run < runs; run += 1) {
      if (run % 10 === 0) progress(`start-up run ${run + 1} of ${runs}: ${commands.length} commands`);
      for (let i = 0; i < commands.length; i += 1) {
        const command = commands[(i + run) % commands.length];
        if (command) samples.get(command)?.push(runOnce(command, dir));
      }
    }
    return {
      runs,
      rows: ROWS.map((row) => {
        const command = samples.get(row.command) ?? [];
        const baseline = samples.get(row.baseline) ?? [];
        return { row, command, baseline, added: command.map((sample, i) => sample.ms - (baseline[i]?.ms ?? Number.NaN)) };
      }),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (value: number): string => value.toFixed(1);

export function startupSection(report: StartupReport): string {
  const rows = report.rows.map(({ row, command, baseline, added }) => {
    const [low, high] = medianInterval(added);
    const [q1, q3] = quartiles(command.map((sample) => sample.ms));
    const extra = median(added);
    const result = row.goalMs === undefined ? '' : high <= row.goalMs ? 'PASS' : extra <= row.goalMs ? 'PASS (inconclusive)' : 'FAIL';
    return [
      row.command.label,
      row.baseline.label,
      ms(median(command.map((sample) => sample.ms))),
      `${ms(q1)} – ${ms(q3)}`,
      ms(median(baseline.map((sample) => sample.ms))),
      ms(extra),
      `${ms(low)} – ${ms(high)}`,
      `${ms(median(command.map((sample) => sample.cpuMs)))} / ${ms(median(baseline.map((sample) => sample.cpuMs)))}`,
      row.goalMs === undefined ? '' : `≤ ${row.goalMs} ms`,
      result,
    ];
  });
  return [
    '## Start-up',
    '',
    `Each command ${report.runs} times in a scratch project whose node_modules/soet links to this repository (so \`soet\` ` +
      'resolves through its exports map), soet off (no DEBUG, no .env) unless marked on; every command once per run, ' +
      'in an order rotated each run. Wall time from exec to exit, timed by bash; CPU time (user + system) from bash\'s `times`. ' +
      'Added: the median of the run-by-run differences from the baseline, with its bootstrap 95% interval. ' +
      'PASS when the whole interval is within the goal, PASS (inconclusive) when only the median is.',
    '',
    markdownTable(['Command', 'Baseline', 'Median (ms)', 'Middle half (ms)', 'Baseline (ms)', 'Added (ms)', 'Added, 95% interval', 'CPU (ms), command / baseline', 'Goal', 'Result'], rows),
    '',
    '¹ No goal: `--import` makes Node start its ES module loader before a CommonJS app, whatever the module; the second ' +
      'row compares with that cost (an ES module app pays it anyway, and the hook adds the row above).',
    '',
    '² No goal: with soet on, `soet()` loads its working parts (dist/core.cjs); lru-cache, the HTTP client, ' +
      'the HTML parser and the entity decoder load at the first lookup.',
    '',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${startupSection(measureStartup())}\n`);
}
