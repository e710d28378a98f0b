// The crash hook: `node --import soet/register app.js` or `node -r soet/register app.js`.
// When soet is on, an uncaught exception or unhandled rejection that ends the process is looked up
// in a child process (waiting at most timeoutMs) and its block printed to stderr just before Node's
// own crash output, which stays exactly what Node prints, as does the exit code. When soet is off,
// this module installs nothing, and it loads nothing but what reads the environment.
import { nodeFs } from './deps.js';
import { type Env, isEnabled, loadEnv } from './env.js';
import { loadCore } from './load-core.js';

function install(env: Env): void {
  let fatal: { readonly error: unknown } | undefined;
  // The monitor sees the error without handling it, so Node's own behaviour is untouched.
  process.on('uncaughtExceptionMonitor', (error) => {
    fatal ??= { error };
  });
  process.on('exit', (code) => {
    if (fatal === undefined || code === 0) return;
    const { error } = fatal;
    fatal = undefined;
    try {
      // The report's parts load only now, when there is a crash to report.
      loadCore().reportCrash(error, env);
    } catch (problem) {
      try {
        nodeFs().writeSync(2, `soet ▸ the crash report failed (${problem instanceof Error ? problem.message : String(problem)})\n`);
      } catch {
        // stderr is gone: nothing to tell.
      }
    }
  });
}

const env = loadEnv();
if (isEnabled(env, undefined)) install(env);
