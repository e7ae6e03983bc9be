import fs from 'node:fs';

/** USER_HZ, the unit of /proc's CPU times: 100 on Linux. */
const TICK_MS = 1000 / 100;

/**
 * CPU time of this process's main thread alone, user and system, in ms (Linux: its tid is the
 * process id; NaN elsewhere). Worker threads (a load generator, a receiver) are left out, and load
 * on the other cores moves it far less than wall-clock rates. Resolution: 10 ms.
 */
export function mainThreadCpuMs(): { user: number; system: number } {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) * TICK_MS, system: Number(fields[12]) * TICK_MS };
  } catch {
    return { user: NaN, system: NaN };
  }
}
