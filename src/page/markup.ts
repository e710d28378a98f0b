// The page's HTML border: every interpolated value is escaped unless it is markup the page built itself.
import { entities } from '../deps.js';
import { stripControls } from '../sanitize.js';

/** HTML that is safe to insert as is: built by `html` (which escaped its values) or by the answer sanitiser. */
export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** A value a template may interpolate: text (escaped), markup (kept), lists of them, or nothing. */
export type Part = Markup | string | number | false | null | undefined | readonly Part[];

/**
 * Untrusted text as HTML text or attribute value: control characters, bidirectional overrides and
 * lone surrogates dropped (they could disguise what a reader sees), then `& < > " '` escaped.
 */
export function escapeText(text: string): string {
  return entities().escapeUTF8(stripControls(text));
}

function partToHtml(part: Part): string {
  if (part instanceof Markup) return part.value;
  if (Array.isArray(part)) return (part as readonly Part[]).map(partToHtml).join('');
  if (part === false || part === null || part === undefined) return '';
  return escapeText(String(part));
}

/** Builds markup from a template: the literal parts are the page's own, each value is escaped. */
export function html(strings: TemplateStringsArray, ...values: readonly Part[]): Markup {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += partToHtml(value) + (strings[index + 1] ?? '');
  });
  return new Markup(out);
}

/** Markup the caller vouches for: soet's own CSS and scripts, and the sanitiser's output only. */
export function trusted(value: string): Markup {
  return new Markup(value);
}
