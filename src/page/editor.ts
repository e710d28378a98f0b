// Links that open a file at a line in the developer's editor (vscode://file/…, a template of the app's own).
import type { StackFrame } from '../stack.js';

/**
 * The editor link for `frame` from a template with `{file}`, `{line}` and `{column}` (checked when
 * the options were resolved); undefined for no template and for frames that are not files on disk.
 * `{file}` is the absolute path with forward slashes and a leading one (`/home/a/app.js`,
 * `/C:/app/app.js`), percent-encoded except its slashes and colons, so it fits a URL's path and its
 * query alike.
 */
export function editorLink(template: string | null, frame: StackFrame): string | undefined {
  if (template === null || frame.file.startsWith('node:') || frame.file.startsWith('internal/')) return undefined;
  const slashed = frame.file.replace(/\\/g, '/');
  const file = encodeURIComponent(slashed.startsWith('/') ? slashed : `/${slashed}`).replace(/%2F/g, '/').replace(/%3A/g, ':');
  return template.replaceAll('{file}', file).replaceAll('{line}', String(frame.line)).replaceAll('{column}', String(frame.column));
}
