import { hostname } from 'node:os';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Who holds a PGlite data folder: PGlite is one process, so a folder is opened by one process at a time. */
export interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
  /** Where the holding server answers (its admin API), once it listens; null for tools. */
  url: string | null;
}

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string, readonly holder: LockHolder) {
    super(`${dataDir} is in use by process ${holder.pid} on ${holder.hostname} (since ${holder.startedAt})`);
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  /** Records the server's address so that tools (the `wadesk` CLI) can go through it. */
  setUrl(url: string): Promise<void>;
  release(): Promise<void>;
}

const lockFile = (dataDir: string) => path.join(path.resolve(dataDir), 'wadesk.lock');

/** The live holder of the folder, or null when it is free (a holder that died does not count). */
export async function readLockHolder(dataDir: string): Promise<LockHolder | null> {
  let holder: LockHolder;
  try {
    holder = JSON.parse(await readFile(lockFile(dataDir), 'utf8')) as LockHolder;
  } catch {
    return null;
  }
  return isAlive(holder) ? holder : null;
}

function isAlive(holder: LockHolder): boolean {
  // Another machine's process cannot be probed (a shared network folder): trust its lock.
  if (holder.hostname !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder or throws DataDirLockedError; a lock left by a dead process is taken over. */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  const file = lockFile(dataDir);
  await mkdir(path.dirname(file), { recursive: true });
  const holder: LockHolder = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(), url: null };
  for (let attempt = 0; ; attempt += 1) {
    try {
      // O_EXCL: of two processes starting at once, exactly one creates the file.
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(JSON.stringify(holder));
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw lockedOr(err, dataDir, await readLockHolder(dataDir));
      const current = await readLockHolder(dataDir);
      if (current) throw new DataDirLockedError(dataDir, current);
      await rm(file, { force: true });
    }
  }
  return {
    setUrl: async (url) => writeFile(file, JSON.stringify({ ...holder, url })),
    release: async () => {
      const current = await readFile(file, 'utf8').then((text) => JSON.parse(text) as LockHolder, () => null);
      if (current?.pid === process.pid && current.hostname === holder.hostname) await rm(file, { force: true });
    },
  };
}

function lockedOr(err: unknown, dataDir: string, holder: LockHolder | null): unknown {
  return holder ? new DataDirLockedError(dataDir, holder) : err;
}
