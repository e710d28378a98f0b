// What every medium of the page does to the response first: status, type, and headers that keep it private and inert.
import type { PreparedLookup } from '../lookup.js';
import type { PageSettings } from './options.js';
import type { LookupResult } from '../result.js';
import { read } from '../describe.js';
import { type ErrorView, hasOwnStatus } from './model.js';
import type { RequestLine, RequestView } from './request.js';

/** What the page uses of Node's ServerResponse (Express's `res` is one); `flush` comes from compression. */
export interface PageResponse {
  statusCode: number;
  readonly headersSent: boolean;
  readonly writableEnded: boolean;
  readonly destroyed: boolean;
  setHeader(name: string, value: string | string[]): unknown;
  removeHeader(name: string): unknown;
  write(chunk: string): boolean;
  end(chunk?: string): unknown;
  flush?: () => void;
}

/** Everything a medium needs, read once by the handler. */
export interface PageContext {
  readonly thrown: unknown;
  readonly prepared: PreparedLookup;
  readonly view: ErrorView;
  /** Method and masked URL, read before the first byte. */
  readonly requestLine: RequestLine;
  /** The whole request, masked: read after the first byte (masking every header takes a while). */
  readonly request: () => RequestView;
  readonly settings: PageSettings;
  readonly cwd: string;
  /** Starts the lookup (or joins the one soet() started for the same error). */
  readonly lookup: () => Promise<LookupResult>;
}

/** Headers the route may have set for its own answer, which would misdescribe the page. */
const CONTENT_HEADERS = ['Content-Encoding', 'Content-Language', 'Content-Range', 'Content-Disposition', 'Content-Length', 'ETag', 'Last-Modified'];

/** A header name as HTTP defines a token; anything else is not a header the error can mean. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
const MAX_ERROR_HEADERS = 32;

/**
 * The headers the error asks for (`err.headers`, as http-errors sets `Allow` or `Retry-After`), set as
 * Express's own final handler sets them: only when the error carries its own 4xx-5xx status. Content
 * headers are left out (they would misdescribe the page), and a name or value Node refuses is skipped;
 * the page's own headers are set after these, so they win.
 */
function setErrorHeaders(res: PageResponse, thrown: unknown): void {
  if (!hasOwnStatus(thrown)) return;
  const headers = read(thrown, 'headers');
  if (typeof headers !== 'object' || headers === null) return;
  let names: string[];
  try {
    names = Object.keys(headers).slice(0, MAX_ERROR_HEADERS);
  } catch {
    return;
  }
  for (const name of names) {
    if (!HEADER_NAME.test(name) || name.toLowerCase().startsWith('content-')) continue;
    const value = read(headers, name);
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string' && !isStrings(text)) continue;
    try {
      res.setHeader(name, text);
    } catch {
      // Node refused the value (a newline in it, say): the page goes on without it.
    }
  }
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.length <= MAX_ERROR_HEADERS && value.every((item) => typeof item === 'string');
}

/** Sets status and headers: the error's own, then nothing cached, nothing sniffed, framed or referred, and the given CSP. */
export function startResponse(res: PageResponse, status: number, type: string, csp: string, thrown?: unknown): void {
  for (const name of CONTENT_HEADERS) res.removeHeader(name);
  setErrorHeaders(res, thrown);
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Vary', 'Accept');
}

/** The CSP of JSON and text: nothing at all may load or run. */
export const INERT_CSP = "default-src 'none'; frame-ancestors 'none'";

/** True when the client went away or the response was ended: nothing more to write. */
export function closed(res: PageResponse): boolean {
  return res.destroyed || res.writableEnded;
}
