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

export type LookupFailureKind = FailureKind | 'dropped' | 'rule';

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

