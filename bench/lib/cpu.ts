/** CPU counters from /proc (Linux): the whole machine, and the PostgreSQL server's processes. */
import { readdirSync, readFileSync } from 'node:fs';

export interface MachineSample { busy: number; total: number }

export function machineSample(): MachineSample | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
    const total = user + nice + system + idle + iowait + irq + softirq + steal;
    return { busy: total - idle - iowait, total };
  } catch {
    return null;
  }
}

/** Share of all cores busy between two samples (1 = every core busy all the time). */
export function machineBusy(a: MachineSample | null, b: MachineSample | null): number | null {
  if (!a || !b || b.total === a.total) return null;
  return (b.busy - a.busy) / (b.total - a.total);
}

/** CPU seconds used so far by every process named `postgres` (the server and its backends). */
export function postgresCpuSeconds(): number | null {
  try {
    const ticks = 100; // USER_HZ on Linux
    let sum = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      const open = stat.indexOf('(');
      const close = stat.lastIndexOf(')');
      if (!stat.slice(open + 1, close).startsWith('postgres')) continue;
      const rest = stat.slice(close + 2).split(' ');
      // Fields 14 and 15 (utime, stime) are at index 11 and 12 after the command.
      sum += Number(rest[11]) + Number(rest[12]);
    }
    return sum / ticks;
  } catch {
    return null;
  }
}

export function cpuSeconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}
