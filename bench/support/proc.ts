/** CPU accounting from Linux /proc for the benches (NaN or null elsewhere). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const TICK_MS = 1000 / Number(tryRun('getconf', ['CLK_TCK']) || 100);

/** A command's trimmed output, or '' when it fails or does not exist. */
export function tryRun(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/** CPU time (user + system) a process — or, with `statFile`, a thread — has used so far, in ms. */
export function procCpuMs(pid: number | null, statFile = `/proc/${pid}/stat`): number {
  if (!pid) return NaN;
  try {
    const stat = fs.readFileSync(statFile, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS; // utime + stime
  } catch {
    return NaN;
  }
}

/** CPU time the whole machine has used so far (all cores), in ms. */
export function machineCpuMs(): number {
  try {
    const [, ...v] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = v;
    return (user + nice + system + irq + softirq + steal) * TICK_MS;
  } catch {
    return NaN;
  }
}

/** The first process whose command name is one of `names`. */
export function findPid(names: string[]): number | null {
  try {
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        if (names.includes(fs.readFileSync(`/proc/${d}/comm`, 'utf8').trim())) return Number(d);
      } catch {
        /* gone */
      }
    }
  } catch {
    /* no /proc */
  }
  return null;
}
