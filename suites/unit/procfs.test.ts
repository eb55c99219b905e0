// /proc readings on a real child process: the kernel's high-water mark rises with an allocation and falls back when
// reset (writing 5 to clear_refs), CPU time grows with work, and the per-phase meter reports both per phase.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, test } from 'vitest';
import { ProcessUsageMeter } from '../../framework/measure/processUsage.js';
import {
  clockTicksPerSecond,
  cpuSeconds,
  isAlive,
  machineCpuSeconds,
  parseMachineCpu,
  readMemory,
  readStat,
  resetPeakResident,
} from '../../framework/measure/procfs.js';

const MiB = 2 ** 20;
const ALLOCATION = 200 * MiB;

// The child holds (and touches) a buffer of the size asked, drops it, or burns CPU for the time asked.
const CHILD = `
let held;
process.on('message', ({ op, bytes, ms }) => {
  if (op === 'alloc') held = Buffer.alloc(bytes, 1);
  // Spins until it has used ms of CPU itself (not wall time: the machine may be busy).
  const cpu = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
  if (op === 'spin') { const end = cpu() + ms; while (cpu() < end); }
  if (op !== 'free') return process.send('done');
  // V8 returns a large buffer's pages after a full collection, from a background task: collect, let it run, again.
  held = undefined;
  globalThis.gc();
  setTimeout(() => { globalThis.gc(); process.send('done'); }, 200);
});
`;

let child: ChildProcess | undefined;

afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

async function startChild(): Promise<{ pid: number; ask: (message: object) => Promise<void> }> {
  const started = spawn(process.execPath, ['--expose-gc', '-e', CHILD], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child = started;
  const pid = started.pid;
  if (pid === undefined) throw new Error('the child did not start');
  const ask = (message: object) =>
    new Promise<void>((resolve, reject) => {
      started.once('message', () => resolve());
      started.once('exit', (code) => reject(new Error(`child exited (${code})`)));
      started.send(message);
    });
  await ask({ op: 'spin', ms: 0 });
  return { pid, ask };
}

const memory = (pid: number) => {
  const read = readMemory(pid);
  if (!read) throw new Error(`process ${pid} is gone`);
  return read;
};

describe('procfs', () => {
  test('VmHWM rises with an allocation, stays after it is freed, and resets to VmRSS when 5 is written to clear_refs', async () => {
    const { pid, ask } = await startChild();
    resetPeakResident(pid);
    const before = memory(pid);
    await ask({ op: 'alloc', bytes: ALLOCATION });
    const allocated = memory(pid);
    expect(allocated.peakResidentBytes - before.peakResidentBytes).toBeGreaterThan(0.9 * ALLOCATION);
    await ask({ op: 'free' });
    const freed = memory(pid);
    // The peak remembers the allocation after the pages went back to the kernel ...
    expect(freed.residentBytes).toBeLessThan(allocated.residentBytes - 0.9 * ALLOCATION);
    // (The kernel's RSS counters are per-CPU and read approximately: a reading may lag by a few hundred KiB.)
    expect(freed.peakResidentBytes).toBeGreaterThan(allocated.peakResidentBytes - MiB);
    // ... until it is reset.
    resetPeakResident(pid);
    const reset = memory(pid);
    expect(reset.peakResidentBytes).toBeLessThan(freed.peakResidentBytes - 0.9 * ALLOCATION);
    expect(reset.peakResidentBytes).toBeGreaterThanOrEqual(reset.residentBytes);
  });

  test('CPU time (utime + stime) grows by the work done; the clock ticks come from getconf', async () => {
    const { pid, ask } = await startChild();
    expect(clockTicksPerSecond()).toBeGreaterThan(0);
    const before = cpuSeconds(pid) ?? Number.NaN;
    await ask({ op: 'spin', ms: 500 });
    const spent = (cpuSeconds(pid) ?? Number.NaN) - before;
    // 500 ms of CPU by the child's own count, give or take a few ticks.
    expect(spent).toBeGreaterThan(0.45);
    expect(spent).toBeLessThan(0.7);
  });

  test('stat names the process by its start time; a process that ended reads as gone', async () => {
    const { pid } = await startChild();
    const stat = readStat(pid);
    expect(stat?.ppid).toBe(process.pid);
    expect(stat?.startTicks).toBeGreaterThan(0);
    expect(isAlive(pid)).toBe(true);
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child?.kill('SIGKILL');
    await exited;
    expect(isAlive(pid)).toBe(false);
    expect(readMemory(pid)).toBeUndefined();
  });

  test("the machine's busy CPU leaves out steal (time the hypervisor gave to others), which is kept apart", () => {
    // user nice system idle iowait irq softirq steal guest guest_nice, in ticks of 1/100 s.
    const cpu = parseMachineCpu('cpu  1000 50 300 5000 100 20 30 400 0 0', 100);
    expect(cpu).toEqual({ busy: 14, steal: 4, total: 69 });
    const now = machineCpuSeconds();
    expect(now.busy).toBeGreaterThan(0);
    expect(now.total).toBeGreaterThanOrEqual(now.busy + now.steal);
  });
});

describe('ProcessUsageMeter', () => {
  test('reports each phase its own peak and CPU: the peak of a phase with the allocation, and not in the next', async () => {
    const { pid, ask } = await startChild();
    const meter = new ProcessUsageMeter(pid);
    await meter.start();
    await ask({ op: 'alloc', bytes: ALLOCATION });
    await ask({ op: 'free' });
    await ask({ op: 'spin', ms: 300 });
    const first = await meter.collect();
    await ask({ op: 'spin', ms: 0 });
    const second = await meter.collect();
    if ('notMeasured' in first || 'notMeasured' in second) throw new Error(`not measured: ${JSON.stringify({ first, second })}`);
    expect(first.residentBytesPeak).toBeGreaterThan(ALLOCATION);
    expect(first.residentBytesEnd).toBeLessThan(first.residentBytesPeak - 0.9 * ALLOCATION);
    expect(first.cpuSeconds).toBeGreaterThan(0.2);
    expect(second.residentBytesPeak).toBeLessThan(first.residentBytesPeak - 0.9 * ALLOCATION);
    expect(second.cpuSeconds).toBeLessThan(first.cpuSeconds);
  });

  test('a process that ends during a phase makes the phase "not measured"', async () => {
    const { pid } = await startChild();
    const meter = new ProcessUsageMeter(pid);
    await meter.start();
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child?.kill('SIGKILL');
    await exited;
    expect(await meter.collect()).toEqual({ notMeasured: `the controller process ${pid} ended during the phase` });
  });
});
