// The page's frame: the document around the components, its base style, light and dark, and its one script.
import { type Markup, html, trusted } from '../markup.js';

/** Base style: readable from 375 px phones to 27" screens, light and dark by the system's choice. */
export const style = `
:root{color-scheme:light dark;--bg:#f5f6f8;--card:#fff;--text:#1c2230;--muted:#5a6374;--border:#dcdfe6;--accent:#c92a2f;--link:#0a5cc2;--code-bg:#eef0f4;--mark:#fff1bf;--ok:#1a7f37;--shadow:0 1px 2px rgb(0 0 0/.06)}
@media (prefers-color-scheme:dark){:root{--bg:#111419;--card:#1a1e26;--text:#e4e7ee;--muted:#9aa3b3;--border:#2c323d;--accent:#ff6b6b;--link:#73b7ff;--code-bg:#232833;--mark:#4d3d08;--ok:#46c15b;--shadow:none}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--text);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,Ubuntu,sans-serif;overflow-wrap:anywhere}
.soet-page{display:flex;flex-direction:column;gap:1rem;max-width:78rem;margin:0 auto;padding:1rem}
.soet-page>*{min-width:0}
.soet-card{background:var(--card);border:1px solid var(--border);border-radius:10px;padding:1rem 1.25rem;box-shadow:var(--shadow)}
h2{font-size:1rem;margin:0 0 .75rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
h3{font-size:1.05rem;margin:0 0 .35rem}
a{color:var(--link)}
code,pre,kbd,samp{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.9em}
pre{background:var(--code-bg);border-radius:6px;padding:.75rem;overflow-x:auto;max-width:100%;overflow-wrap:normal;tab-size:4}
:not(pre)>code{background:var(--code-bg);border-radius:4px;padding:.05em .3em}
.soet-muted{color:var(--muted)}
.soet-footer{color:var(--muted);font-size:.85rem;text-align:center;padding-bottom:1rem}
@media (min-width:1600px){body{font-size:17px}}
@media (max-width:480px){.soet-page{padding:.5rem;gap:.75rem}.soet-card{padding:.75rem;border-radius:8px}}
`;

/**
 * Places the answers in their slot when they stream in (they arrive after the rest of the page),
 * and copies the page as Markdown. Read-only: it only moves nodes and writes to the clipboard.
 */
export const script = `
(() => {
  const place = (node) => {
    const slot = document.getElementById('soet-answers-slot');
    if (slot && node.id === 'soet-answers') slot.replaceWith(node);
  };
  const found = document.getElementById('soet-answers');
  if (found) place(found);
  new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) if (node.nodeType === 1) place(node);
  }).observe(document.body, { childList: true });
  const button = document.getElementById('soet-copy');
  const status = document.getElementById('soet-copy-status');
  const area = document.getElementById('soet-markdown');
  if (!button || !status || !area) return;
  button.addEventListener('click', async () => {
    const text = [...document.querySelectorAll('[data-markdown]')].map((element) => element.getAttribute('data-markdown')).join('\\n\\n');
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = 'Copied.';
    } catch {
      area.value = text;
      area.hidden = false;
      area.select();
      status.textContent = 'Copy the text below.';
    }
  });
})();
`;

export function documentStart(title: string, nonce: string, styles: readonly string[]): Markup {
  return html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><meta name="robots" content="noindex, nofollow"><title>${title}</title><style nonce="${nonce}">${trusted(styles.join(''))}</style></head><body><main class="soet-page">`;
}

/** Ends the page's main part with the scripts of every component, collected once. */
export function mainEnd(nonce: string, scripts: readonly string[]): Markup {
  return html`<footer class="soet-footer">soet's development error page: never shown in production, nor to other machines unless the app allows them.</footer></main><script nonce="${nonce}">${trusted(scripts.join(''))}</script>`;
}

export function documentEnd(): Markup {
  return trusted('</body></html>');
}
