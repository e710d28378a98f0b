// Runs in a child process for the crash hook: looks the crashed error up and prints the rendered block.
import { loadEnv } from './env.js';
import { type LookupResult, engineFor } from './lookup.js';
import { resolveSettings } from './options.js';
import { render } from './render/block.js';

/** What the crash hook sends on stdin. */
export interface CrashRequest {
  readonly error: { readonly name: string; readonly message: string; readonly code?: string; readonly stack?: string };
  readonly color: boolean;
  readonly columns: number;
  /** Epoch ms by which the block must be printed. */
  readonly deadline: number;
}

/**
 * A timeout told with the limit the user set: the requests ran on what was left of it after the crash
 * hook started this process, a number that would mean nothing to them.
 */
function inUserTerms(result: LookupResult, limitMs: number, host: string): LookupResult {
  if (result.failure?.kind !== 'timeout') return result;
  const message = `${host} did not answer within the ${limitMs} ms SOET_TIMEOUT_MS allows (the crash hook's start-up included); check your network, or raise SOET_TIMEOUT_MS`;
  return { ...result, failure: { kind: 'timeout', message } };
}

async function run(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const request = JSON.parse(input) as CrashRequest;
  const env = loadEnv();
  const budget = Math.max(100, request.deadline - Date.now() - 100);
  const settings = resolveSettings({}, env, true);
  const engine = engineFor({ ...settings, timeoutMs: Math.min(settings.timeoutMs, budget) });
  const result = await engine.run(engine.prepare(request.error), budget);
  process.stdout.write(render(inUserTerms(result, settings.timeoutMs, new URL(settings.apiUrl).host), { color: request.color, width: request.columns, env }));
}

run().catch((error: unknown) => {
  process.stdout.write(`soet ▸ the crash lookup failed (${error instanceof Error ? error.message : String(error)})\n`);
});
