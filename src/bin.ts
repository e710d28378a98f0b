// The `soet` executable: runs the CLI with this process's streams and exits with its code.
import { main } from './cli/index.js';

/** Exits once what was written to stdout is out (a pipe may be asynchronous), whatever is still pending. */
function exit(code: number): void {
  process.exitCode = code;
  // A lookup the companion gave up on (Ctrl+C) must not hold the process: exit once stdout is written.
  const done = (): never => process.exit(code);
  if (process.stdout.destroyed || !process.stdout.writable) done();
  else process.stdout.write('', done);
  setTimeout(done, 1_000).unref();
}

// A reader that went away (`soet crash.log | head -1`) ends the output, not soet with a stack trace.
process.stdout.on('error', () => undefined);

main({ argv: process.argv.slice(2), stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }).then(exit, (error: unknown) => {
  process.stderr.write(`soet: unexpected failure (${error instanceof Error ? error.message : String(error)}); please report it\n`);
  exit(3);
});
