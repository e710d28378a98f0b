// A tiny Stack Overflow for the stand-in: sample questions, searched as strictly as the real site searches.
import { type Handler, type WrapperExtras, errorBody, wrapper } from './standin.js';

/** A sample question with its answers, for `sampleSite`. */
export interface Sample {
  readonly question: Record<string, unknown>;
  readonly answers: readonly Record<string, unknown>[];
  /** The question's body as its asker wrote it (HTML or text): searched like the title. */
  readonly body?: string;
  /** More words of the body (older samples name them here): searched like the body. */
  readonly keywords?: string;
}

/** Words as the search compares them: lower case, split at anything that is not a letter, digit or `_`. */
export function searchWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/** What `q` asks for, read with Stack Overflow's search syntax. */
export interface SearchQuery {
  readonly words: readonly string[];
  /** `"exact phrase"`: the words in this order. */
  readonly phrases: readonly (readonly string[])[];
  /** `-word`: results must not hold it. */
  readonly excluded: readonly string[];
  /** `[tag]`: results must carry it. */
  readonly tags: readonly string[];
  /** `key:value`: `score:3`, `is:question`, `intitle:map`, `user:1234`... */
  readonly operators: readonly (readonly [string, string])[];
}

/** Reads `q` as the site's search does: `[tag]`, `"phrase"`, `-word`, `key:value`, and plain words. */
export function parseSearch(q: string): SearchQuery {
  const query = { words: [] as string[], phrases: [] as string[][], excluded: [] as string[], tags: [] as string[], operators: [] as [string, string][] };
  const PART = /"([^"]*)"?|\[([^\]]*)\]?|(?<=^|\s)-(\S+)|(?<=^|\s)([A-Za-z]+):("[^"]*"?|[^\s"]+)|([^\s"[]+)/g;
  for (const match of q.matchAll(PART)) {
    const [, phrase, tag, excluded, key, value, word] = match;
    if (phrase !== undefined) query.phrases.push(searchWords(phrase));
    else if (tag !== undefined) query.tags.push(tag.trim().toLowerCase());
    else if (excluded !== undefined) query.excluded.push(...searchWords(excluded));
    else if (key !== undefined && value !== undefined) query.operators.push([key.toLowerCase(), value.replace(/"/g, '').toLowerCase()]);
    else if (word !== undefined) query.words.push(...searchWords(word));
  }
  return query;
}

interface Indexed {
  readonly sample: Sample;
  readonly title: readonly string[];
  /** Title, body and keywords, in order. */
  readonly text: readonly string[];
  readonly words: ReadonlySet<string>;
  readonly tags: readonly string[];
}

function indexed(sample: Sample): Indexed {
  const title = searchWords(typeof sample.question.title === 'string' ? sample.question.title : '');
  const body = searchWords(`${(sample.body ?? '').replace(/<[^>]*>/g, ' ')} ${sample.keywords ?? ''}`);
  const tags = Array.isArray(sample.question.tags) ? sample.question.tags.map((tag) => String(tag).toLowerCase()) : [];
  return { sample, title, text: [...title, ...body], words: new Set([...title, ...body]), tags };
}

function holdsPhrase(text: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return true;
  for (let i = 0; i + phrase.length <= text.length; i += 1) if (phrase.every((word, j) => text[i + j] === word)) return true;
  return false;
}

/** Whether an operator holds for a question; operators the stand-in does not know match nothing. */
function operatorHolds(entry: Indexed, key: string, value: string): boolean {
  const question = entry.sample.question;
  const atLeast = (field: string): boolean => /^\d+$/.test(value) && Number(question[field] ?? 0) >= Number(value);
  switch (key) {
    case 'is':
      return value === 'question' || value === 'q';
    case 'score':
      return atLeast('score');
    case 'answers':
      return atLeast('answer_count');
    case 'views':
      return atLeast('view_count');
    case 'intitle':
    case 'title':
      return searchWords(value).every((word) => entry.title.includes(word));
    case 'body':
      return searchWords(value).every((word) => entry.words.has(word));
    case 'hasaccepted':
    case 'isaccepted':
      return (value === 'yes' || value === 'true' || value === '1') === (question.accepted_answer_id !== undefined);
    default:
      return false;
  }
}

/** Whether a question matches a `search/advanced` request, as the real search decides. */
function matchesSearch(entry: Indexed, query: SearchQuery, params: URLSearchParams): boolean {
  const tagged = (params.get('tagged') ?? '').split(';').map((tag) => tag.trim().toLowerCase()).filter(Boolean);
  const notTagged = (params.get('nottagged') ?? '').split(';').map((tag) => tag.trim().toLowerCase()).filter(Boolean);
  const titleWords = searchWords(params.get('title') ?? '');
  const minAnswers = Number(params.get('answers') ?? '0');
  return (
    query.words.every((word) => entry.words.has(word)) &&
    query.phrases.every((phrase) => holdsPhrase(entry.text, phrase)) &&
    query.excluded.every((word) => !entry.words.has(word)) &&
    query.tags.every((tag) => entry.tags.includes(tag)) &&
    query.operators.every(([key, value]) => operatorHolds(entry, key, value)) &&
    // `tagged` is documented as "at least one of" for the search methods.
    (tagged.length === 0 || tagged.some((tag) => entry.tags.includes(tag))) &&
    notTagged.every((tag) => !entry.tags.includes(tag)) &&
    titleWords.every((word) => entry.title.includes(word)) &&
    Number(entry.sample.question.answer_count ?? 0) >= minAnswers &&
    (params.get('accepted') !== 'true' || entry.sample.question.accepted_answer_id !== undefined)
  );
}

/** Words too common to make two titles alike. */
const COMMON = new Set(['a', 'an', 'the', 'of', 'in', 'on', 'at', 'to', 'for', 'is', 'not', 'and', 'or', 'error', 'with', 'how', 'why', 'i', 'my', 'when']);

/**
 * A handler that behaves like a tiny Stack Overflow. `search/advanced` reads `q` with the site's
 * search syntax and is strict: every word of `q` must be in the title or the body, `[tag]` filters
 * by tag, `"phrase"` must appear as is, `-word` excludes, `key:value` operators filter (unknown ones
 * match nothing); `tagged` is "at least one of". `similar` is fuzzy over titles: it ranks by the
 * title words shared, and needs two in five. Answers come by votes.
 */
export function sampleSite(samples: readonly Sample[], extras: WrapperExtras = {}): Handler {
  const entries = samples.map(indexed);
  return (request) => {
    if (request.apiMethod === 'questions/answers') {
      const items = samples
        .filter((sample) => request.ids.includes(Number(sample.question.question_id)))
        .flatMap((sample) => sample.answers)
        .sort((a, b) => Number(b.score) - Number(a.score));
      return { json: wrapper(items, extras) };
    }
    const pagesize = Number(request.params.get('pagesize') ?? '30');
    const score = (entry: Indexed): number => Number(entry.sample.question.score ?? 0);
    if (request.apiMethod === 'search/advanced') {
      const query = parseSearch(request.params.get('q') ?? '');
      const items = entries
        .filter((entry) => matchesSearch(entry, query, request.params))
        .map((entry) => ({ entry, inTitle: query.words.filter((word) => entry.title.includes(word)).length }))
        .sort((a, b) => b.inTitle - a.inTitle || score(b.entry) - score(a.entry))
        .slice(0, pagesize)
        .map(({ entry }) => entry.sample.question);
      return { json: wrapper(items, extras) };
    }
    if (request.apiMethod === 'similar') {
      const title = request.params.get('title');
      if (!title) return errorBody(400, 'bad_parameter', 'title is required');
      const wanted = [...new Set(searchWords(title).filter((word) => !COMMON.has(word)))];
      const preferred = (request.params.get('tagged') ?? '').split(';').filter(Boolean);
      const items = entries
        .map((entry) => ({ entry, shared: wanted.filter((word) => entry.title.includes(word)).length, tagged: entry.tags.some((tag) => preferred.includes(tag)) ? 1 : 0 }))
        .filter(({ shared }) => wanted.length > 0 && shared >= Math.max(1, Math.ceil(wanted.length * 0.4)))
        .sort((a, b) => b.shared - a.shared || b.tagged - a.tagged || score(b.entry) - score(a.entry))
        .slice(0, pagesize)
        .map(({ entry }) => entry.sample.question);
      return { json: wrapper(items, extras) };
    }
    return errorBody(404, 'no_method', 'no method found with this name');
  };
}
