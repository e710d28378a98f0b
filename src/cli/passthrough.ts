// The app's output on soet's stdout, byte for byte and at once, with soet's blocks only ever between lines.
import type { OutputStream } from '../options.js';

/** A line with no newline yet (a prompt) is shown after this pause. */
export const PARTIAL_LINE_MS = 50;
/** A partial line longer than this is shown at once. */
const MAX_HELD_BYTES = 64 * 1024;
const NEWLINE = 0x0a;
const MAX_WAITING_BLOCKS = 20;

/** The stream the app's output goes to: process.stdout in the executable. */
export type Destination = NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };

/**
 * Writes the app's bytes to `destination` unchanged and in order, line by line as they come; a
 * partial line is held for a moment, then shown. Blocks given to `blocks.write` go out at once when
 * the output is between lines, else right after the line in progress ends. When the destination
 * breaks (EPIPE: the reader went away), writing stops and nothing else changes: the caller keeps
 * reading, so the app never writes into a closed pipe.
 */
export class PassThrough {
  readonly #destination: Destination;
  readonly #pause: () => void;
  readonly #resume: () => void;
  /** The end of the last chunk, after its last newline, not written yet. */
  #held: Buffer | undefined;
  #heldTimer: NodeJS.Timeout | undefined;
  /** A partial line was written: a block now would land inside it. */
  #midLine = false;
  readonly #waitingBlocks: string[] = [];
  #closed = false;
  /** The input ended: nothing will complete a partial line any more. */
  #ended = false;
  #waitingForDrain = false;

  /** soet's own output, as an OutputStream for the printer: its blocks go between the app's lines. */
  readonly blocks: OutputStream;

  /**
   * `pause` is called when the destination asks the reader to wait, `resume` when it may go on, and
   * when the destination broke (from then on the input is only drained).
   */
  constructor(destination: Destination, flow: { readonly pause: () => void; readonly resume: () => void }) {
    this.#destination = destination;
    this.#pause = flow.pause;
    this.#resume = flow.resume;
    destination.on('error', () => {
      this.#closed = true;
      this.#resume();
    });
    this.blocks = {
      write: (text: string) => this.#block(text),
      get isTTY() {
        return destination.isTTY;
      },
      get columns() {
        return destination.columns;
      },
    };
  }

  /** False once the destination broke: there is no one to show anything to. */
  get open(): boolean {
    return !this.#closed;
  }

  write(chunk: Buffer): void {
    const lastNewline = chunk.lastIndexOf(NEWLINE);
    if (lastNewline === -1) {
      this.#hold(chunk);
      return;
    }
    this.#clearHeldTimer();
    const held = this.#held;
    this.#held = undefined;
    if (held) this.#emit(held);
    this.#emit(lastNewline === chunk.length - 1 ? chunk : chunk.subarray(0, lastNewline + 1));
    this.#midLine = false;
    this.#writeWaitingBlocks();
    if (lastNewline < chunk.length - 1) this.#hold(chunk.subarray(lastNewline + 1));
  }

  /**
   * The input ended: what is held goes out now. When the app's last line had no newline, a block
   * printed after it starts on a line of its own (the one byte soet adds, and only then).
   */
  end(): void {
    this.#showHeld();
    this.#ended = true;
    if (this.#waitingBlocks.length > 0) this.#block('');
  }

  #block(text: string): void {
    if (this.#closed) return;
    if (text) this.#waitingBlocks.push(text);
    if (this.#waitingBlocks.length === 0) return;
    if (this.#midLine && this.#ended) {
      this.#emit('\n');
      this.#midLine = false;
    }
    // A partial line is still being written: the block waits for its newline (a few at most).
    if (this.#midLine) {
      if (this.#waitingBlocks.length > MAX_WAITING_BLOCKS) this.#waitingBlocks.shift();
      return;
    }
    this.#writeWaitingBlocks();
  }

  #hold(piece: Buffer): void {
    this.#held = this.#held ? Buffer.concat([this.#held, piece]) : Buffer.from(piece);
    if (this.#held.length >= MAX_HELD_BYTES) {
      this.#showHeld();
      return;
    }
    if (!this.#heldTimer) {
      this.#heldTimer = setTimeout(() => this.#showHeld(), PARTIAL_LINE_MS);
      this.#heldTimer.unref();
    }
  }

  #showHeld(): void {
    this.#clearHeldTimer();
    const held = this.#held;
    this.#held = undefined;
    if (!held) return;
    this.#emit(held);
    this.#midLine = true;
  }

  #clearHeldTimer(): void {
    if (this.#heldTimer) clearTimeout(this.#heldTimer);
    this.#heldTimer = undefined;
  }

  #writeWaitingBlocks(): void {
    for (const text of this.#waitingBlocks.splice(0)) this.#emit(text);
  }

  #emit(data: Buffer | string): void {
    if (this.#closed) return;
    try {
      if (!this.#destination.write(data) && !this.#waitingForDrain) {
        this.#waitingForDrain = true;
        this.#pause();
        this.#destination.once('drain', () => {
          this.#waitingForDrain = false;
          this.#resume();
        });
      }
    } catch {
      this.#closed = true;
    }
  }
}
