// What every medium of the page does to the response first: status, type, and headers that keep it private and inert.
import type { PreparedLookup } from '../lookup.js';
import type { PageSettings } from './options.js';
import type { LookupResult } from '../result.js';
import type { ErrorView } from './model.js';
import type { RequestLine, RequestView } from './request.js';

/** What the page uses of Node's ServerResponse (Express's `res` is one); `flush` comes from compression. */
export interface PageResponse {
  statusCode: number;
  readonly headersSent: boolean;
  readonly writableEnded: boolean;
  readonly destroyed: boolean;
  setHeader(name: string, value: string): unknown;
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

/** Sets status and headers: nothing cached, nothing sniffed, framed or referred, and the given CSP. */
export function startResponse(res: PageResponse, status: number, type: string, csp: string): void {
  for (const name of CONTENT_HEADERS) res.removeHeader(name);
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
