// Splits a byte stream into lines for reading: whatever the input, a line held costs at most MAX_LINE bytes.
import { MAX_LINE } from './shapes.js';

const NEWLINE = 0x0a;

/**
 * Calls `onLine` with each complete line (decoded as UTF-8, without its newline). Only the first
 * MAX_LINE bytes of a line are kept and read: a log with no newline at all holds 64 KB, not all of it.
 */
export class LineSplitter {
  readonly #onLine: (line: string) => void;
  /** The start of the current line, up to MAX_LINE bytes, when it began in an earlier chunk. */
  #partial: Buffer | undefined;

  constructor(onLine: (line: string) => void) {
    this.#onLine = onLine;
  }

  push(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      this.#line(chunk, start, end);
      start = end + 1;
    }
    if (start < chunk.length) this.#keep(chunk, start);
  }

  /** The input ended: its last line, if it had no newline. */
  end(): void {
    if (this.#partial === undefined) return;
    const partial = this.#partial;
    this.#partial = undefined;
    this.#onLine(partial.toString('utf8'));
  }

  #line(chunk: Buffer, start: number, end: number): void {
    const partial = this.#partial;
    if (partial === undefined) {
      this.#onLine(chunk.toString('utf8', start, Math.min(end, start + MAX_LINE)));
      return;
    }
    this.#partial = undefined;
    const room = MAX_LINE - partial.length;
    this.#onLine(room > 0 ? Buffer.concat([partial, chunk.subarray(start, Math.min(end, start + room))]).toString('utf8') : partial.toString('utf8'));
  }

  #keep(chunk: Buffer, start: number): void {
    const held = this.#partial?.length ?? 0;
    const room = MAX_LINE - held;
    if (room <= 0) return;
    // A copy, so that the chunk itself is not kept alive for the sake of a few bytes.
    const piece = Buffer.from(chunk.subarray(start, start + room));
    this.#partial = this.#partial === undefined ? piece : Buffer.concat([this.#partial, piece]);
  }
}
