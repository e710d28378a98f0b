// What a lookup resolves with: found questions with their best answers, or why there are none.
import type { Hint } from './hints.js';
import type { Search } from './query.js';
import type { ApiAnswer, ApiQuestion, ApiQuota, FailureKind } from './stackexchange.js';

export interface FoundAnswer {
  readonly id: number;
  readonly score: number;
  readonly isAccepted: boolean;
  /** The answer's HTML as the API sent it: untrusted, render it with `render()`. */
  readonly html: string;
  readonly link: string;
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
  /** The accepted answer, else the highest scored; null when none came back. */
  readonly bestAnswer: FoundAnswer | null;
}

/** found: questions to show; none: nothing matched; failed: the API could not answer; skipped: nothing safe to search. */
export type LookupStatus = 'found' | 'none' | 'failed' | 'skipped';

export type LookupFailureKind = FailureKind | 'dropped' | 'rule';

export interface LookupResult {
  readonly status: LookupStatus;
  /** What soet read from the thrown value (local only, never sent as is); null when unreadable. */
  readonly error: { readonly name: string; readonly message: string; readonly code?: string } | null;
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
    bestAnswer: best
      ? { id: best.id, score: best.score, isAccepted: best.isAccepted || best.id === question.acceptedAnswerId, html: best.body, link: answerLink(question.link, best.id) }
      : null,
  };
}

