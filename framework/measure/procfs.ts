// What the Linux kernel knows about a process, read from /proc: its state and parent, its CPU time, its memory
// high-water mark (and how to reset it). The one place this project parses /proc (the suites' process checks, the
// bench and the controller's per-phase usage all read it here).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

export interface ProcStat {
  /** R, S, D, Z, ... (a zombie, Z, has ended). */
  readonly state: string;
  readonly ppid: number;
  /** User and system CPU time, in clock ticks (clockTicksPerSecond()). */
  readonly utimeTicks: number;
  readonly stimeTicks: number;
  /** CPU time of its children that it has waited for (cutime + cstime): the processes it ran to completion. */
  readonly childrenTicks: number;
  /** Start time after boot, in clock ticks: with the pid, it names one process (pids are reused). */
  readonly startTicks: number;
}

/** /proc/<pid>/stat, or undefined once the process is gone. */
export function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name may contain spaces and parentheses; the fields after its last ')' are fixed (proc(5)):
  // state is field 3, so fields[i] is field i + 3: ppid 4, utime 14, stime 15, cutime 16, cstime 17, starttime 22.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    state: fields[0] ?? '?',
    ppid: Number(fields[1]),
    utimeTicks: Number(fields[11]),
    stimeTicks: Number(fields[12]),
    childrenTicks: Number(fields[13]) + Number(fields[14]),
    startTicks: Number(fields[19]),
  };
}

let ticksPerSecond: number | undefined;

/** The kernel's clock ticks per second (`getconf CLK_TCK`, 100 on almost every Linux). */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    if (!Number.isInteger(value) || value <= 0) throw new Error(`getconf CLK_TCK answered ${JSON.stringify(value)}`);
    ticksPerSecond = value;
  }
  return ticksPerSecond;
}

/** CPU seconds (user + system) the process has used so far, or undefined once it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  const stat = readStat(pid);
  return stat && (stat.utimeTicks + stat.stimeTicks) / clockTicksPerSecond();
}

export interface ProcMemory {
  /** VmHWM: the peak resident set since the process started or since resetPeakResident(). */
  readonly peakResidentBytes: number;
  /** VmRSS: the resident set now. */
  readonly residentBytes: number;
}

/** VmHWM and VmRSS from /proc/<pid>/status, or undefined once the process is gone. */
export function readMemory(pid: number): ProcMemory | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kib = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(text);
    if (!match) throw new Error(`/proc/${pid}/status has no ${field} line`);
    return Number(match[1]) * 1024;
  };
  return { peakResidentBytes: kib('VmHWM'), residentBytes: kib('VmRSS') };
}

/** Resets the process's VmHWM to its current VmRSS (writing 5 to clear_refs, proc(5); Linux 4.0 and later). */
export function resetPeakResident(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/** A zombie has ended; only its exit status waits to be collected. */
export function isAlive(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}

/** Living children of `parent`. */
export function childPids(parent: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => readStat(pid)?.ppid === parent && isAlive(pid));
}

/** The kernel's name for a process (its first 15 characters), or "" once it is gone. */
export function commandName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/**
 * The machine's CPU time so far, summed over its cores, from the first line of /proc/stat: busy, stolen and in total.
 * Steal (a virtual machine's time taken by the hypervisor for others) is not this machine's work: it is kept apart.
 */
export function machineCpuSeconds(): MachineCpu {
  return parseMachineCpu(readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '', clockTicksPerSecond());
}

export interface MachineCpu {
  readonly busy: number;
  readonly steal: number;
  readonly total: number;
}

/** /proc/stat's `cpu` line in seconds: user nice system idle iowait irq softirq steal (guest is within user and nice). */
export function parseMachineCpu(line: string, ticksPerSecond: number): MachineCpu {
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  const busy = user + nice + system + irq + softirq;
  return { busy: busy / ticksPerSecond, steal: steal / ticksPerSecond, total: (busy + steal + idle + iowait) / ticksPerSecond };
}
