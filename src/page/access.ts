// Who may see the page: this machine by default, reached by a name that cannot be rebound to it.
import type { IncomingHttpHeaders } from 'node:http';
import { BlockList, isIP } from 'node:net';
import type { PageSettings } from './options.js';

/** What the check reads of a request: its socket's address, its headers, and Express's `req.ip`. */
export interface ClientRequest {
  readonly headers: IncomingHttpHeaders;
  readonly socket?: { readonly remoteAddress?: string | undefined } | null;
  readonly ip?: string | undefined;
}

/** Headers a proxy adds: from a loopback socket they mean the real client is somewhere else. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip'] as const;

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** An address as the check compares it: IPv4-mapped IPv6 (::ffff:10.0.0.1) as plain IPv4. */
function plainAddress(address: string): { readonly address: string; readonly family: 'ipv4' | 'ipv6' } | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const plain = mapped ?? address.replace(/%.*$/, '');
  const family = isIP(plain);
  return family === 0 ? undefined : { address: plain, family: family === 4 ? 'ipv4' : 'ipv6' };
}

/** The host name a request was sent to, from its Host header, lowercase, without port or brackets. */
function hostName(host: string): string {
  const bracketed = /^\[([^\]]*)\]/.exec(host)?.[1];
  if (bracketed !== undefined) return bracketed.toLowerCase();
  return host.replace(/:\d*$/, '').replace(/\.$/, '').toLowerCase();
}

/**
 * A check that says whether a request may see the page. By default only a request whose socket comes
 * from this machine (loopback), carries no proxy headers, and was addressed to `localhost`, a
 * `*.localhost` name or an IP address: a web page that rebinds its own name to 127.0.0.1 (DNS
 * rebinding) or a tunnel to the dev server gets the app's usual error handling, not the page.
 * `allowedHosts` adds client addresses, ranges and names; `trustProxy` reads the client from `req.ip`.
 */
export function accessCheck(settings: Pick<PageSettings, 'allowedHosts' | 'trustProxy'>): (req: ClientRequest) => boolean {
  const clients = new BlockList();
  const names: string[] = [];
  for (const entry of settings.allowedHosts) {
    const [address = '', bits] = entry.split('/');
    const plain = plainAddress(address);
    if (plain && bits !== undefined) clients.addSubnet(plain.address, Number(bits), plain.family);
    else if (plain) clients.addAddress(plain.address, plain.family);
    else names.push(entry);
  }
  const nameAllowed = (name: string): boolean =>
    name === 'localhost' || name.endsWith('.localhost') || isIP(name) !== 0 ||
    names.some((allowed) => (allowed.startsWith('.') ? name === allowed.slice(1) || name.endsWith(allowed) : name === allowed));

  return (req) => {
    if (!settings.trustProxy && FORWARDING_HEADERS.some((header) => req.headers[header] !== undefined)) return false;
    const raw = settings.trustProxy ? (req.ip ?? req.socket?.remoteAddress) : req.socket?.remoteAddress;
    const client = raw === undefined ? undefined : plainAddress(raw);
    if (!client || !(LOOPBACK.check(client.address, client.family) || clients.check(client.address, client.family))) return false;
    // A client without a Host header is not a browser, which rebinding needs.
    const { host } = req.headers;
    return host === undefined || nameAllowed(hostName(host));
  };
}
