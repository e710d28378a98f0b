// Error-path throughput: autocannon here, each app in a child process of its own, rounds interleaved.
import type { ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { type Mode, firstLine, median, progress, startChild, stopChild } from './support.js';

export interface Scenario {
  readonly label: string;
  readonly mode: Mode;
  /** `/error` throws the same message every time, `/error-with-id` one with a new id each time. */
  readonly path: '/error' | '/error-with-id';
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
  /** Per round: requests/s over the baseline's requests/s in the same round. */
  readonly ratios: readonly number[];
}

interface Server {
  readonly scenario: Scenario;
  readonly child: ChildProcess;
  readonly url: string;
}

async function startServer(scenario: Scenario, apiUrl: string): Promise<Server> {
  const child = startChild('bench/server.ts', [scenario.mode, apiUrl]);
  const port = await firstLine(child);
  if (!/^\d+$/.test(port)) throw new Error(`bench/server.ts ${scenario.mode} printed ${JSON.stringify(port)} instead of its port`);
  return { scenario, child, url: `http://127.0.0.1:${port}${scenario.path}` };
}

/** Starts one server per scenario; if any fails, stops those that started and throws. */
async function startServers(scenarios: readonly Scenario[], apiUrl: string): Promise<Server[]> {
  const started = await Promise.allSettled(scenarios.map((scenario) => startServer(scenario, apiUrl)));
  const servers = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const failure = started.find((outcome) => outcome.status === 'rejected');
  if (failure) {
    await Promise.all(servers.map((server) => stopChild(server.child)));
    throw failure.reason;
  }
  return servers;
}

interface Sample {
  readonly requests: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
}

async function load(server: Server, connections: number, seconds: number): Promise<Sample> {
  const result = await autocannon({ url: server.url, connections, duration: seconds });
  // Every request must have reached the app's own handler: anything else measures a broken app.
  if (result.errors > 0 || result.timeouts > 0 || result['5xx'] !== result.requests.total || result.requests.total === 0) {
    throw new Error(
      `${server.scenario.label}: expected only HTTP 500s, got ${result.requests.total} responses, ${result['5xx']} of them 500, ` +
        `${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return { requests: result.requests.total, seconds: result.duration, p50: result.latency.p50, p99: result.latency.p99 };
}

/** Indexes 0..count-1 starting at `shift`, so that no scenario always goes first. */
const rotation = (count: number, shift: number): number[] => Array.from({ length: count }, (_, i) => (i + shift) % count);

/**
 * Measures every scenario once per round, the first scenario being the baseline. Each round starts
 * fresh processes: on small cloud VMs identical Node processes run several percent apart for their
 * whole life, so the process, not the slice, is what has to be sampled again. Within a round the
 * scenarios alternate in short slices, so drift of the machine's speed reaches all of them alike.
 */
export async function measureThroughput(apiUrl: string, scenarios: readonly Scenario[], settings: LoadSettings): Promise<ScenarioResult[]> {
  const { connections, rounds, warmupSeconds, slices, sliceSeconds } = settings;
  const perRound = scenarios.map((): Sample[] => []);
  for (let round = 0; round < rounds; round += 1) {
    progress(`round ${round + 1} of ${rounds}: starting ${scenarios.length} servers, warming up, measuring`);
    const servers = await startServers(scenarios, apiUrl);
    try {
      for (const index of rotation(servers.length, round)) {
        const server = servers[index];
        if (server) await load(server, connections, warmupSeconds);
      }
      const samples = servers.map((): Sample[] => []);
      for (let slice = 0; slice < slices; slice += 1) {
        for (const index of rotation(servers.length, round + slice)) {
          const server = servers[index];
          if (server) samples[index]?.push(await load(server, connections, sliceSeconds));
        }
      }
      samples.forEach((own, index) => {
        perRound[index]?.push({
          requests: own.reduce((sum, sample) => sum + sample.requests, 0),
          seconds: own.reduce((sum, sample) => sum + sample.seconds, 0),
          p50: median(own.map((sample) => sample.p50)),
          p99: median(own.map((sample) => sample.p99)),
        });
      });
    } finally {
      await Promise.all(servers.map((server) => stopChild(server.child)));
    }
  }
  const rate = (sample: Sample): number => sample.requests / sample.seconds;
  const baseline = perRound[0] ?? [];
  return scenarios.map((scenario, index) => {
    const own = perRound[index] ?? [];
    return {
      scenario,
      rps: own.map(rate),
      p50: own.map((sample) => sample.p50),
      p99: own.map((sample) => sample.p99),
      ratios: own.map((sample, round) => {
        const base = baseline[round];
        return base ? rate(sample) / rate(base) : Number.NaN;
      }),
    };
  });
}
