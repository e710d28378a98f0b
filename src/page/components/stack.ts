// The stack on the page: the app's own frames marked, with editor links; runs of package and Node frames folded.
import { formatFrame } from '../../stack.js';
import { editorLink } from '../editor.js';
import { type Markup, html } from '../markup.js';
import type { FrameView } from '../model.js';

export const style = `
.soet-frames{list-style:none;margin:0;padding:0;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem;display:grid;gap:.15rem}
.soet-frame{display:flex;flex-wrap:wrap;gap:0 .6rem;padding:.2rem .5rem;border-radius:4px}
.soet-frame-app{background:var(--mark);font-weight:600}
.soet-frame-fn{color:var(--text)}
.soet-frame-at{color:var(--muted)}
.soet-fold summary{cursor:pointer;color:var(--muted);padding:.2rem .5rem;font-family:system-ui,sans-serif;font-size:.85rem}
.soet-fold .soet-frames{margin:.15rem 0 .35rem 1rem}
`;

function frameItem(frame: FrameView, editor: string | null, cwd: string): Markup {
  const where = frame.frame ? formatFrame(frame.frame, cwd) : frame.text.replace(/^at\s+/, '');
  const link = frame.kind === 'app' && frame.frame ? editorLink(editor, frame.frame) : undefined;
  return html`<li class="soet-frame soet-frame-${frame.kind}"><span class="soet-frame-fn">${frame.name || '(anonymous)'}</span><span class="soet-frame-at">${link ? html`<a href="${link}">${where}</a>` : where}</span></li>`;
}

/** What a folded run passed through: its packages, then `node` for Node's own frames. */
function foldLabel(run: readonly FrameView[]): string {
  const names = [...new Set(run.map((frame) => frame.packageName ?? 'node'))];
  const listed = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
  return `${run.length} ${run.length === 1 ? 'frame' : 'frames'} in ${listed}`;
}

export function stack(frames: readonly FrameView[], editor: string | null, cwd: string): Markup {
  if (frames.length === 0) return html``;
  const items: Markup[] = [];
  let run: FrameView[] = [];
  const fold = (): void => {
    if (run.length > 0) {
      items.push(html`<li><details class="soet-fold"><summary>${foldLabel(run)}</summary><ol class="soet-frames">${run.map((frame) => frameItem(frame, editor, cwd))}</ol></details></li>`);
    }
    run = [];
  };
  for (const frame of frames) {
    if (frame.kind === 'app') {
      fold();
      items.push(frameItem(frame, editor, cwd));
    } else {
      run.push(frame);
    }
  }
  fold();
  return html`<section class="soet-card soet-stack" aria-label="Stack"><h2>Stack</h2><ol class="soet-frames">${items}</ol></section>`;
}
