import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { holderIsAlive, processStartOf, type LockHolder } from './process-liveness.ts';

export type { LockHolder } from './process-liveness.ts';

export const LOCK_FILE = 'foyer.lock';

/** Another live process owns the data directory: nothing of it may be opened here. */
export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(`the data directory ${dataDir} is in use by process ${holder.pid} (foyer ${holder.owner})`);
  }
}

export interface DataDirLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void;
}

/** Locks held by this process, so that a second open in the same process is refused too. */
const heldHere = new Map<string, DataDirLock>();

/**
 * Takes the data directory for this process alone: the embedded database is one set of files
 * that two processes must never open together (PGlite aborts, or silently loses writes).
 *
 * The lock is a file created atomically (it appears whole, through `link`, or not at all) holding
 * the owner's pid, its kernel start time and a random nonce. A lock whose process is dead (kill -9,
 * power loss) is stale and is taken over; see `removeStale` for why two starters cannot both win.
 */
export async function acquireDataDirLock(dataDir: string, owner: string): Promise<DataDirLock> {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lockPath = path.join(fs.realpathSync(dataDir), LOCK_FILE);
  const here = heldHere.get(lockPath);
  if (here) throw new DataDirInUseError(dataDir, here.holder);
  const holder: LockHolder = {
    pid: process.pid,
    owner,
    startedAt: new Date().toISOString(),
    processStart: processStartOf(process.pid),
    nonce: randomBytes(12).toString('hex'),
  };
  for (let attempt = 0; attempt < 100; attempt++) {
    if (tryCreate(lockPath, holder)) return remember(lockPath, holder);
    const seen = readLock(lockPath);
    if (!seen) continue; // released between our two calls
    if (seen.holder && holderIsAlive(seen.holder, isHeldHere)) throw new DataDirInUseError(dataDir, seen.holder);
    const created = removeStale(lockPath, seen, holder);
    if (created) return remember(lockPath, holder);
    await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 30));
  }
  throw new Error(`could not lock the data directory ${dataDir}: another process kept taking over its stale lock ${lockPath}; try again`);
}

/** Who holds the data directory right now, if anyone alive does. */
export function dataDirHolder(dataDir: string): LockHolder | null {
  let lockPath: string;
  try {
    lockPath = path.join(fs.realpathSync(dataDir), LOCK_FILE);
  } catch {
    return null;
  }
  const seen = readLock(lockPath);
  return seen?.holder && holderIsAlive(seen.holder, isHeldHere) ? seen.holder : null;
}

function isHeldHere(holder: LockHolder): boolean {
  return [...heldHere.values()].some((lock) => lock.holder.nonce === holder.nonce);
}

function remember(lockPath: string, holder: LockHolder): DataDirLock {
  const lock: DataDirLock = {
    path: lockPath,
    holder,
    release() {
      if (heldHere.get(lockPath) !== lock) return;
      heldHere.delete(lockPath);
      if (readLock(lockPath)?.holder?.nonce === holder.nonce) fs.rmSync(lockPath, { force: true });
    },
  };
  heldHere.set(lockPath, lock);
  return lock;
}

/** A process that exits without closing (an uncaught error) leaves no lock behind. */
process.once('exit', () => {
  for (const lock of heldHere.values()) lock.release();
});

/** Creates the lock file with its full content in one step; false if it already exists. */
function tryCreate(lockPath: string, holder: LockHolder): boolean {
  const draft = `${lockPath}.${holder.pid}.${holder.nonce}.tmp`;
  fs.writeFileSync(draft, JSON.stringify(holder) + '\n', { mode: 0o600 });
  try {
    fs.linkSync(draft, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.rmSync(draft, { force: true });
  }
}

/** A lock file as read: its holder (null if unreadable) and its inode. */
export interface SeenLock {
  holder: LockHolder | null;
  ino: number;
}

export function readLock(file: string): SeenLock | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const { ino } = fs.fstatSync(fd);
    return { ino, holder: parseHolder(fs.readFileSync(fd, 'utf8')) };
  } finally {
    fs.closeSync(fd);
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || typeof value.nonce !== 'string') return null;
    return { pid: value.pid, owner: String(value.owner ?? '?'), startedAt: String(value.startedAt ?? ''), processStart: value.processStart ?? null, nonce: value.nonce };
  } catch {
    return null;
  }
}

const ABANDONED_CLAIM_MS = 10_000;

/**
 * Removes a stale lock and creates ours, without a window where two starters both remove "the
 * stale lock" and the second one deletes the first one's fresh lock. A starter first claims the
 * stale file by hard-linking it to `<lock>.stale-<inode>`: `link` fails if that name exists, so
 * only one starter holds the claim, and the claim keeps the inode alive so a fresh lock never gets
 * the same inode. Holding it, the starter checks that the claim and the lock are still that very
 * file (same inode, same nonce), removes the lock, creates its own, and only then drops the claim.
 * A claim left by a starter that died in those few microseconds is dropped after 10 s.
 */
export function removeStale(lockPath: string, seen: SeenLock, mine: LockHolder): boolean {
  const claim = `${lockPath}.stale-${seen.ino}`;
  try {
    fs.linkSync(lockPath, claim);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    if (code !== 'EEXIST') throw error;
    dropAbandonedClaim(claim);
    return false;
  }
  try {
    const claimed = readLock(claim);
    const current = fs.statSync(lockPath, { throwIfNoEntry: false });
    const same = claimed?.ino === seen.ino && current?.ino === seen.ino && claimed.holder?.nonce === seen.holder?.nonce;
    if (!same) return false;
    fs.rmSync(lockPath);
    return tryCreate(lockPath, mine);
  } finally {
    fs.rmSync(claim, { force: true });
  }
}

function dropAbandonedClaim(claim: string): void {
  const stat = fs.statSync(claim, { throwIfNoEntry: false });
  if (stat && Date.now() - stat.ctimeMs > ABANDONED_CLAIM_MS) fs.rmSync(claim, { force: true });
}
