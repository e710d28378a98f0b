// The `soet` executable: runs the CLI with this process's streams and exits with its code.
import { main } from './cli.js';

main({ argv: process.argv.slice(2), stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`soet: unexpected failure (${error instanceof Error ? error.message : String(error)}); please report it\n`);
    process.exitCode = 3;
  },
);
