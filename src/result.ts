// What a lookup resolves with: found questions with their best answers, or why there are none.
import type { Hint } from './hints.js';
import type { ErrorCause } from './describe.js';
import type { Search } from './search/index.js';
import type { ApiAnswer, ApiQuestion, ApiQuota, FailureKind } from './stackexchange.js';

/** Who wrote a question or an answer: CC BY-SA asks that each be named, linked to their profile. */
export interface Author {
  /** Display name, entities decoded; untrusted text. */
  readonly name: string;
  /** Profile address as the API sent it; shown only when it is an https Stack Exchange address. */
  readonly link?: string;
}

export interface FoundAnswer {
  readonly id: number;
  readonly score: number;
  readonly isAccepted: boolean;
  /** The answer's HTML as the API sent it: untrusted, render it with `render()`. */
  readonly html: string;
  readonly link: string;
  readonly author?: Author;
  /** When the answer was posted, ISO 8601 (UTC). */
  readonly createdAt?: string;
  /** When it was last edited, ISO 8601 (UTC); only when later than `createdAt`. */
  readonly editedAt?: string;
}

export interface FoundQuestion {
  readonly id: number;
  /** Entities decoded; untrusted text. */
  readonly title: string;
  readonly link: string;
  readonly score: number;
  readonly answerCount: number;
  readonly hasAcceptedAnswer: boolean;
  readonly tags: readonly string[];
  readonly author?: Author;
  /** When the question was asked, ISO 8601 (UTC). */
  readonly createdAt?: string;
  /** The accepted answer, else the highest scored; null when none came back. */
  readonly bestAnswer: FoundAnswer | null;
}

/** found: questions to show; none: nothing matched; failed: the API could not answer; skipped: nothing safe to search. */
export type LookupStatus = 'found' | 'none' | 'failed' | 'skipped';

/** `paused`: beyond the budget of new lookups (see `lookupsPerMinute`); `dropped`: too many at once. */
export type LookupFailureKind = FailureKind | 'dropped' | 'rule' | 'paused';

export interface LookupResult {
  readonly status: LookupStatus;
  /** What soet read from the thrown value (local only, never sent as is); null when unreadable. */
  readonly error: {
    readonly name: string;
    readonly message: string;
    readonly code?: string;
    /** The error's nearest `cause` (`connect ECONNREFUSED ...` under `fetch failed`), local only. */
    readonly cause?: ErrorCause;
  } | null;
  /** The main query, after cleaning and redaction: what leaves the machine. */
  readonly query: string | null;
  /** The searches sent for this result, in order (none when it came from the cache). */
  readonly searches: readonly Search[];
  readonly questions: readonly FoundQuestion[];
  /** Offline hints: Node docs links, system error meanings, where the error was thrown. */
  readonly hints: readonly Hint[];
  readonly site: string;
  readonly tags: readonly string[];
  readonly failure?: { readonly kind: LookupFailureKind; readonly message: string };
  readonly quota?: ApiQuota;
  /** One-off lines about soet itself (quota running low, cache problems). */
  readonly notices: readonly string[];
  readonly fromCache: boolean;
  readonly apiCalls: number;
  /** Shared by errors that differ only in ids, numbers, paths and secrets; null when skipped. */
  readonly fingerprint: string | null;
}

function answerLink(questionLink: string, answerId: number): string {
  try {
    return `${new URL(questionLink).origin}/a/${answerId}`;
  } catch {
    return questionLink;
  }
}

/** The accepted answer of a question, else its highest scored one (answers arrive by votes). */
export function bestAnswer(question: ApiQuestion, answers: readonly ApiAnswer[]): ApiAnswer | undefined {
  const own = answers.filter((answer) => answer.questionId === question.id);
  const accepted = own.find((answer) => answer.isAccepted || answer.id === question.acceptedAnswerId);
  if (accepted) return accepted;
  return own.reduce<ApiAnswer | undefined>((best, answer) => (best === undefined || answer.score > best.score ? answer : best), undefined);
}

