// The shape of one corpus row: how to throw a real error, what it says, what a developer would search.
import type { Scene } from './scene.js';

export interface RealError {
  /** Where the error comes from, unique in the corpus: `node: JSON.parse of an HTML page`. */
  readonly label: string;
  /** Throws the error for real, in this process, and returns what was thrown. */
  readonly make?: (scene: Scene) => unknown;
  /** Or: a program run with plain Node in the scene's folder, which dies of the error. */
  readonly program?: (scene: Scene) => { readonly entry: string; readonly files: Readonly<Record<string, string>> };
  /** The message as thrown; `{path}` stands for a path in this run, `{port}` for a port number. */
  readonly message: string;
  /** The first query a senior developer would type for it: what soet sends first. */
  readonly query: string;
  /**
   * The first query when only the lines Node prints above the stack are given (a message pasted to
   * the CLI): without the cause, or a code that Node prints only in the properties below the stack.
   */
  readonly alone?: string;
  /** The Stack Overflow tags read from its stack (they re-rank results; they are not sent). */
  readonly tags: readonly string[];
  /** The title of a question another developer asked about the same error, in their own app. */
  readonly asked: string;
  /** What they pasted into that question's body, when it says more than the title. */
  readonly pasted?: string;
  /** For messages that cannot be produced here: where their text is documented. */
  readonly documented?: string;
}
