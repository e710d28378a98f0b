// The Stack Exchange API client: builds requests, reads the wire format, turns every fault into one kind.
import type { AxiosInstance, AxiosStatic } from 'axios';
import { entities } from './deps.js';
import type { Governor } from './governor.js';
import { proxyConnectFailure, proxyRefusal } from './proxy.js';
import { oneLine, truncate } from './sanitize.js';
import type { unrefTransport } from './transport.js';
import { USER_AGENT } from './version.js';

/** The API methods soet calls; backoff is tracked per method, as the API asks. */
export type ApiMethod = 'search/advanced' | 'similar' | 'questions/answers';

/** The author of a question or an answer, as the API's `owner` gives it; untrusted text. */
export interface ApiAuthor {
  /** `owner.display_name`, entities decoded. */
  readonly name: string;
  /** `owner.link`, the author's profile, as sent (checked where it is shown); absent for deleted users. */
  readonly link?: string;
}

export interface ApiQuestion {
  readonly id: number;
  /** Entities decoded; still untrusted text. */
  readonly title: string;
  readonly link: string;
  readonly score: number;
  readonly answerCount: number;
  readonly isAnswered: boolean;
  readonly acceptedAnswerId?: number;
  readonly tags: readonly string[];
  readonly author?: ApiAuthor;
  /** Unix seconds. */
  readonly createdAt?: number;
}

export interface ApiAnswer {
  readonly id: number;
  readonly questionId: number;
  readonly score: number;
  readonly isAccepted: boolean;
  /** HTML, untrusted. */
  readonly body: string;
  readonly author?: ApiAuthor;
  /** Unix seconds. */
  readonly createdAt?: number;
  /** Unix seconds; present when the answer was edited. */
  readonly editedAt?: number;
}

export interface ApiQuota {
  readonly max: number;
  readonly remaining: number;
}

export interface ApiPage<T> {
  readonly items: readonly T[];
  readonly quota?: ApiQuota;
  /** Seconds to wait before calling the same method again. */
  readonly backoff?: number;
}

/** Every way a call can fail, each with its own line for the user. */
export type FailureKind =
  | 'timeout'
  | 'refused'
  | 'dns'
  | 'reset'
  | 'network'
  | 'http'
  | 'api-error'
  | 'throttled'
  | 'backoff'
  | 'bad-response'
  | 'decoding'
  | 'too-large'
  | 'proxy';

/** A failed call: `message` says what happened and what to do, in one line, without the key. */
export class StackExchangeError extends Error {
  override readonly name = 'StackExchangeError';
  constructor(
    readonly kind: FailureKind,
    message: string,
    /** For `throttled` and `backoff`: how long until calls are allowed again. */
    readonly retryAfterMs?: number,
    /** False when soet refused to send the request itself (throttle period, backoff). */
    readonly sent: boolean = true,
  ) {
    super(message);
  }
}

export interface ClientSettings {
  readonly apiUrl: string;
  readonly site: string;
  readonly key?: string | undefined;
  readonly timeoutMs: number;
  /** The most bytes read from one response body, after decompression. */
  readonly maxBodyBytes?: number;
}

/**
 * The most read from one response, after decompression. A page of 100 answers with their bodies
 * is a few hundred KB; more is a fault or an attack, and would cost time to parse.
 */
const DEFAULT_MAX_BODY = 1024 * 1024;
const THROTTLE_DEFAULT_SECONDS = 60;
/** The longest throttle period obeyed: a day. The API states hours at most; a larger one is a fault. */
export const MAX_THROTTLE_SECONDS = 24 * 60 * 60;
/** The longest `backoff` obeyed: an hour. The API asks for seconds; a larger one is a fault. */
export const MAX_BACKOFF_SECONDS = 60 * 60;
const KEY_HINT = 'set STACKEXCHANGE_KEY (a free Stack Apps key) to raise the daily quota from 300 to 10,000';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function integer(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
}

