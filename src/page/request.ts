// The request as the page shows it: method, URL, headers and query, with secrets masked by soet's redaction rules.
import type { IncomingHttpHeaders } from 'node:http';
import { type RedactRule, redact } from '../redact.js';

/** A header or query parameter; `value` is '' when `masked`. */
export interface Field {
  readonly name: string;
  readonly value: string;
  readonly masked: boolean;
}

export interface RequestLine {
  readonly method: string;
  /** Path and query, with masked parts shown as MASK. */
  readonly url: string;
}

export interface RequestView extends RequestLine {
  readonly headers: readonly Field[];
  readonly query: readonly Field[];
}

/** What the page reads of a request (Express's `originalUrl` keeps the mount path). */
export interface PageRequestLike {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly originalUrl?: string | undefined;
  readonly headers: IncomingHttpHeaders;
}

export const MASK = '•••';

/** Headers that carry credentials by definition, whatever their value looks like. */
const CREDENTIAL_HEADERS = new Set(['cookie', 'set-cookie', 'authorization', 'proxy-authorization']);

/**
 * Standard headers a browser sends whose values describe the client, never a secret; shown as they
 * are, since redaction (made for text that leaves the machine) would take their version numbers
 * for addresses and their media types for paths.
 */
const DESCRIPTIVE_HEADERS = /^(?:host|connection|user-agent|accept(?:-encoding|-language)?|content-type|content-length|cache-control|pragma|upgrade-insecure-requests|dnt|priority|te|sec-ch-ua(?:-[a-z-]+)?|sec-fetch-[a-z]+|sec-gpc)$/;

/** A sample value for testing a name: redaction removes it only when the name itself is secret. */
const SAMPLE = 'sample';

function changedBy(text: string, rules: readonly RedactRule[]): boolean {
  try {
    return redact(text, rules) !== text;
  } catch {
    // The app's own rule threw: mask rather than guess.
    return true;
  }
}

/** True when redaction removes a value because of the name it stands under (password, api_key, x-auth-token, sid). */
function secretName(name: string, rules: readonly RedactRule[]): boolean {
  if (CREDENTIAL_HEADERS.has(name.toLowerCase())) return true;
  try {
    return !redact(`${name}=${SAMPLE}`, rules).includes(SAMPLE);
  } catch {
    return true;
  }
}

function field(name: string, value: string, rules: readonly RedactRule[], descriptive = false): Field {
  const masked = secretName(name, rules) || (!descriptive && changedBy(value, rules));
  return { name, value: masked ? '' : value, masked };
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The request line: method and URL, each path segment and query value that redaction would change shown as MASK. */
export function requestLine(req: PageRequestLike, rules: readonly RedactRule[]): RequestLine {
  const { path, search } = splitUrl(req);
  const shownPath = path
    .split('/')
    .map((segment) => (segment !== '' && changedBy(decoded(segment), rules) ? MASK : segment))
    .join('/');
  const shownQuery = queryFields(search, rules)
    .map((param) => `${encodeURIComponent(param.name)}=${param.masked ? MASK : encodeURIComponent(param.value)}`)
    .join('&');
  return { method: (req.method ?? 'GET').toUpperCase(), url: shownQuery ? `${shownPath}?${shownQuery}` : shownPath };
}

function splitUrl(req: PageRequestLike): { readonly path: string; readonly search: string } {
  const raw = req.originalUrl ?? req.url ?? '/';
  const at = raw.indexOf('?');
  return at === -1 ? { path: raw, search: '' } : { path: raw.slice(0, at), search: raw.slice(at + 1) };
}

function queryFields(search: string, rules: readonly RedactRule[]): Field[] {
  const fields: Field[] = [];
  for (const [name, value] of new URLSearchParams(search)) fields.push(field(name, value, rules));
  return fields;
}

/**
 * Reads the request for the page. A header or parameter is masked when its name is a credential
 * (Cookie, Authorization) or a name redaction treats as secret, or when redaction would change its
 * value (tokens, keys, e-mail addresses, URLs, long ids): the same rules, the app's `redact` included.
 */
export function requestView(req: PageRequestLike, rules: readonly RedactRule[]): RequestView {
  const headers: Field[] = [];
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    headers.push(field(name, text, rules, DESCRIPTIVE_HEADERS.test(name)));
  }
  return { ...requestLine(req, rules), headers, query: queryFields(splitUrl(req).search, rules) };
}
