// Parses an answer's HTML within fixed limits, so any input costs time linear in its size.
import type { Document } from 'domhandler';
import type { DomHandler, Parser } from 'htmlparser2';
import { htmlparser2 } from '../deps.js';

/**
 * What is parsed of one answer. A Stack Overflow answer holds at most 30,000 characters of Markdown;
 * its HTML fits in 64 KB and nests a handful of levels deep.
 */
export const HTML_LIMITS = {
  /** Characters of HTML parsed per answer. */
  chars: 64 * 1024,
  /** Elements nested in one another; the parser stops at the first element deeper than this. */
  depth: 32,
} as const;

/** A DomHandler that counts how deep elements nest while the parser builds the tree, and stops it past the limit. */
interface BoundedHandler extends DomHandler {
  cut: boolean;
  attach(parser: Parser): void;
}

let BoundedHandlerClass: (new () => BoundedHandler) | undefined;

/** The handler's class, defined the first time an answer is parsed: it extends htmlparser2's, loaded then. */
function boundedHandlerClass(): new () => BoundedHandler {
  BoundedHandlerClass ??= class extends htmlparser2().DomHandler implements BoundedHandler {
    #depth = 0;
    #parser: Parser | undefined;
    cut = false;

    attach(parser: Parser): void {
      this.#parser = parser;
    }

    override onopentag(name: string, attribs: { [key: string]: string }): void {
      super.onopentag(name, attribs);
      this.#depth += 1;
      // The parser keeps its open elements in an array it shifts: past the limit every element would
      // cost as much as the depth. It stops here; what was read so far stays a valid tree.
      if (this.#depth > HTML_LIMITS.depth && !this.cut) {
        this.cut = true;
        this.#parser?.pause();
      }
    }

    override onclosetag(): void {
      super.onclosetag();
      this.#depth -= 1;
    }
  };
  return BoundedHandlerClass;
}

/** Parses at most HTML_LIMITS.chars of `html`, nested at most HTML_LIMITS.depth deep: in time linear in the input. */
export function parseBounded(html: string): { document: Document; cut: boolean } {
  const handler = new (boundedHandlerClass())();
  const parser = new (htmlparser2().Parser)(handler, { decodeEntities: true });
  handler.attach(parser);
  const tooLong = html.length > HTML_LIMITS.chars;
  parser.write(tooLong ? html.slice(0, HTML_LIMITS.chars) : html);
  if (!handler.cut) parser.end();
  return { document: handler.root, cut: tooLong || handler.cut };
}