/** `owner` from the wire: a display name is required, the profile link kept only when it is a string. */
function parseAuthor(raw: unknown): ApiAuthor | undefined {
  if (!isObject(raw) || typeof raw.display_name !== 'string') return undefined;
  const name = entities().decodeHTML(raw.display_name).trim();
  if (!name) return undefined;
  return { name, ...(typeof raw.link === 'string' ? { link: raw.link } : {}) };
}

/** The optional author and dates shared by questions and answers. */
function parseByline(raw: Json): { author?: ApiAuthor; createdAt?: number } {
  const author = parseAuthor(raw.owner);
  const createdAt = integer(raw.creation_date);
  return { ...(author ? { author } : {}), ...(createdAt === undefined ? {} : { createdAt }) };
}

/** A question from the wire, or undefined when a required field is missing or mistyped. */
function parseQuestion(raw: unknown): ApiQuestion | undefined {
  if (!isObject(raw)) return undefined;
  const id = integer(raw.question_id);
  const { title, link } = raw;
  if (id === undefined || id <= 0 || typeof title !== 'string' || typeof link !== 'string') return undefined;
  const accepted = integer(raw.accepted_answer_id);
  return {
    id,
    title: entities().decodeHTML(title),
    link,
    score: integer(raw.score) ?? 0,
    answerCount: integer(raw.answer_count) ?? 0,
    isAnswered: raw.is_answered === true,
    ...(accepted === undefined ? {} : { acceptedAnswerId: accepted }),
    tags: Array.isArray(raw.tags) ? raw.tags.filter((tag): tag is string => typeof tag === 'string') : [],
    ...parseByline(raw),
  };
}

/** An answer from the wire, or undefined when a required field is missing or mistyped. */
function parseAnswer(raw: unknown): ApiAnswer | undefined {
  if (!isObject(raw)) return undefined;
  const id = integer(raw.answer_id);
  const questionId = integer(raw.question_id);
  if (id === undefined || questionId === undefined || typeof raw.body !== 'string') return undefined;
  const editedAt = integer(raw.last_edit_date);
  return {
    id,
    questionId,
    score: integer(raw.score) ?? 0,
    isAccepted: raw.is_accepted === true,
    body: raw.body,
    ...parseByline(raw),
    ...(editedAt === undefined ? {} : { editedAt }),
  };
}

function parseQuota(wrapper: Json): ApiQuota | undefined {
  const max = integer(wrapper.quota_max);
  const remaining = integer(wrapper.quota_remaining);
  return max === undefined || remaining === undefined ? undefined : { max, remaining };
}

/**
 * Seconds from "more requests available in 17524 seconds"; a minute when the message does not say;
 * a day at most, whatever it says.
 */
function throttleSeconds(message: string): number {
  const seconds = /(\d{1,20})\s*seconds?/i.exec(message)?.[1];
  return seconds === undefined ? THROTTLE_DEFAULT_SECONDS : Math.min(Number(seconds), MAX_THROTTLE_SECONDS);
}

function apiErrorAdvice(errorId: number): string {
  switch (errorId) {
    case 400:
      return 'check SOET_SITE and SOET_TAGS';
    case 403:
    case 405:
      return 'check STACKEXCHANGE_KEY, or unset it';
    case 404:
      return 'check SOET_API_URL';
    case 500:
    case 503:
      return 'the API is having trouble; soet tries again with the next error';
    default:
      return 'soet tries again with the next error';
  }
}

/** Turns an error body (`error_id`, `error_name`, `error_message`) into a StackExchangeError. */
function errorFromBody(body: Json): StackExchangeError {
  const errorId = integer(body.error_id) ?? 0;
  const errorName = typeof body.error_name === 'string' ? oneLine(body.error_name) : 'unknown_error';
  const errorMessage = typeof body.error_message === 'string' ? truncate(oneLine(body.error_message), 160) : '';
  if (errorId === 502 || errorName === 'throttle_violation') {
    const seconds = throttleSeconds(errorMessage);
    return new StackExchangeError(
      'throttled',
      `the Stack Exchange API throttled this IP (${errorMessage || errorName}); soet makes no call for ${seconds} s; ${KEY_HINT}`,
      seconds * 1000,
    );
  }
  return new StackExchangeError(
    'api-error',
    `the Stack Exchange API refused the search: ${errorName} (${errorId})${errorMessage ? `: ${errorMessage}` : ''}; ${apiErrorAdvice(errorId)}`,
  );
}

