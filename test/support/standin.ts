// A real HTTP server on loopback that speaks the Stack Exchange API's wire format, with faults on demand.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

export interface StandInRequest {
  /** `search/advanced`, `similar`, `questions/answers`, or the raw path for anything else. */
  readonly apiMethod: string;
  readonly path: string;
  readonly params: URLSearchParams;
  /** Question ids of a `questions/{ids}/answers` call. */
  readonly ids: readonly number[];
  readonly headers: http.IncomingHttpHeaders;
  readonly at: number;
}

export interface Reply {
  readonly status?: number;
  /** A JSON body (a wrapper or an error body). */
  readonly json?: unknown;
  /** A raw body, sent as is (broken JSON, HTML, a huge payload). */
  readonly raw?: string | Buffer;
  /** Content encoding; the real API always compresses, so gzip is the default. */
  readonly encoding?: 'gzip' | 'deflate' | 'br' | 'identity';
  /** Send the body as is under its Content-Encoding header, so the client cannot decode it. */
  readonly corrupt?: boolean;
  /** Wait this long before answering. */
  readonly delayMs?: number;
  /** reset: destroy the socket; hang: never answer; truncate: send half the body, then close. */
  readonly fault?: 'reset' | 'hang' | 'truncate';
  /** Send the body a few bytes at a time. */
  readonly trickle?: { readonly bytes: number; readonly everyMs: number };
}

export type Handler = (request: StandInRequest) => Reply | Promise<Reply>;

export interface WrapperExtras {
  readonly quota_max?: number;
  readonly quota_remaining?: number;
  readonly backoff?: number;
  readonly has_more?: boolean;
}

/** The API's common wrapper around `items`. */
export function wrapper(items: readonly unknown[], extras: WrapperExtras = {}): Record<string, unknown> {
  return { items, has_more: false, quota_max: 300, quota_remaining: 299, ...extras };
}

/** The API's error body (sent with HTTP 400). */
export function errorBody(id: number, name: string, message: string): Reply {
  return { status: 400, json: { error_id: id, error_name: name, error_message: message } };
}

/** A question as the default filter returns it; the title is given HTML-encoded, as the API does. */
export function question(id: number, title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    question_id: id,
    title,
    link: `https://stackoverflow.com/questions/${id}/${title.replace(/&#?\w+;/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+/, '').slice(0, 40).replace(/-+$/, '')}`,
    score: 10,
    answer_count: 2,
    is_answered: true,
    tags: ['node.js', 'javascript'],
    view_count: 1000,
    creation_date: 1_600_000_000,
    owner: { display_name: 'Someone', reputation: 100, user_type: 'registered', link: 'https://stackoverflow.com/users/1001/someone' },
    ...extra,
  };
}

/** An answer as the withbody filter returns it. */
export function answer(id: number, questionId: number, body: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    answer_id: id,
    question_id: questionId,
    score: 5,
    is_accepted: false,
    body,
    creation_date: 1_600_000_100,
    owner: { display_name: 'An Answerer', reputation: 2000, user_type: 'registered', link: 'https://stackoverflow.com/users/2002/an-answerer' },
    ...extra,
  };
}

function apiMethodOf(path: string): { apiMethod: string; ids: number[] } {
  const answers = /^\/2\.3\/questions\/([\d;]+)\/answers$/.exec(path);
  if (answers) return { apiMethod: 'questions/answers', ids: (answers[1] ?? '').split(';').map(Number) };
  if (path === '/2.3/search/advanced') return { apiMethod: 'search/advanced', ids: [] };
  if (path === '/2.3/similar') return { apiMethod: 'similar', ids: [] };
  return { apiMethod: path, ids: [] };
}

function encode(body: Buffer, encoding: Reply['encoding']): Buffer {
  if (encoding === 'identity') return body;
  if (encoding === 'br') return zlib.brotliCompressSync(body);
  return encoding === 'deflate' ? zlib.deflateSync(body) : zlib.gzipSync(body);
}

/** A loopback Stack Exchange API on a random port. `url` is its base, like https://api.stackexchange.com/2.3. */
export class StandInApi {
  readonly requests: StandInRequest[] = [];
  handler: Handler;
  readonly #server: http.Server;
  readonly #sockets = new Set<import('node:net').Socket>();
  #url = '';

  private constructor(handler: Handler) {
    this.handler = handler;
    this.#server = http.createServer((req, res) => void this.#answer(req, res));
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  static async start(handler: Handler = () => ({ json: wrapper([]) })): Promise<StandInApi> {
    const api = new StandInApi(handler);
    await new Promise<void>((resolve) => api.#server.listen(0, '127.0.0.1', resolve));
    api.#url = `http://127.0.0.1:${(api.#server.address() as AddressInfo).port}/2.3`;
    return api;
  }

  get url(): string {
    return this.#url;
  }

  /** Requests received for one API method (all when omitted). */
  calls(apiMethod?: string): StandInRequest[] {
    return apiMethod === undefined ? [...this.requests] : this.requests.filter((request) => request.apiMethod === apiMethod);
  }

  async #answer(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const { apiMethod, ids } = apiMethodOf(url.pathname);
    const request: StandInRequest = { apiMethod, path: url.pathname, params: url.searchParams, ids, headers: req.headers, at: Date.now() };
    this.requests.push(request);
    let reply: Reply;
    try {
      reply = await this.handler(request);
    } catch (error) {
      reply = { status: 500, raw: `stand-in handler failed: ${String(error)}`, encoding: 'identity' };
    }
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (reply.fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (reply.fault === 'hang') return;
    const plain = reply.raw === undefined ? Buffer.from(JSON.stringify(reply.json ?? wrapper([]))) : Buffer.from(reply.raw);
    const encoding = reply.encoding ?? 'gzip';
    const body = reply.corrupt ? plain : encode(plain, encoding);
    res.writeHead(reply.status ?? 200, {
      'Content-Type': 'application/json; charset=utf-8',
      ...(encoding === 'identity' ? {} : { 'Content-Encoding': encoding }),
      ...(reply.fault === 'truncate' || reply.trickle ? {} : { 'Content-Length': body.length }),
    });
    if (reply.fault === 'truncate') {
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      res.destroy();
      return;
    }
    if (reply.trickle) {
      const { bytes, everyMs } = reply.trickle;
      for (let offset = 0; offset < body.length && !res.destroyed; offset += bytes) {
        res.write(body.subarray(offset, offset + bytes));
        await new Promise((resolve) => setTimeout(resolve, everyMs));
      }
      res.end();
      return;
    }
    res.end(body);
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

// A tiny Stack Overflow that searches like the real one, for tests and the offline demo.
export { type Sample, type SearchQuery, parseSearch, sampleSite, searchWords } from './site.js';
