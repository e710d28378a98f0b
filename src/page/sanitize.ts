// The page's answer sanitiser: an answer's HTML from the API becomes inert markup, by an allowlist.
import type { IOptions } from 'sanitize-html';
import { safeLink } from '../render/links.js';
import { stripControls } from '../sanitize.js';
import { type Markup, escapeText, trusted } from './markup.js';

/** Turns an answer's HTML into markup the page may insert; relative links resolve against `base`. */
export type AnswerSanitizer = (answerHtml: string, base: string) => Markup;

/** Longer answers are cut (the cut is said, with the link): sanitising stays bounded in time. */
const MAX_ANSWER = 100_000;

/** What an answer may keep: text structure, code and links; never scripts, styles, media, forms or ids. */
const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'pre', 'code', 'kbd', 'samp', 'var', 'blockquote', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'strong', 'b', 'em', 'i', 'u', 's', 'del', 'ins', 'sub', 'sup', 'mark', 'small', 'abbr', 'q', 'cite',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption',
  'div', 'span',
];

/** Elements whose content is not text for a reader: dropped whole, content included. */
const DROPPED_WHOLE = [
  'script', 'style', 'textarea', 'option', 'select', 'noscript', 'template', 'iframe', 'frame', 'object',
  'svg', 'math', 'title', 'xmp', 'noembed', 'noframes', 'plaintext', 'head',
];

function options(base: string): IOptions {
  return {
    allowedTags: ALLOWED_TAGS,
    // Only what the transforms below set: a hostile class, id, style or on* attribute never passes.
    allowedAttributes: { a: ['href', 'rel', 'target'], ol: ['start'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'], abbr: ['title'] },
    allowedSchemes: ['https'],
    allowedSchemesAppliedToAttributes: ['href'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: DROPPED_WHOLE,
    transformTags: {
      // A link stays a link only to an https Stack Exchange address; anything else keeps its text.
      a: (_tag, attribs) => {
        const href = safeLink(attribs.href, base);
        return href ? { tagName: 'a', attribs: { href, rel: 'noopener noreferrer', target: '_blank' } } : { tagName: 'span', attribs: {} };
      },
      // No image is loaded from anywhere: it becomes its description.
      img: (_tag, attribs) => ({ tagName: 'em', attribs: {}, text: attribs.alt?.trim() ? `[image: ${attribs.alt.trim()}]` : '[image]' }),
    },
  };
}

let loading: Promise<AnswerSanitizer> | undefined;

/**
 * The sanitiser, loaded on first use: sanitize-html is imported only when the page renders answers,
 * so importing soet loads none of it.
 */
export function answerSanitizer(): Promise<AnswerSanitizer> {
  loading ??= import('sanitize-html').then((module) => {
    // The CommonJS module arrives as `default` (ESM) or as the namespace itself (some CJS builds).
    const sanitizeHtml = (module as { default?: typeof module.default }).default ?? (module as unknown as typeof module.default);
    return (answerHtml: string, base: string): Markup => {
      const cut = answerHtml.length > MAX_ANSWER;
      // Controls and bidirectional overrides go before parsing: they could make code read other than it runs.
      const clean = sanitizeHtml(stripControls(cut ? answerHtml.slice(0, MAX_ANSWER) : answerHtml), options(base));
      return trusted(cut ? `${clean}<p><em>${escapeText('… the rest of this answer is on Stack Overflow.')}</em></p>` : clean);
    };
  });
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
