import fs from 'node:fs';

/** What a lock file says about its owner. */
export interface LockHolder {
  pid: number;
  /** The command that took the lock (`serve`, `broker:create`…), for the refusal message. */
  owner: string;
  startedAt: string;
  /** The kernel's start time of the process (Linux), so that a reused pid is not mistaken for it. */
  processStart: string | null;
  /** Random, unique to this acquisition. */
  nonce: string;
}

/**
 * Start time of a process in clock ticks since boot (field 22 of /proc/<pid>/stat), or null where
 * /proc does not exist. The command name (field 2) may hold spaces, hence the split after ')'.
 */
export function processStartOf(pid: number): string | null {
  const stat = readStat(pid);
  return stat ? (stat[19] ?? null) : null;
}

function readStat(pid: number): string[] | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/**
 * Whether the process that wrote a lock still runs. A pid equal to ours is a previous life of this
 * pid (a container restarted: the server is pid 1 again) unless this very process holds the lock.
 */
export function holderIsAlive(holder: LockHolder, heldByThisProcess: (holder: LockHolder) => boolean): boolean {
  if (holder.pid === process.pid) return heldByThisProcess(holder);
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const stat = readStat(holder.pid);
  if (!stat) return true;
  if (stat[0] === 'Z' || stat[0] === 'X') return false; // killed, not yet reaped
  return holder.processStart === null || stat[19] === holder.processStart;
}
