// Renders an answer's HTML as terminal lines: wrapped paragraphs, verbatim code, marked inline code, safe links.
import type { ChildNode, Element } from 'domhandler';
import { htmlparser2 } from '../deps.js';
import { stripControls, truncate } from '../sanitize.js';
import { safeLink } from './links.js';
import type { Palette } from './color.js';
import { parseBounded } from './parse.js';

type Style = 'plain' | 'code' | 'strong' | 'emphasis' | 'link';

interface Inline {
  readonly text: string;
  readonly style: Style;
}

type Block =
  | {
      readonly kind: 'paragraph';
      readonly inlines: readonly Inline[];
      readonly first: string;
      readonly rest: string;
      readonly heading: boolean;
      /** A list item's paragraph, printed without a blank line after the item before it. */
      readonly listItem: boolean;
    }
  | { readonly kind: 'code'; readonly lines: readonly string[]; readonly indent: string }
  | { readonly kind: 'rule'; readonly indent: string };

export interface AnswerLayout {
  /** Columns available, the indent included. */
  readonly width: number;
  /** Lines kept before the answer is cut. */
  readonly maxLines: number;
  readonly palette: Palette;
  /** Address relative links are resolved against (the question's). */
  readonly base: string;
}

export interface RenderedAnswer {
  readonly lines: readonly string[];
  /** Lines left out after `maxLines`. */
  readonly omitted: number;
  /**
   * True when part of the answer was not laid out at all: HTML beyond the size or nesting limit.
   * The place of the cut is marked with `[…]` in the lines; the reader finds the rest at its link.
   */
  readonly cut: boolean;
}

/** Limits of the layout, after those of the parser (HTML_LIMITS): lines and code line widths. */
export const ANSWER_LIMITS = {
  /** Lines shown per answer, whatever `maxLines` asks. */
  lines: 100,
  /** Characters of one line of a code block (code is never wrapped). */
  codeLineChars: 240,
} as const;

/** Where the layout marks a cut. */
const CUT_MARKER = '[…]';

interface Context {
  readonly style: Style;
  /** Prefix of every line in this context (blockquote bars, list indentation). */
  readonly indent: string;
  /** Prefix of the next paragraph's first line only: a list marker, used once. */
  readonly marker: { value: string | undefined };
  readonly heading: boolean;
}

function textOf(node: ChildNode): string {
  return htmlparser2().DomUtils.textContent(node);
}

const BLOCKS = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'tr', 'dl', 'dt', 'dd', 'section', 'article', 'details', 'summary', 'figure']);

class BlockBuilder {
  readonly blocks: Block[] = [];
  #inlines: Inline[] = [];

  constructor(private readonly base: string) {}

  add(text: string, style: Style): void {
    this.#inlines.push({ text: stripControls(text), style });
  }

  flush(context: Context): void {
    const inlines = this.#inlines;
    this.#inlines = [];
    if (!inlines.some((inline) => inline.text.trim() !== '')) return;
    const listItem = context.marker.value !== undefined;
    const first = context.marker.value ?? context.indent;
    context.marker.value = undefined;
    this.blocks.push({ kind: 'paragraph', inlines, first, rest: context.indent, heading: context.heading, listItem });
  }

  walk(nodes: readonly ChildNode[], context: Context): void {
    for (const node of nodes) {
      if (htmlparser2().DomUtils.isText(node)) this.add(node.data, context.style);
      else if (htmlparser2().DomUtils.isTag(node)) this.element(node, context);
    }
  }

  element(node: Element, context: Context): void {
    const name = node.name.toLowerCase();
    if (name === 'script' || name === 'style') return;
    if (name === 'br') return this.add('\n', context.style);
    if (name === 'pre') {
      this.flush(context);
      const code = stripControls(textOf(node)).replace(/^\n+|\s+$/g, '');
      if (code) this.blocks.push({ kind: 'code', lines: code.split('\n'), indent: context.indent });
      return;
    }
    if (name === 'code' || name === 'kbd' || name === 'samp') return this.add(textOf(node), 'code');
    if (name === 'img') {
      const alt = node.attribs.alt?.trim();
      return this.add(alt ? ` [image: ${alt}] ` : ' [image] ', 'emphasis');
    }
    if (name === 'hr') {
      this.flush(context);
      this.blocks.push({ kind: 'rule', indent: context.indent });
      return;
    }
    if (name === 'a') {
      this.walk(node.children, { ...context, style: context.style === 'plain' ? 'link' : context.style });
      const href = safeLink(node.attribs.href, this.base);
      if (href && textOf(node).trim() !== href) this.add(` (${href})`, 'link');
      return;
    }
    if (name === 'strong' || name === 'b') return this.walk(node.children, { ...context, style: 'strong' });
    if (name === 'em' || name === 'i') return this.walk(node.children, { ...context, style: 'emphasis' });
    if (name === 'ul' || name === 'ol') return this.list(node, context, name === 'ol');
    if (name === 'blockquote') {
      this.flush(context);
      const quoted: Context = { ...context, indent: `${context.indent}│ `, marker: { value: undefined } };
      this.walk(node.children, quoted);
      this.flush(quoted);
      return;
    }
    if (BLOCKS.has(name) || name === 'li') {
      this.flush(context);
      const inner = /^h[1-6]$/.test(name) ? { ...context, heading: true, style: 'strong' as const } : context;
      this.walk(node.children, inner);
      this.flush(inner);
      return;
    }
    this.walk(node.children, context);
  }