/** Maps what axios throws (network faults, timeouts, caps) to one StackExchangeError. */
function errorFromTransport(axios: AxiosStatic, error: unknown, host: string, timeoutMs: number): StackExchangeError {
  const code = axios.isAxiosError(error) ? error.code : undefined;
  const cause = isObject(error) && isObject(error.cause) ? error.cause : undefined;
  const causeCode = typeof cause?.code === 'string' ? cause.code : undefined;
  const message = axios.isAxiosError(error) ? error.message : '';
  switch (causeCode ?? code) {
    case 'ECONNREFUSED':
      return new StackExchangeError('refused', `could not connect to ${host} (connection refused); check your network and SOET_API_URL`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StackExchangeError('dns', `could not resolve ${host} (DNS lookup failed); check your network connection`);
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return new StackExchangeError('reset', `the connection to ${host} was cut off; soet tries again with the next error`);
    case 'ECONNABORTED':
    case 'ETIMEDOUT':
    case 'ERR_CANCELED':
      return new StackExchangeError(
        'timeout',
        `${host} did not answer within ${timeoutMs} ms; check your network, or raise timeoutMs (SOET_TIMEOUT_MS)`,
      );
    default:
      break;
  }
  if (/maxContentLength/.test(message)) {
    return new StackExchangeError('too-large', `${host} sent a response too large to read; it was ignored`);
  }
  // zlib's errors are Z_DATA_ERROR and kin; Brotli's ERR__ERROR_FORMAT_PADDING_1 and kin.
  const fault = causeCode ?? code;
  if (fault !== undefined && (/^Z_/.test(fault) || /^ERR__?(?:ERROR|BROTLI)/.test(fault))) {
    return new StackExchangeError('decoding', `${host} sent a compressed response that could not be decoded (${oneLine(fault).slice(0, 60)}); soet tries again with the next error`);
  }
  if (code === 'ERR_BAD_RESPONSE') {
    return new StackExchangeError('bad-response', `${host} sent a response soet could not read; soet tries again with the next error`);
  }
  return new StackExchangeError(
    'network',
    `could not reach ${host} (${oneLine(causeCode ?? code ?? 'network error')}); check your network connection`,
  );
}

/**
 * axios and soet's transport (Node's http and https), imported when the first request is made: importing
 * soet, on or off, loads neither the HTTP client nor Node's HTTP modules.
 */
let loadingHttp: Promise<{ readonly axios: AxiosStatic; readonly transport: typeof unrefTransport }> | undefined;
function importHttp(): NonNullable<typeof loadingHttp> {
  loadingHttp ??= Promise.all([import('axios'), import('./transport.js')]).then(([axios, transport]) => ({ axios: axios.default, transport: transport.unrefTransport }));
  return loadingHttp;
}

/** axios and the instance set up for soet's requests. */
type HttpClient = { readonly axios: AxiosStatic; readonly instance: AxiosInstance };

/** Calls the Stack Exchange API, one method at a time, through the governor's rate and backoff rules. */
export class StackExchangeClient {
  #http: Promise<HttpClient> | undefined;
  readonly #settings: ClientSettings;
  readonly #governor: Governor;
  readonly #host: string;
  readonly #apiUrl: URL;

  constructor(settings: ClientSettings, governor: Governor) {
    this.#settings = settings;
    this.#governor = governor;
    this.#apiUrl = new URL(settings.apiUrl);
    this.#host = this.#apiUrl.host;
  }

  /** The HTTP client, made on the first request. */
  #client(): Promise<HttpClient> {
    const settings = this.#settings;
    this.#http ??= importHttp().then(({ axios, transport }) => ({
      axios,
      instance: axios.create({
        baseURL: `${settings.apiUrl}/`,
        timeout: settings.timeoutMs,
        headers: { 'User-Agent': USER_AGENT, Accept: 'application/json', 'Accept-Encoding': 'gzip, deflate' },
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
        validateStatus: () => true,
        maxRedirects: 0,
        maxContentLength: settings.maxBodyBytes ?? DEFAULT_MAX_BODY,
        decompress: true,
        // Sockets that never keep the app alive (a graceful shutdown must not wait on a lookup).
        transport,
      }),
    }));
    return this.#http;
  }

  /** GET /search/advanced: questions with at least one answer, most relevant first. */
  search(q: string, tags: readonly string[], pagesize: number, deadline: number): Promise<ApiPage<ApiQuestion>> {
    const params = { q, tagged: tags.join(';'), sort: 'relevance', order: 'desc', answers: 1, pagesize };
    return this.#get('search/advanced', 'search/advanced', params, parseQuestion, deadline);
  }

  /** GET /similar: questions whose title is like `title`, most similar first. */
  similar(title: string, tags: readonly string[], pagesize: number, deadline: number): Promise<ApiPage<ApiQuestion>> {
    const params = { title, tagged: tags.join(';'), sort: 'relevance', order: 'desc', pagesize };
    return this.#get('similar', 'similar', params, parseQuestion, deadline);
  }

  /** GET /questions/{ids}/answers with bodies, most votes first: one call for all the questions. */
  answers(questionIds: readonly number[], deadline: number): Promise<ApiPage<ApiAnswer>> {
    const params = { sort: 'votes', order: 'desc', filter: 'withbody', pagesize: 100 };
    return this.#get('questions/answers', `questions/${questionIds.join(';')}/answers`, params, parseAnswer, deadline);
  }

  async #get<T>(
    method: ApiMethod,
    path: string,
    params: Record<string, string | number>,
    parseItem: (raw: unknown) => T | undefined,
    deadline: number,
  ): Promise<ApiPage<T>> {
    await this.#governor.admit(method, deadline);
    const { site, key, timeoutMs } = this.#settings;
    const { axios, instance } = await this.#client();
    let response;
    try {
      response = await instance.get<string>(path, {
        params: { ...params, site, ...(key ? { key } : {}) },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      // With a proxy set, the proxy is the only host soet connects to: its failures are named as its own.
      const atProxy = proxyConnectFailure(error, this.#apiUrl);
      throw atProxy ? new StackExchangeError('proxy', atProxy) : errorFromTransport(axios, error, this.#host, timeoutMs);
    }
    const refusal = proxyRefusal(response, this.#apiUrl);
    if (refusal) throw new StackExchangeError('proxy', refusal);
    let body: unknown;
    try {
      body = JSON.parse(String(response.data));
    } catch {
      if (response.status >= 500) {
        throw new StackExchangeError('http', `${this.#host} answered HTTP ${response.status}; the API may be down for a moment, soet tries again with the next error`);
      }
      throw new StackExchangeError('bad-response', `${this.#host} sent a response that is not JSON (HTTP ${response.status}); check SOET_API_URL`);
    }
    if (isObject(body) && body.error_id !== undefined) {
      const error = errorFromBody(body);
      if (error.kind === 'throttled' && error.retryAfterMs !== undefined) this.#governor.throttle(error.retryAfterMs);
      throw error;
    }
    if (response.status !== 200) {
      throw new StackExchangeError('http', `${this.#host} answered HTTP ${response.status}; check SOET_API_URL, or wait if the API is down`);
    }
    if (!isObject(body) || !Array.isArray(body.items)) {
      throw new StackExchangeError('bad-response', `${this.#host} sent JSON without an items list; check SOET_API_URL`);
    }
    const quota = parseQuota(body);
    const backoff = integer(body.backoff);
    this.#governor.observe(method, backoff);
    const items = body.items.map(parseItem).filter((item): item is T => item !== undefined);
    return { items, ...(quota ? { quota } : {}), ...(backoff === undefined ? {} : { backoff }) };
  }
}
