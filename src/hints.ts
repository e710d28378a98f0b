// Offline hints: what soet can say about an error with no network at all.
import type { ErrorDescription } from './describe.js';
import { type StackFrame, firstUserFrame, formatFrame, parseStack } from './stack.js';

/** A hint printed first in the block; `link`, when present, is an https URL on nodejs.org. */
export interface Hint {
  readonly kind: 'node-docs' | 'system-error' | 'user-frame';
  readonly text: string;
  readonly link?: string;
}

/** Plain-English cause and usual fix for the system errors developers meet most. */
const SYSTEM_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED:
    'nothing is listening at that address and port: start the service (database, API) or fix the host and port you connect to.',
  EADDRINUSE:
    'another process already listens on that port: stop it (an old dev server?) or choose another port.',
  ENOENT: 'a file or folder does not exist at that path: check the path and the working directory it is relative to.',
  EACCES: 'permission denied: the process may not read, write or run that file, or bind a port below 1024 without privileges.',
  EPERM: 'the operating system refused the operation: check file ownership and permissions, or a file locked by another program.',
  ETIMEDOUT: 'the other side did not answer in time: check the host is up and reachable, and firewalls or proxies in between.',
  ENOTFOUND: 'the host name could not be resolved by DNS: check its spelling and your network or VPN.',
  EAI_AGAIN: 'DNS lookup failed for now: check your network or DNS server, then try again.',
  ECONNRESET: 'the other side closed the connection abruptly: it may have crashed, timed out an idle socket, or refused TLS.',
  EPIPE: 'wrote to a connection or pipe the other side had already closed: stop writing after it ends.',
  EMFILE: 'too many open files: close files and sockets you no longer need, or raise the limit (ulimit -n).',
  ENFILE: 'the system ran out of file handles: close files and sockets you no longer need.',
  EEXIST: 'the file or folder already exists: remove it first or pass an option to overwrite.',
  EISDIR: 'a folder was given where a file was expected: check the path.',
  ENOTDIR: 'a part of the path is a file, not a folder: check the path.',
  ENOTEMPTY: 'the folder is not empty: remove its contents first or use a recursive removal.',
  ENOSPC: 'no space left on the device (or too many file watchers on Linux: raise fs.inotify.max_user_watches).',
  EHOSTUNREACH: 'no route to that host: check the network, VPN or firewall.',
  ENETUNREACH: 'the network is unreachable: check your connection.',
  ECONNABORTED: 'the connection was aborted before it completed: retry, and check timeouts on both sides.',
  ERR_SOCKET_CONNECTION_TIMEOUT: 'the connection attempt timed out: check the host and port are reachable.',
};

/** Node's own error codes have an entry each in the errors documentation. */
function nodeDocsHint(code: string): Hint | undefined {
  if (!/^ERR_[A-Z0-9_]+$/.test(code)) return undefined;
  return {
    kind: 'node-docs',
    text: `${code} is one of Node.js's own errors; its documentation explains the cause.`,
    link: `https://nodejs.org/api/errors.html#${code.toLowerCase()}`,
  };
}

/** The hints for `error`, in the order they are printed: what it is, then where it came from. */
export function hintsFor(error: ErrorDescription, cwd: string = process.cwd(), frames: readonly StackFrame[] = parseStack(error.stack)): Hint[] {
  const hints: Hint[] = [];
  const code = error.code ?? /\b(E[A-Z]{3,}|ERR_[A-Z0-9_]+)\b/.exec(error.message)?.[1];
  if (code) {
    const docs = nodeDocsHint(code);
    if (docs) hints.push(docs);
    const meaning = SYSTEM_ERRORS[code];
    if (meaning) hints.push({ kind: 'system-error', text: `${code}: ${meaning}` });
  }
  const frame = firstUserFrame(frames);
  if (frame) hints.push({ kind: 'user-frame', text: `thrown at ${formatFrame(frame, cwd)}` });
  return hints;
}
