// Remembers lookups: a bounded LRU in memory, and one JSON file per entry on disk that survives restarts.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { LRUCache } from 'lru-cache';
import { lruCache } from './deps.js';

// Options resolve the default folder without loading the cache itself.
export { defaultCacheDir } from './cache-dir.js';

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
  /**
   * Names of the files this cache owns in its folder (default: every `.json` file). Caches that share
   * a folder (answers, the throttle period, the day's budget) each prune only their own entries.
   */
  readonly owns?: RegExp;
}

// 2: questions and answers carry their authors and dates; entries without them are fetched again.
const FORMAT_VERSION = 2;
const SAFE_KEY = /^[a-z0-9-]{1,64}$/;

/**
 * What is read from disk is bounded whatever is planted there: an entry larger than this is not
 * read (a lookup's entry holds at most ten questions with their best answers: well under 1 MB),
 * and a read that has not finished within the time limit is given up.
 */
export const CACHE_LIMITS = { entryBytes: 2 * 1024 * 1024, readMs: 2_000 } as const;

/**
 * Opens an entry without following a symbolic link (a link to /dev/zero would be read for ever) and
 * without blocking (a FIFO would hold the read until a writer came). On Windows neither flag exists
 * and both are 0.
 */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

/** Why an entry on disk was not read. */
type Skipped = { readonly skipped: 'not-a-file' | 'too-large' | 'slow'; readonly what: string };

function kindOfFile(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/**
 * The text of the entry at `file`, read with every limit; undefined when there is none. Throws
 * only the errors of opening it (ENOENT, EACCES...), with ELOOP for a symbolic link.
 */
async function readEntry(file: string): Promise<string | Skipped | undefined> {
  const handle = await fsp.open(file, OPEN_FLAGS);
  let timer: NodeJS.Timeout | undefined;
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { skipped: 'not-a-file', what: kindOfFile(stat) };
    if (stat.size > CACHE_LIMITS.entryBytes) return { skipped: 'too-large', what: `${stat.size} bytes` };
    const read = (async () => {
      // One byte more than the cap: a file that grew after fstat is caught too.
      const buffer = Buffer.alloc(CACHE_LIMITS.entryBytes + 1);
      let length = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
        if (bytesRead === 0) break;
        length += bytesRead;
        if (length > CACHE_LIMITS.entryBytes) return { skipped: 'too-large', what: `over ${CACHE_LIMITS.entryBytes} bytes` } as const;
      }
      return buffer.toString('utf8', 0, length);
    })();
    const slow = new Promise<Skipped>((resolve) => {
      timer = setTimeout(() => resolve({ skipped: 'slow', what: `no answer in ${CACHE_LIMITS.readMs} ms` }), CACHE_LIMITS.readMs);
      timer.unref();
    });
    return await Promise.race([read, slow]);
  } finally {
    clearTimeout(timer);
    await handle.close().catch(() => undefined);
  }
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
  #folderReady = false;

  constructor(settings: CacheSettings<T>) {
    this.#settings = settings;
    this.#memory = new (lruCache().LRUCache)({ max: settings.maxMemoryEntries ?? 500 });
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
    let text: string | Skipped | undefined;
    try {
      text = await readEntry(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') this.#report('not-a-file', `a cache entry in ${this.#settings.dir} is a symbolic link; soet does not follow it, and asks the API`);
      else if (code !== 'ENOENT') this.#report('unreadable', `the cache folder ${this.#settings.dir} cannot be read (${code}); soet asks the API again`);
      return undefined;
    }
    if (text === undefined) return undefined;
    if (typeof text !== 'string') {
      if (text.skipped === 'not-a-file') this.#report('not-a-file', `a cache entry in ${this.#settings.dir} is ${text.what}, not a file; soet skips it and asks the API`);
      else if (text.skipped === 'slow') this.#report('slow', `a cache entry in ${this.#settings.dir} could not be read (${text.what}); soet asks the API`);
      else await this.#dropCorrupt(file);
      return undefined;
    }
    const stored = this.#parse(text);
    if (!stored) {
      await this.#dropCorrupt(file);
      return undefined;
    }
    if (stored.expiresAt <= now) return undefined;
    this.#memory.set(key, stored);
    return stored.value;
  }

  /** A corrupt or oversized entry, which soet wrote itself, is removed and will be written again. */
  async #dropCorrupt(file: string): Promise<void> {
    this.#report('corrupt', `a corrupt cache entry in ${this.#settings.dir} was ignored and will be rebuilt`);
    await fsp.rm(file, { force: true }).catch(() => undefined);
  }

  #parse(text: string): Stored<T> | undefined {
    try {
      const raw: unknown = JSON.parse(text);
      if (typeof raw !== 'object' || raw === null) return undefined;
      const { version, expiresAt, value } = raw as Record<string, unknown>;
      if (version !== FORMAT_VERSION || typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return undefined;
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
      await this.#ensureFolder();
      // wx: never write through a file or link already there.
      await fsp.writeFile(temporary, JSON.stringify(stored), { mode: 0o600, flag: 'wx' });
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

  /**
   * Creates the cache folder readable by its owner alone (mode 700); its parents get the usual
   * mode. A folder soet made before with a wider mode (0.1.0 made them 755) is narrowed: only a
   * folder named `soet` and owned by this user, the name soet gives its folders, so a folder the
   * user chose and shares (SOET_CACHE_DIR) is left as it is.
   */
  async #ensureFolder(): Promise<void> {
    const { dir } = this.#settings;
    if (dir === null || this.#folderReady) return;
    const makeFolder = (): Promise<void> =>
      fsp.mkdir(dir, { mode: 0o700 }).then(
        () => undefined,
        (error: NodeJS.ErrnoException) => {
          if (error.code !== 'EEXIST') throw error;
        },
      );
    try {
      await makeFolder();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await fsp.mkdir(path.dirname(dir), { recursive: true });
      await makeFolder();
    }
    if (process.platform !== 'win32' && path.basename(dir) === 'soet') {
      const stat = await fsp.lstat(dir);
      if (stat.isDirectory() && stat.uid === process.getuid?.() && (stat.mode & 0o077) !== 0) await fsp.chmod(dir, 0o700).catch(() => undefined);
    }
    this.#folderReady = true;
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
        const stat = await fsp.lstat(file).catch(() => undefined);
        if (!stat?.isFile()) continue;
        if (!name.endsWith('.tmp') && this.#settings.owns && !this.#settings.owns.test(name)) continue;
        const stale = name.endsWith('.tmp') ? stat.mtimeMs < now - 60_000 : !name.endsWith('.json');
        if (stale) {
          if (name.endsWith('.tmp')) await fsp.rm(file, { force: true });
          continue;
        }
        const text = await readEntry(file).catch(() => undefined);
        const stored = typeof text === 'string' ? this.#parse(text) : undefined;
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