  list(node: Element, context: Context, ordered: boolean): void {
    this.flush(context);
    const start = Number(node.attribs.start ?? '1');
    let number = Number.isInteger(start) ? start : 1;
    for (const child of node.children) {
      if (!htmlparser2().DomUtils.isTag(child) || child.name.toLowerCase() !== 'li') continue;
      const marker = ordered ? `${number}. ` : '• ';
      number += 1;
      const item: Context = { ...context, indent: context.indent + ' '.repeat(marker.length), marker: { value: context.indent + marker } };
      this.walk(child.children, item);
      this.flush(item);
    }
  }
}

interface Word {
  readonly text: string;
  readonly style: Style;
  /** Joined to the word before it without a space (punctuation after inline code, say). */
  readonly glued: boolean;
}

function words(inlines: readonly Inline[], palette: Palette): (Word | 'break')[] {
  const out: (Word | 'break')[] = [];
  let spaceBefore = true;
  for (const inline of inlines) {
    // Inline code is marked with backticks when there is no colour to mark it.
    const text = inline.style === 'code' && !palette.enabled ? `\`${inline.text.trim()}\`` : inline.text;
    const parts = text.split(/(\n|[^\S\n]+)/);
    for (const part of parts) {
      if (part === '') continue;
      if (part === '\n') {
        out.push('break');
        spaceBefore = true;
      } else if (/^\s+$/.test(part)) {
        spaceBefore = true;
      } else {
        out.push({ text: part, style: inline.style, glued: !spaceBefore });
        spaceBefore = false;
      }
    }
  }
  return out;
}

function paintWord(word: Word, palette: Palette): string {
  switch (word.style) {
    case 'code':
      return palette.code(word.text);
    case 'strong':
      return palette.strong(word.text);
    case 'emphasis':
      return palette.emphasis(word.text);
    case 'link':
      return palette.link(word.text);
    default:
      return word.text;
  }
}

/** Wraps a paragraph to `width`, painting each word after measuring it, so colour never skews widths. */
function wrap(block: Extract<Block, { kind: 'paragraph' }>, width: number, palette: Palette): string[] {
  const lines: string[] = [];
  let prefix = block.first;
  let line = '';
  let length = 0;
  const push = (): void => {
    const text = block.heading ? palette.heading(line) : line;
    lines.push(prefix + text);
    prefix = block.rest;
    line = '';
    length = 0;
  };
  for (const word of words(block.inlines, palette)) {
    if (word === 'break') {
      push();
      continue;
    }
    const room = Math.max(10, width - prefix.length);
    // A word wider than the line (a long address, a minified run) is broken, so no line is wider.
    const pieces = word.text.length > room ? hardBreak(word.text, room).map((text, index) => ({ ...word, text, glued: index === 0 && word.glued })) : [word];
    for (const piece of pieces) {
      const gap = length === 0 || piece.glued ? 0 : 1;
      if (length > 0 && length + gap + piece.text.length > room && !piece.glued) {
        push();
        line = paintWord(piece, palette);
        length = piece.text.length;
        continue;
      }
      line += (gap ? ' ' : '') + paintWord(piece, palette);
      length += gap + piece.text.length;
    }
  }
  if (length > 0) push();
  return lines;
}

/** `text` broken into pieces of at most `width` characters, never between a surrogate pair. */
function hardBreak(text: string, width: number): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + width);
    if (end < text.length && /[\ud800-\udbff]/.test(text.charAt(end - 1))) end -= 1;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

/**
 * Lays an answer out for the terminal: paragraphs wrapped, code blocks verbatim and indented,
 * inline code marked, links shown only when safe, cut after `maxLines` (at most 100). Every piece
 * of text is stripped of control sequences first. Bounded for any input: at most 64 KB of HTML is
 * read, nested at most 32 deep; a cut is marked `[…]`. Never throws: an answer that cannot be laid
 * out becomes one line that says so.
 */
export function renderAnswer(html: string, layout: AnswerLayout): RenderedAnswer {
  try {
    return layOut(html, layout);
  } catch {
    return { lines: [layout.palette.warning('(this answer could not be shown here; read it at its link)')], omitted: 0, cut: true };
  }
}

function layOut(html: string, layout: AnswerLayout): RenderedAnswer {
  const requested = Number.isFinite(layout.maxLines) ? Math.floor(layout.maxLines) : ANSWER_LIMITS.lines;
  const maxLines = Math.min(ANSWER_LIMITS.lines, Math.max(1, requested));
  const builder = new BlockBuilder(layout.base);
  const root: Context = { style: 'plain', indent: '', marker: { value: undefined }, heading: false };
  const { document, cut } = parseBounded(typeof html === 'string' ? html : '');
  builder.walk(document.children, root);
  builder.flush(root);
  if (cut) {
    builder.add(CUT_MARKER, 'emphasis');
    builder.flush(root);
  }

  const lines: string[] = [];
  let previous: Block | undefined;
  for (const block of builder.blocks) {
    const tight = block.kind === 'paragraph' && block.listItem && previous?.kind === 'paragraph' && previous.listItem;
    if (lines.length > 0 && !tight) lines.push('');
    previous = block;
    if (block.kind === 'paragraph') lines.push(...wrap(block, layout.width, layout.palette));
    else if (block.kind === 'rule') lines.push(block.indent + layout.palette.dim('─'.repeat(Math.min(20, layout.width))));
    else lines.push(...block.lines.map((line) => (line.trim() ? `${block.indent}    ${layout.palette.code(truncate(line.trimEnd(), ANSWER_LIMITS.codeLineChars))}` : '')));
  }
  if (lines.length <= maxLines) return { lines, omitted: 0, cut };
  const kept = lines.slice(0, maxLines);
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  return { lines: kept, omitted: lines.length - kept.length, cut };
}
