import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';

/**
 * One process per DATA_DIR. PGlite is an embedded PostgreSQL: two processes on one folder each see only
 * their own writes and end up destroying the folder. The lock is a file, `DATA_DIR/wadesk.lock`, that
 * names its holder; it never outlives the holder because a newcomer checks that the holder still runs
 * (same pid *and* same process start time, so a reused pid does not count) and takes over a stale lock at
 * once, without waiting for any timeout.
 */

export interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
  url: string | null;
}

/** What the lock file holds: the public holder plus what tells a live holder from a reused pid. */
interface LockRecord extends LockHolder {
  /** Start time of the process in clock ticks since boot (/proc/<pid>/stat field 22), when known. */
  processStart: string | null;
  /** What opened the folder ("server", "migrate"…), for the refusal message. */
  purpose: string;
}

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  constructor(readonly dataDir: string, readonly holder: LockHolder, purpose?: string) {
    super(lockedMessage(dataDir, holder, purpose));
  }
}

export interface DataDirLock {
  /** Records where the holder answers (other tools, e.g. the CLI, talk to the running server). */
  setUrl(url: string): Promise<void>;
  release(): Promise<void>;
}

export const LOCK_FILE = 'wadesk.lock';

/** Takes the folder's lock or throws DataDirLockedError. */
export async function acquireDataDirLock(dataDir: string, purpose: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_FILE);
  const record: LockRecord = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    url: null,
    processStart: processStartOf(process.pid),
    purpose,
  };
  // A few rounds at most: each one either wins, finds a live holder, or removes one stale lock.
  for (let round = 0; round < 5; round += 1) {
    if (await createExclusive(lockPath, record)) return heldLock(lockPath, record);
    const current = await readRecord(lockPath);
    if (current === 'missing') continue;
    if (current !== 'unreadable' && isAlive(current)) throw new DataDirLockedError(dataDir, current, current.purpose);
    await removeStale(lockPath, current);
  }
  const holder = await readRecord(lockPath);
  if (typeof holder === 'object') throw new DataDirLockedError(dataDir, holder, holder.purpose);
  throw new Error(`could not take the lock ${lockPath}: other processes keep replacing it`);
}

/** The live holder of the folder's lock, or null when unlocked or stale. */
export async function readLockHolder(dataDir: string): Promise<LockHolder | null> {
  const record = await readRecord(path.join(dataDir, LOCK_FILE));
  if (typeof record !== 'object' || !isAlive(record)) return null;
  return { pid: record.pid, hostname: record.hostname, startedAt: record.startedAt, url: record.url };
}

function lockedMessage(dataDir: string, holder: LockHolder, purpose: string | undefined): string {
  const started = new Date(holder.startedAt);
  const time = Number.isNaN(started.getTime()) ? holder.startedAt : started.toTimeString().slice(0, 5);
  const details = [
    `pid ${holder.pid}${holder.hostname === hostname() ? '' : ` on ${holder.hostname}`}`,
    ...(purpose && purpose !== 'server' ? [purpose] : []),
    `started ${time}`,
    ...(holder.url ? [holder.url] : []),
  ];
  return `wadesk: ${dataDir} is in use by another wadesk process (${details.join(', ')}); stop it first or use another DATA_DIR`;
}

/**
 * Creates the lock file with its whole content in one step: written under a private name, then hard-linked
 * to the lock's name, which fails if the lock exists. Nobody can ever read a half-written lock.
 */
async function createExclusive(lockPath: string, record: LockRecord): Promise<boolean> {
  const temp = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(temp, JSON.stringify(record), { flag: 'wx' });
  try {
    await link(temp, lockPath);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/**
 * Moves a stale lock out of the way. The rename is atomic, so of two newcomers only one moves it; if what
 * was moved turns out not to be the stale lock judged (another newcomer had already replaced it with its
 * own, live one), it is put back.
 */
async function removeStale(lockPath: string, judged: LockRecord | 'unreadable'): Promise<void> {
  const aside = `${lockPath}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await rename(lockPath, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const moved = await readRecord(aside);
  const sameAsJudged = typeof moved === 'object' && typeof judged === 'object'
    ? moved.pid === judged.pid && moved.startedAt === judged.startedAt && moved.hostname === judged.hostname
    : moved === judged;
  if (!sameAsJudged && typeof moved === 'object' && isAlive(moved)) await link(aside, lockPath).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

async function readRecord(file: string): Promise<LockRecord | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
  try {
    const value = JSON.parse(text) as Partial<LockRecord>;
    if (typeof value.pid !== 'number' || typeof value.hostname !== 'string' || typeof value.startedAt !== 'string') return 'unreadable';
    return {
      pid: value.pid,
      hostname: value.hostname,
      startedAt: value.startedAt,
      url: typeof value.url === 'string' ? value.url : null,
      processStart: typeof value.processStart === 'string' ? value.processStart : null,
      purpose: typeof value.purpose === 'string' ? value.purpose : 'server',
    };
  } catch {
    return 'unreadable';
  }
}

/**
 * Whether the recorded holder still runs. A holder on another host (a shared network folder) cannot be
 * checked from here and counts as alive: refusing is safe, taking over might not be.
 */
function isAlive(record: LockRecord): boolean {
  if (record.hostname !== hostname()) return true;
  const start = processStartOf(record.pid);
  if (start === 'dead') return false;
  if (start !== null) return record.processStart === null || record.processStart === start;
  // No /proc (macOS, BSD): signal 0 tells whether the pid exists, not whether it is the same process.
  try {
    process.kill(record.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The process's start time from /proc/<pid>/stat; 'dead' when the process is gone (or a zombie, which
 * will never touch the folder again); null when /proc is not available.
 */
function processStartOf(pid: number): string | 'dead' | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return procAvailable() ? 'dead' : null;
    return null;
  }
  // The command name (field 2) is in parentheses and may itself contain spaces or parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  if (state === 'Z' || state === 'X') return 'dead';
  return fields[19] ?? null;
}

function procAvailable(): boolean {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
}

function heldLock(lockPath: string, record: LockRecord): DataDirLock {
  let held = true;
  const ours = (found: LockRecord | 'missing' | 'unreadable') =>
    typeof found === 'object' && found.pid === record.pid && found.startedAt === record.startedAt && found.hostname === record.hostname;
  // A process that exits without closing the database (a crash, process.exit) leaves no lock behind.
  const onExit = () => {
    try {
      const text = readFileSync(lockPath, 'utf8');
      const found = JSON.parse(text) as LockRecord;
      if (ours(found)) unlinkSync(lockPath);
    } catch {
      // Already gone, or not ours: nothing to clean up.
    }
  };
  process.on('exit', onExit);
  return {
    async setUrl(url) {
      if (!held) return;
      record.url = url;
      const temp = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}`;
      await writeFile(temp, JSON.stringify(record));
      await rename(temp, lockPath);
    },
    async release() {
      if (!held) return;
      held = false;
      process.off('exit', onExit);
      if (ours(await readRecord(lockPath))) await unlink(lockPath).catch(() => undefined);
    },
  };
}
