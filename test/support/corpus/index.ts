// The corpus of real errors: every row, the value each throws, and the Stack Overflow question each is about.
import { EXPRESS_ERRORS } from './express.js';
import { LANGUAGE_ERRORS } from './language.js';
import { LIBRARY_ERRORS } from './libraries.js';
import { MODULE_ERRORS } from './modules.js';
import { NODE_ERRORS } from './node.js';
import type { RealError } from './row.js';
import { type Scene, crashOf } from './scene.js';
import { type Sample, answer, question } from '../standin.js';

export type { RealError } from './row.js';
export { type Scene, dropScene, listening, makeScene } from './scene.js';

export const CORPUS: readonly RealError[] = [...LANGUAGE_ERRORS, ...NODE_ERRORS, ...MODULE_ERRORS, ...EXPRESS_ERRORS, ...LIBRARY_ERRORS];

/** Throws the row's error for real and returns it. */
export async function thrownBy(row: RealError, scene: Scene): Promise<unknown> {
  if (row.make) return await row.make(scene);
  if (!row.program) throw new Error(`${row.label}: neither make nor program`);
  const { entry, files } = row.program(scene);
  return crashOf(scene.dir, entry, files);
}

/** The row's message as a pattern: `{path}` matches a path of this run, `{port}` a port number. */
export function messagePattern(row: RealError): RegExp {
  const escaped = row.message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{path\\\}/g, '[^\\s\'"]+').replace(/\\\{port\\\}/g, '\\d+');
  return new RegExp(`^${escaped}$`);
}

/** The question another developer asked about the row's error, with an accepted answer, as the stand-in serves it. */
export function sampleFor(row: RealError, id: number): Sample {
  const encoded = row.asked.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  const pasted = (row.pasted ?? row.asked).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return {
    question: question(id, encoded, { accepted_answer_id: id * 10, tags: ['node.js', 'javascript', ...row.tags] }),
    answers: [answer(id * 10, id, `<p>The answer to ${encoded}</p>`, { is_accepted: true, score: 40 })],
    body: `<p>My app stopped working with this error:</p><pre><code>${pasted}</code></pre>`,
  };
}
