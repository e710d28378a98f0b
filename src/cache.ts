// Remembers lookups: a bounded LRU in memory, and one JSON file per entry on disk that survives restarts.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LRUCache } from 'lru-cache';

interface Stored<T> {
  readonly version: typeof FORMAT_VERSION;
  readonly expiresAt: number;
  readonly value: T;
}

export interface CacheSettings<T> {
  /** Folder for the disk cache; null keeps entries in memory only. */
  readonly dir: string | null;
  /** Checks a value read back from disk; undefined means corrupt. */
  readonly validate: (raw: unknown) => T | undefined;
  /** Told once per kind of problem (corrupt file, unreadable or unwritable folder). */
  readonly onProblem: (message: string) => void;
  readonly maxMemoryEntries?: number;
  readonly maxDiskEntries?: number;
}

// 2: questions and answers carry their authors and dates; entries without them are fetched again.
const FORMAT_VERSION = 2;
const SAFE_KEY = /^[a-z0-9-]{1,64}$/;

/**
 * The default cache folder, as find-cache-dir picks it: node_modules/.cache/soet of the nearest
 * package above `cwd`, else the operating system's cache folder.
 */
export function defaultCacheDir(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'node_modules', '.cache', 'soet');
    if (path.dirname(dir) === dir) break;
  }
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'soet', 'Cache');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'soet');
  return path.join(env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'soet');
}

/**
 * A two-level cache. Every disk fault is survived: a corrupt entry is dropped and rebuilt, an
 * unreadable or unwritable folder turns the disk level off for this process. Each kind of fault is
 * reported once.
 */
export class Cache<T extends object> {
  readonly #memory: LRUCache<string, Stored<T>>;
  readonly #settings: CacheSettings<T>;
  readonly #maxDiskEntries: number;
  readonly #reported = new Set<string>();
  #diskWritable: boolean;
  #pruned = false;

  constructor(settings: CacheSettings<T>) {
    this.#settings = settings;
    this.#memory = new LRUCache({ max: settings.maxMemoryEntries ?? 500 });
    this.#maxDiskEntries = settings.maxDiskEntries ?? 2_000;
    this.#diskWritable = settings.dir !== null;
  }

  /** Entries held in memory now (bounded by maxMemoryEntries). */
  get memorySize(): number {
    return this.#memory.size;
  }

  #report(kind: string, message: string): void {
    if (this.#reported.has(kind)) return;
    this.#reported.add(kind);
    this.#settings.onProblem(message);
  }

  #file(key: string): string | undefined {
    const { dir } = this.#settings;
    return dir === null || !SAFE_KEY.test(key) ? undefined : path.join(dir, `${key}.json`);
  }

  /** The live value for `key` if it is in memory; never touches the disk. */
  peek(key: string, now: number = Date.now()): T | undefined {
    const inMemory = this.#memory.get(key);
    if (!inMemory) return undefined;
    if (inMemory.expiresAt > now) return inMemory.value;
    this.#memory.delete(key);
    return undefined;
  }

  /** The live value for `key`, from memory or else from disk; undefined when absent or expired. */
  async get(key: string, now: number = Date.now()): Promise<T | undefined> {
    const inMemory = this.peek(key, now);
    if (inMemory) return inMemory;
    const file = this.#file(key);
    if (!file) return undefined;
    let text: string;
    try {
      text = await fsp.readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') this.#report('unreadable', `the cache folder ${this.#settings.dir} cannot be read (${code}); soet asks the API again`);
      return undefined;
    }
    const stored = this.#parse(text);
    if (!stored) {
      this.#report('corrupt', `a corrupt cache entry in ${this.#settings.dir} was ignored and will be rebuilt`);
      await fsp.rm(file, { force: true }).catch(() => undefined);
      return undefined;
    }
    if (stored.expiresAt <= now) return undefined;
    this.#memory.set(key, stored);
    return stored.value;
  }

  #parse(text: string): Stored<T> | undefined {
    try {
      const raw: unknown = JSON.parse(text);
      if (typeof raw !== 'object' || raw === null) return undefined;
      const { version, expiresAt, value } = raw as Record<string, unknown>;
      if (version !== FORMAT_VERSION || typeof expiresAt !== 'number') return undefined;
      const valid = this.#settings.validate(value);
      return valid === undefined ? undefined : { version: FORMAT_VERSION, expiresAt, value: valid };
    } catch {
      return undefined;
    }
  }

  /** Stores `value` for `ttlMs` in memory and, atomically, on disk. Never throws. */
  async set(key: string, value: T, ttlMs: number, now: number = Date.now()): Promise<void> {
    const stored: Stored<T> = { version: FORMAT_VERSION, expiresAt: now + ttlMs, value };
    this.#memory.set(key, stored);
    const file = this.#file(key);
    if (!file || !this.#diskWritable) return;
    // Write a private temporary file, then rename it over the entry: a reader, or a second dev
    // server writing the same entry, sees the old file or the new one, never half of one.
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await fsp.mkdir(path.dirname(file), { recursive: true });
      await fsp.writeFile(temporary, JSON.stringify(stored), { mode: 0o600 });
      await fsp.rename(temporary, file);
    } catch (error) {
      await fsp.rm(temporary, { force: true }).catch(() => undefined);
      this.#diskWritable = false;
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      this.#report('unwritable', `the cache folder ${this.#settings.dir} cannot be written (${code}); answers are kept in memory only; set SOET_CACHE_DIR to choose another folder`);
      return;
    }
    if (!this.#pruned) {
      this.#pruned = true;
      void this.#prune(now);
    }
  }

  /** Once a process: removes expired entries and stray temporary files, then the oldest beyond the cap. */
  async #prune(now: number): Promise<void> {
    const { dir } = this.#settings;
    if (dir === null) return;
    try {
      const names = await fsp.readdir(dir);
      const live: { file: string; mtime: number }[] = [];
      for (const name of names) {
        const file = path.join(dir, name);
        const stat = await fsp.stat(file).catch(() => undefined);
        if (!stat?.isFile()) continue;
        const stale = name.endsWith('.tmp') ? stat.mtimeMs < now - 60_000 : !name.endsWith('.json');
        if (stale) {
          if (name.endsWith('.tmp')) await fsp.rm(file, { force: true });
          continue;
        }
        const stored = this.#parse(await fsp.readFile(file, 'utf8').catch(() => ''));
        if (!stored || stored.expiresAt <= now) await fsp.rm(file, { force: true });
        else live.push({ file, mtime: stat.mtimeMs });
      }
      live.sort((a, b) => a.mtime - b.mtime);
      for (const entry of live.slice(0, Math.max(0, live.length - this.#maxDiskEntries))) {
        await fsp.rm(entry.file, { force: true });
      }
    } catch {
      // Pruning is housekeeping: a folder that cannot be listed costs disk space, nothing else.
    }
  }
}
