// The chain of searches: at most three, each page taken only when a title shares the error's code or words.
import type { ApiPage, ApiQuestion, ApiQuota } from '../stackexchange.js';
import { type Acceptance, type Search, type SearchPlan, wordsOf } from './plan.js';

/** The two search methods of the API client, as the chain uses them. */
export interface Searcher {
  search(q: string, tags: readonly string[], pagesize: number, deadline: number): Promise<ApiPage<ApiQuestion>>;
  similar(title: string, tags: readonly string[], pagesize: number, deadline: number): Promise<ApiPage<ApiQuestion>>;
}

export interface ChainOptions {
  /** Questions wanted. */
  readonly results: number;
  /** Epoch ms after which no call starts. */
  readonly deadline: number;
  /** Sees each search just before it is sent. */
  readonly onQuery?: ((search: Search, plan: SearchPlan) => void) | undefined;
}

export interface ChainOutcome {
  /** Questions with answers from the page taken, best first, at most `results`; none when no page was. */
  readonly questions: readonly ApiQuestion[];
  /** The searches sent, in order. */
  readonly sent: readonly Search[];
  readonly quota?: ApiQuota;
  /** The fault that ended the chain (a StackExchangeError, or anything unexpected). */
  readonly failure?: unknown;
}

/** Questions read per search: four times those shown, so that ranking by the stack's tags has a choice. */
export function pageSize(results: number): number {
  return Math.min(30, results * 4);
}

/**
 * How much a title has to do with the error: 0 for nothing, more for a shared code or more shared words.
 * Two distinctive words must be shared, or one when the error has only one or two.
 */
export function relevance(accept: Acceptance, title: string): number {
  if (accept.codes.length === 0 && accept.words.length === 0) return 1;
  const words = new Set(wordsOf(title));
  if (accept.codes.some((code) => words.has(code))) return accept.words.length + 1;
  const shared = accept.words.filter((word) => words.has(word)).length;
  return shared >= Math.min(2, Math.ceil(accept.words.length / 2)) ? shared : 0;
}

/** Relevant titles first, then those carrying a tag read from the stack; the API's order otherwise. */
function ranked(questions: readonly ApiQuestion[], plan: SearchPlan): ApiQuestion[] {
  const score = (question: ApiQuestion): number =>
    (relevance(plan.accept, question.title) > 0 ? 2 : 0) + (question.tags.some((tag) => plan.rankTags.includes(tag)) ? 1 : 0);
  return questions
    .map((question, order) => ({ question, order, score: score(question) }))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map(({ question }) => question);
}

/**
 * Runs the plan's searches in order until one returns a page with at least one relevant, answered
 * question. Never rejects: a failed call ends the chain with `failure` and what was sent so far.
 */
export async function runChain(plan: SearchPlan, searcher: Searcher, options: ChainOptions): Promise<ChainOutcome> {
  const sent: Search[] = [];
  let quota: ApiQuota | undefined;
  const pagesize = pageSize(options.results);
  try {
    for (const search of plan.searches) {
      options.onQuery?.(search, plan);
      const page =
        search.method === 'similar'
          ? await searcher.similar(search.text, plan.tags, pagesize, options.deadline)
          : await searcher.search(search.text, plan.tags, pagesize, options.deadline);
      sent.push(search);
      quota = page.quota ?? quota;
      const answered = page.items.filter((question) => question.answerCount > 0);
      if (answered.some((question) => relevance(plan.accept, question.title) > 0)) {
        return { questions: ranked(answered, plan).slice(0, options.results), sent, ...(quota ? { quota } : {}) };
      }
    }
  } catch (failure) {
    return { questions: [], sent, ...(quota ? { quota } : {}), failure };
  }
  return { questions: [], sent, ...(quota ? { quota } : {}) };
}
