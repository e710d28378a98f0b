// Where the disk cache lives by default: apart from the cache, so that resolving options loads neither it nor fs's ESM facade.
import os from 'node:os';
import path from 'node:path';
import { nodeFs } from './deps.js';

/**
 * The default cache folder, as find-cache-dir picks it: node_modules/.cache/soet of the nearest
 * package above `cwd`, else the operating system's cache folder.
 */
export function defaultCacheDir(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (nodeFs().existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'node_modules', '.cache', 'soet');
    if (path.dirname(dir) === dir) break;
  }
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'soet', 'Cache');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'soet');
  return path.join(env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'soet');
}
