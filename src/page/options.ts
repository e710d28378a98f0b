// errorPage()'s options: soet()'s, checked the same way, and the page's own (editor links, who may see it).
import { net } from '../deps.js';
import { type Env, isProduction, loadEnv } from '../env.js';
import {
  OPTION_NAMES,
  type Settings,
  type SoetOptions,
  type Source,
  booleanFlag,
  checkOptions,
  fail,
  pick,
  resolveSettings,
  show,
} from '../options.js';

/** Editors the page's file links can open by name; any other editor takes a URL template. */
export const EDITORS = {
  vscode: 'vscode://file{file}:{line}:{column}',
  cursor: 'cursor://file{file}:{line}:{column}',
  webstorm: 'webstorm://open?file={file}&line={line}&column={column}',
  idea: 'idea://open?file={file}&line={line}&column={column}',
  sublime: 'subl://open?url=file://{file}&line={line}&column={column}',
} as const;

export type EditorName = keyof typeof EDITORS;

/** Options of `errorPage()`: soet()'s (so one options object serves both) and the page's own. */
export interface ErrorPageOptions extends Omit<SoetOptions, 'enabled'> {
  /** Turn the page on or off. Env: `DEBUG`, as for `soet()`. Default: off; always off when NODE_ENV=production, whatever is passed here. */
  enabled?: boolean;
  /** What file links open: `vscode`, `cursor`, `webstorm`, `idea`, `sublime`, a URL template with `{file}` (the absolute path, with a leading `/`), `{line}` and `{column}`, or `false` for no links. Env: `SOET_EDITOR` (`none` for no links). Default: `vscode`. */
  editor?: EditorName | (string & {}) | false;
  /** Other machines and host names that may see the page: client addresses or ranges (`192.168.1.20`, `10.0.0.0/8`) and names the app is reached by (`myapp.test`, `.myapp.test` with its subdomains). Env: `SOET_ALLOWED_HOSTS` (comma list). Default: none: requests from this machine only, at `localhost` or an IP address. */
  allowedHosts?: readonly string[] | string;
  /** The app runs behind a proxy of its own (a dev proxy, a tunnel): take the client's address from Express's `req.ip`, which follows the app's `trust proxy` setting, instead of refusing every request that carries Forwarded or X-Forwarded-For. Env: `SOET_TRUST_PROXY`. Default: `false`. */
  trustProxy?: boolean;
}

/** The page's settings after resolution. */
export interface PageSettings extends Settings {
  /** File link template with `{file}`, `{line}`, `{column}`; null for no links. */
  readonly editor: string | null;
  /** Allowed client addresses and ranges, and host names (`.name` for a name and its subdomains), lowercase. */
  readonly allowedHosts: readonly string[];
  readonly trustProxy: boolean;
}

const PAGE_OPTION_NAMES = [...OPTION_NAMES, 'editor', 'allowedHosts', 'trustProxy'] as const satisfies readonly (keyof ErrorPageOptions)[];
/** Schemes a template may not use: they would run or embed something instead of opening an editor. */
const UNSAFE_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:', 'blob:', 'about:', 'filesystem:']);

function editorTemplate(value: unknown, source: Source): string | null {
  if (value === false || (source.fromEnv && typeof value === 'string' && ['none', 'off', 'false'].includes(value.toLowerCase()))) return null;
  const expected = `one of ${Object.keys(EDITORS).join(', ')}, a URL template with {file} (and {line}, {column}), or false`;
  if (typeof value !== 'string') return fail('type', source, value, expected, `'cursor'`);
  const preset = (EDITORS as Readonly<Record<string, string>>)[value.toLowerCase()];
  if (preset) return preset;
  let url: URL | undefined;
  try {
    url = new URL(value.replaceAll('{file}', '/app/index.js').replaceAll('{line}', '1').replaceAll('{column}', '1'));
  } catch {
    url = undefined;
  }
  if (!value.includes('{file}') || !url || UNSAFE_SCHEMES.has(url.protocol)) fail('range', source, value, expected, `'cursor'`);
  return value;
}

const HOST_NAME = /^\.?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** One entry of `allowedHosts`, normalised; undefined when it is neither an address, a range nor a name. */
function hostEntry(entry: string): string | undefined {
  const trimmed = entry.trim().replace(/^\[(.*)\]$/, '$1');
  const [address = '', prefix, extra] = trimmed.split('/');
  const family = net().isIP(address);
  if (prefix !== undefined) {
    const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
    return family !== 0 && extra === undefined && bits <= (family === 4 ? 32 : 128) ? `${address.toLowerCase()}/${bits}` : undefined;
  }
  if (family !== 0) return address.toLowerCase();
  return HOST_NAME.test(trimmed) ? trimmed.toLowerCase() : undefined;
}

function hostList(value: unknown, source: Source): string[] {
  const list = typeof value === 'string' ? value.split(',').filter((entry) => entry.trim() !== '') : value;
  const expected = 'a list of client addresses (192.168.1.20), ranges (10.0.0.0/8) or host names (myapp.test)';
  if (!Array.isArray(list)) return fail('type', source, value, expected, `['192.168.1.20']`);
  return list.map((entry: unknown) => {
    const normal = typeof entry === 'string' ? hostEntry(entry) : undefined;
    return normal ?? fail('type', source, value, `${expected}; ${show(entry)} is none of these`, `['192.168.1.20']`);
  });
}

/**
 * Resolves `errorPage()`'s options once, as `soet()`'s are (a wrong one throws a TypeError or
 * RangeError naming it); the page is off in production whatever `enabled` says.
 */
export function resolvePageSettings(input: unknown, env: Env = loadEnv()): PageSettings {
  const options = checkOptions<ErrorPageOptions>(input, PAGE_OPTION_NAMES, `errorPage({ editor: 'cursor' })`);
  const { editor: _editor, allowedHosts: _hosts, trustProxy: _trust, ...shared } = options;
  const settings = resolveSettings(shared, env);
  const enabled = settings.enabled && !isProduction(env);
  const readEnv: Env = enabled ? env : {};
  const editor = pick(options, 'editor', readEnv, 'SOET_EDITOR', editorTemplate);
  return {
    ...settings,
    enabled,
    // null (no links) is a choice; only a missing editor takes the default.
    editor: editor === undefined ? EDITORS.vscode : editor,
    allowedHosts: pick(options, 'allowedHosts', readEnv, 'SOET_ALLOWED_HOSTS', hostList) ?? [],
    trustProxy: pick(options, 'trustProxy', readEnv, 'SOET_TRUST_PROXY', booleanFlag) ?? false,
  };
}
