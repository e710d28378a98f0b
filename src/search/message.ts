// Which line of a message names the failure, and the `Name [CODE]:` head a pasted message may start with.

const MAX_LINES = 100;

/** Lines that say where, how to fix, or what the data was, rather than what failed. */
const NOISE: readonly RegExp[] = [
  /^\s*at\s/, // stack frames
  /^(?:\s+|\s*→\s*)\d+(?:\s|$)/, // code frames: `  12   const user = ...`, `→ 14 ...`
  /^\s*-\s/, // `Require stack:` entries
  /^\s*(?:-->|---|\||\^+\s*$)/, // circular-structure diagrams, carets under source lines
  /^\s*Require stack:?\s*$/i,
  /^\s*(?:Did you mean|This file is being treated|Please |Use |To see where|CommonJS modules can always|import \w+ from|const \{)/,
  /^\s*Invalid `[^`]*` invocation/, // Prisma's first line: where the call was, not what failed
  /^[\s[\]{}(),]*$/, // blank, or JSON punctuation only
  /^\s*"[\w$]+":/, // JSON properties (the `message` of a JSON list is read separately)
  /^\s*(?:[A-Za-z]:|~|\.{0,2})?[\\/][^\s]*\s*$/, // a path alone
];

/** The `message` of the first issue when a message is a JSON list of issues (Zod, some validators). */
function jsonIssueMessage(message: string): string | undefined {
  if (!/^\s*[[{]/.test(message)) return undefined;
  const quoted = /"message"\s*:\s*("(?:[^"\\\n]|\\.){1,500}")/.exec(message.slice(0, 20_000))?.[1];
  if (quoted === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(quoted);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The line of `message` that names the failure: the first line that is not a frame, a code excerpt,
 * a list of paths, a hint or JSON structure (Prisma's last line, Zod's first issue, a circular
 * structure's first line). Falls back to the first non-empty line.
 */
export function informativeLine(message: string): string {
  const fromJson = jsonIssueMessage(message);
  if (fromJson !== undefined) return fromJson.split('\n')[0] ?? '';
  const lines = message.split('\n', MAX_LINES);
  const line = lines.find((candidate) => !NOISE.some((noise) => noise.test(candidate))) ?? lines.find((candidate) => candidate.trim() !== '') ?? '';
  return line.trim();
}

/** A pasted message's head: `TypeError: ...`, `Error [ERR_X]: ...`, `ValidationError [SequelizeValidationError]: ...`. */
const HEAD = /^(?:Uncaught\s+)?((?:[A-Z][\w$]*)?(?:Error|Exception))(?:\s+\[([\w$]{2,64})\])?:\s+/;

export interface Head {
  /** The class, or the name in brackets when it is not a code (`SequelizeValidationError`). */
  readonly name?: string;
  /** A code in brackets (`ERR_HTTP_HEADERS_SENT`). */
  readonly code?: string;
  /** The line without its head. */
  readonly rest: string;
}

/** Reads and removes the `Name [CODE]:` head of `line`, as Node prints errors and people paste them. */
export function headOf(line: string): Head {
  const match = HEAD.exec(line);
  if (!match) return { rest: line };
  const name = match[1] ?? 'Error';
  const bracket = match[2];
  const rest = line.slice(match[0].length);
  if (bracket === undefined) return { name, rest };
  return /^[A-Z][A-Z0-9_]+$/.test(bracket) ? { name, code: bracket, rest } : { name: bracket, rest };
}
