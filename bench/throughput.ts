// Error-path throughput: autocannon here, each app in a child process of its own, rounds interleaved.
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import autocannon from 'autocannon';
import { StandInApi } from '../test/support/standin.js';
import { type Mode, firstLine, median, oneAnswerSite, pin, progress, startChild, stopChild } from './support.js';

/** The routes of bench/server.ts: the same message every time, or run data of a kind, or a new kind. */
export type BenchPath = '/error' | '/hex-id' | '/base36-id' | '/user-n' | '/twenty-kinds' | '/new-kind';

export interface Scenario {
  readonly label: string;
  readonly mode: Mode;
  readonly path: BenchPath;
}

export interface LoadSettings {
  readonly connections: number;
  readonly rounds: number;
  readonly warmupSeconds: number;
  /** Each round measures every scenario in this many slices, alternating between them. */
  readonly slices: number;
  readonly sliceSeconds: number;
}

export interface ScenarioResult {
  readonly scenario: Scenario;
  /** Per round, in round order. */
  readonly rps: readonly number[];
  readonly p50: readonly number[];
  readonly p99: readonly number[];
  /** Per round: requests/s over its baseline's requests/s in the same round (NaN for a baseline itself). */
  readonly ratios: readonly number[];
  /** Per round: p99 over its baseline's p99 in the same round. */
  readonly p99Ratios: readonly number[];
  /** Per round: the server's own CPU time (user + system) per request it answered, in µs. */
  readonly cpuMicroseconds: readonly number[];
  /** Per round: API requests soet sent per 1,000 errors, over the server's whole life (warm-up included). */
  readonly apiCallsPer1000: readonly number[];
  /** Per round: API requests soet sent over the server's whole life. */
  readonly apiCalls: readonly number[];
}

/** Where the app under load and the load generator ran, when they could be kept apart. */
export interface Placement {
  /** The CPU each app under load was pinned to, and the CPUs of this process (autocannon, the stand-ins). */
  readonly server: string;
  readonly load: string;
}

export interface ThroughputRun {
  readonly results: readonly ScenarioResult[];
  /** Undefined when nothing was pinned (one CPU, or no taskset): the scheduler placed both. */
  readonly placement: Placement | undefined;
}

/**
 * The app under load on the last CPU, this process on the others. Left to the scheduler, the app and
 * autocannon share 2 cores by turns, and where they land moves a run's requests/s by up to half.
 */
function placement(): Placement | undefined {
  const cpus = os.availableParallelism();
  if (cpus < 2) return undefined;
  const wanted = { server: String(cpus - 1), load: cpus === 2 ? '0' : `0-${cpus - 2}` };
  return pin(process.pid, wanted.load) ? wanted : undefined;
}

interface Server {
  readonly scenario: Scenario;
  readonly child: ChildProcess;
  readonly base: string;
  readonly url: string;
  /** Its own stand-in, so that its API calls are counted apart. */
  readonly api: StandInApi;
}

interface ServerStats {
  readonly cpuMicroseconds: number;
  readonly served: number;
}

async function statsOf(server: Server): Promise<ServerStats> {
  const response = await fetch(`${server.base}/__stats`);
  const stats = (await response.json()) as ServerStats;
  if (typeof stats.cpuMicroseconds !== 'number' || typeof stats.served !== 'number') throw new Error(`${server.scenario.label}: unexpected stats ${JSON.stringify(stats)}`);
  return stats;
}

async function startServer(scenario: Scenario, where: Placement | undefined): Promise<Server> {
  const api = await StandInApi.start(oneAnswerSite());
  const child = startChild('bench/server.ts', [scenario.mode, api.url]);
  try {
    const port = await firstLine(child);
    if (where && child.pid !== undefined && !pin(child.pid, where.server)) throw new Error(`${scenario.label}: could not pin the app to CPU ${where.server}`);
    if (!/^\d+$/.test(port)) throw new Error(`bench/server.ts ${scenario.mode} printed ${JSON.stringify(port)} instead of its port`);
    const base = `http://127.0.0.1:${port}`;
    return { scenario, child, base, url: `${base}${scenario.path}`, api };
  } catch (error) {
    await api.close();
    throw error;
  }
}

async function stopServer(server: Server): Promise<void> {
  await stopChild(server.child);
  await server.api.close();
}

/** Starts one server per scenario; if any fails, stops those that started and throws. */
async function startServers(scenarios: readonly Scenario[], where: Placement | undefined): Promise<Server[]> {
  const started = await Promise.allSettled(scenarios.map((scenario) => startServer(scenario, where)));
  const servers = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const failure = started.find((outcome) => outcome.status === 'rejected');
  if (failure) {
    await Promise.all(servers.map(stopServer));
    throw failure.reason;
  }
  return servers;
}

interface Sample {
  readonly requests: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
  /** The server's CPU time over the slice, and the requests it answered in it. */
  readonly cpuMicroseconds: number;
  readonly served: number;
}

async function load(server: Server, connections: number, seconds: number): Promise<Sample> {
  const before = await statsOf(server);
  const result = await autocannon({ url: server.url, connections, duration: seconds });
  const after = await statsOf(server);
  const served = after.served - before.served;
  const requests = result.requests.total;
  // Every request must have reached the app's own handler: anything else measures a broken app. (Requests
  // still in flight when autocannon stops are answered after it stopped counting: one per connection.)
  if (result.errors > 0 || result.timeouts > 0 || result['5xx'] !== requests || requests === 0 || Math.abs(served - requests) > connections) {
    throw new Error(
      `${server.scenario.label}: expected only HTTP 500s from the app's handler, got ${requests} responses, ${result['5xx']} of them 500, ` +
        `${result.errors} errors, ${result.timeouts} timeouts, while the app answered ${served}`,
    );
  }
  return {
    requests,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMicroseconds: after.cpuMicroseconds - before.cpuMicroseconds,
    served,
  };
}