function isoDate(seconds: number | undefined): string | undefined {
  if (seconds === undefined) return undefined;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The author and dates of a question or answer, each only when the API sent it. */
function byline(item: ApiQuestion | ApiAnswer): { author?: Author; createdAt?: string } {
  const createdAt = isoDate(item.createdAt);
  return { ...(item.author ? { author: item.author } : {}), ...(createdAt === undefined ? {} : { createdAt }) };
}

function answerOf(question: ApiQuestion, best: ApiAnswer): FoundAnswer {
  const editedAt = best.editedAt !== undefined && best.editedAt > (best.createdAt ?? 0) ? isoDate(best.editedAt) : undefined;
  return {
    id: best.id,
    score: best.score,
    isAccepted: best.isAccepted || best.id === question.acceptedAnswerId,
    html: best.body,
    link: answerLink(question.link, best.id),
    ...byline(best),
    ...(editedAt === undefined ? {} : { editedAt }),
  };
}

export function toFound(question: ApiQuestion, answers: readonly ApiAnswer[]): FoundQuestion {
  const best = bestAnswer(question, answers);
  return {
    id: question.id,
    title: question.title,
    link: question.link,
    score: question.score,
    answerCount: question.answerCount,
    hasAcceptedAnswer: question.acceptedAnswerId !== undefined,
    tags: question.tags,
    ...byline(question),
    bestAnswer: best ? answerOf(question, best) : null,
  };
}


// --- Reading results back from the disk cache: every field checked, nothing else kept ------------

/** The most questions a cached lookup holds: `results` is at most 10. */
export const MAX_CACHED_QUESTIONS = 10;

type Fields = Record<string, unknown>;

function fields(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
}

const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);

function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z$/.test(value) && !Number.isNaN(Date.parse(value));
}

/** An optional field: absent is fine, present must pass `check`. */
function optional<V>(raw: Fields, key: string, check: (value: unknown) => V | undefined): { ok: boolean; value?: V } {
  if (raw[key] === undefined) return { ok: true };
  const value = check(raw[key]);
  return value === undefined ? { ok: false } : { ok: true, value };
}

function cachedAuthor(value: unknown): Author | undefined {
  const raw = fields(value);
  if (!raw || typeof raw.name !== 'string' || (raw.link !== undefined && typeof raw.link !== 'string')) return undefined;
  return { name: raw.name, ...(typeof raw.link === 'string' ? { link: raw.link } : {}) };
}

function cachedAnswer(value: unknown): FoundAnswer | undefined {
  const raw = fields(value);
  if (!raw || !isInteger(raw.id) || !isInteger(raw.score) || typeof raw.isAccepted !== 'boolean' || typeof raw.html !== 'string' || typeof raw.link !== 'string') return undefined;
  const author = optional(raw, 'author', cachedAuthor);
  const createdAt = optional(raw, 'createdAt', (date) => (isIsoDate(date) ? date : undefined));
  const editedAt = optional(raw, 'editedAt', (date) => (isIsoDate(date) ? date : undefined));
  if (!author.ok || !createdAt.ok || !editedAt.ok) return undefined;
  return {
    id: raw.id,
    score: raw.score,
    isAccepted: raw.isAccepted,
    html: raw.html,
    link: raw.link,
    ...(author.value ? { author: author.value } : {}),
    ...(createdAt.value ? { createdAt: createdAt.value } : {}),
    ...(editedAt.value ? { editedAt: editedAt.value } : {}),
  };
}

function cachedQuestion(value: unknown): FoundQuestion | undefined {
  const raw = fields(value);
  if (
    !raw || !isInteger(raw.id) || raw.id <= 0 || typeof raw.title !== 'string' || typeof raw.link !== 'string' || !isInteger(raw.score) ||
    !isInteger(raw.answerCount) || raw.answerCount < 0 || typeof raw.hasAcceptedAnswer !== 'boolean' ||
    !Array.isArray(raw.tags) || raw.tags.length > 10 || !raw.tags.every((tag) => typeof tag === 'string')
  ) return undefined;
  const author = optional(raw, 'author', cachedAuthor);
  const createdAt = optional(raw, 'createdAt', (date) => (isIsoDate(date) ? date : undefined));
  const bestAnswer = raw.bestAnswer === null ? null : cachedAnswer(raw.bestAnswer);
  if (!author.ok || !createdAt.ok || bestAnswer === undefined) return undefined;
  return {
    id: raw.id,
    title: raw.title,
    link: raw.link,
    score: raw.score,
    answerCount: raw.answerCount,
    hasAcceptedAnswer: raw.hasAcceptedAnswer,
    tags: raw.tags,
    ...(author.value ? { author: author.value } : {}),
    ...(createdAt.value ? { createdAt: createdAt.value } : {}),
    bestAnswer,
  };
}

/**
 * The questions of a cached lookup as read from disk, rebuilt field by field; undefined when any
 * field is missing or of the wrong type, or there are more than MAX_CACHED_QUESTIONS. Fields the
 * model does not know are dropped.
 */
export function cachedQuestions(value: unknown): FoundQuestion[] | undefined {
  if (!Array.isArray(value) || value.length > MAX_CACHED_QUESTIONS) return undefined;
  const questions: FoundQuestion[] = [];
  for (const item of value) {
    const question = cachedQuestion(item);
    if (!question) return undefined;
    questions.push(question);
  }
  return questions;
}