/** Indexes 0..count-1 starting at `shift`, so that no scenario always goes first. */
const rotation = (count: number, shift: number): number[] => Array.from({ length: count }, (_, i) => (i + shift) % count);

/**
 * The scenario a scenario is compared with: the app without soet on the same route, since routes that
 * build a new id for each message cost the app itself a few µs more than one that throws a constant.
 */
export function baselineIndex(scenarios: readonly Scenario[], scenario: Scenario): number {
  return scenarios.findIndex((candidate) => candidate.mode === 'without' && candidate.path === scenario.path);
}

/**
 * Measures every scenario once per round, each against the app without soet on its route. Each round starts
 * fresh processes: on small cloud VMs identical Node processes run several percent apart for their
 * whole life, so the process, not the slice, is what has to be sampled again. Within a round each
 * route's apps (without soet, with soet) alternate in short slices, one route after another, so that
 * drift of the machine's speed reaches an app and its baseline alike.
 * The apps run on a CPU of their own where they can be pinned (see `placement`).
 */
export async function measureThroughput(scenarios: readonly Scenario[], settings: LoadSettings): Promise<ThroughputRun> {
  const unmatched = scenarios.find((scenario) => baselineIndex(scenarios, scenario) < 0);
  if (unmatched) throw new Error(`${unmatched.label}: no scenario without soet on ${unmatched.path} to compare it with`);
  const where = placement();
  try {
    return { results: await measureRounds(scenarios, settings, where), placement: where };
  } finally {
    // The rest of the bench runs on every CPU again.
    if (where) pin(process.pid, `0-${os.availableParallelism() - 1}`);
  }
}

/** The scenarios by route: each app without soet with the soet scenarios compared with it (indexes). */
function groupsOf(scenarios: readonly Scenario[]): number[][] {
  const groups = new Map<number, number[]>();
  for (const [index, scenario] of scenarios.entries()) {
    const baseline = baselineIndex(scenarios, scenario);
    groups.set(baseline, [...(groups.get(baseline) ?? []), index]);
  }
  return [...groups.values()];
}

/** The rounds of `measureThroughput`, with the apps pinned `where` said. */
async function measureRounds(scenarios: readonly Scenario[], settings: LoadSettings, where: Placement | undefined): Promise<ScenarioResult[]> {
  const { connections, rounds, warmupSeconds, slices, sliceSeconds } = settings;
  const perRound = scenarios.map((): (Sample & { apiCalls: number; apiCallsPer1000: number })[] => []);
  for (let round = 0; round < rounds; round += 1) {
    progress(`round ${round + 1} of ${rounds}: starting ${scenarios.length} servers, warming up, measuring`);
    const servers = await startServers(scenarios, where);
    try {
      const samples = servers.map((): Sample[] => []);
      // Each route's apps side by side: warmed up, then their slices alternating, before the next route's.
      const groups = groupsOf(scenarios);
      for (const at of rotation(groups.length, round)) {
        const group = groups[at] ?? [];
        for (const index of group) {
          const server = servers[index];
          if (server) await load(server, connections, warmupSeconds);
        }
        for (let slice = 0; slice < slices; slice += 1) {
          for (const member of rotation(group.length, round + slice)) {
            const index = group[member] ?? -1;
            const server = servers[index];
            if (server) samples[index]?.push(await load(server, connections, sliceSeconds));
          }
        }
      }
      // Lookups started during the load may still be answering: their calls count too.
      await new Promise((resolve) => setTimeout(resolve, 500));
      for (const [index, own] of samples.entries()) {
        const server = servers[index];
        const lifetime = server ? await statsOf(server) : { served: 0 };
        perRound[index]?.push({
          requests: own.reduce((sum, sample) => sum + sample.requests, 0),
          seconds: own.reduce((sum, sample) => sum + sample.seconds, 0),
          p50: median(own.map((sample) => sample.p50)),
          p99: median(own.map((sample) => sample.p99)),
          cpuMicroseconds: own.reduce((sum, sample) => sum + sample.cpuMicroseconds, 0),
          served: own.reduce((sum, sample) => sum + sample.served, 0),
          apiCalls: server?.api.requests.length ?? 0,
          apiCallsPer1000: lifetime.served > 0 ? ((server?.api.requests.length ?? 0) * 1000) / lifetime.served : 0,
        });
      }
    } finally {
      await Promise.all(servers.map(stopServer));
    }
  }
  const rate = (sample: Sample): number => sample.requests / sample.seconds;
  return scenarios.map((scenario, index) => {
    const own = perRound[index] ?? [];
    const baselineAt = baselineIndex(scenarios, scenario);
    const baseline = baselineAt === index ? [] : (perRound[baselineAt] ?? []);
    return {
      scenario,
      rps: own.map(rate),
      p50: own.map((sample) => sample.p50),
      p99: own.map((sample) => sample.p99),
      ratios: own.map((sample, round) => {
        const base = baseline[round];
        return base ? rate(sample) / rate(base) : Number.NaN;
      }),
      p99Ratios: own.map((sample, round) => {
        const base = baseline[round];
        return base && base.p99 > 0 ? sample.p99 / base.p99 : Number.NaN;
      }),
      cpuMicroseconds: own.map((sample) => (sample.served > 0 ? sample.cpuMicroseconds / sample.served : Number.NaN)),
      apiCallsPer1000: own.map((sample) => sample.apiCallsPer1000),
      apiCalls: own.map((sample) => sample.apiCalls),
    };
  });
}
