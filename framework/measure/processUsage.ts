// The controller's CPU and memory per phase as the kernel counts them, for a controller process this run started on
// this machine: CPU from /proc/<pid>/stat, the peak resident set from VmHWM, reset at each phase boundary. Unlike a
// once-a-second scrape of /metrics, the high-water mark cannot miss a short peak.
import type { PhaseMeasurement } from './measurement.js';
import { type Measured, notMeasured } from './notMeasured.js';
import { clockTicksPerSecond, cpuSeconds, readMemory, readStat, resetPeakResident } from './procfs.js';

export interface ProcessUsage {
  /** utime + stime over the phase. */
  readonly cpuSeconds: number;
  /**
   * cutime + cstime over the phase: the CPU of child processes it ran and waited for (kgateway's STRICT validation runs
   * `envoy --mode validate` per check). Not in cpuSeconds. Absent in older reports.
   */
  readonly childrenCpuSeconds?: number;
  /** VmHWM at the phase's end, reset at its start: the largest resident set during the phase. */
  readonly residentBytesPeak: number;
  /** VmRSS at the phase's end. */
  readonly residentBytesEnd: number;
}

interface Reading {
  readonly startTicks: number;
  readonly cpuSeconds: number;
  readonly childrenTicks: number;
}

export class ProcessUsageMeter implements PhaseMeasurement<ProcessUsage> {
  private phaseStart: Measured<Reading> = notMeasured('no phase was started');

  constructor(
    private readonly pid: number,
    /** What the process is, for "not measured" reasons. */
    private readonly what = 'the controller',
  ) {}

  /** Reads the CPU time and resets the high-water mark: the start of a phase. */
  private begin(): Measured<Reading> {
    const stat = readStat(this.pid);
    const cpu = cpuSeconds(this.pid);
    if (!stat || cpu === undefined) return notMeasured(`${this.what} process ${this.pid} is gone`);
    try {
      resetPeakResident(this.pid);
    } catch (error) {
      return notMeasured(`cannot reset the memory high-water mark of process ${this.pid} (${(error as Error).message})`);
    }
    return { startTicks: stat.startTicks, cpuSeconds: cpu, childrenTicks: stat.childrenTicks };
  }

  async start(): Promise<void> {
    this.phaseStart = this.begin();
  }

  /** Reads synchronously (the phase's edge), then resets the high-water mark for the next phase. */
  async collect(): Promise<Measured<ProcessUsage>> {
    const start = this.phaseStart;
    const stat = readStat(this.pid);
    const cpu = cpuSeconds(this.pid);
    const memory = readMemory(this.pid);
    this.phaseStart = this.begin();
    if ('notMeasured' in start) return start;
    if (!stat || cpu === undefined || !memory) return notMeasured(`${this.what} process ${this.pid} ended during the phase`);
    if (stat.startTicks !== start.startTicks) return notMeasured(`process ${this.pid} is another process now: ${this.what} restarted`);
    return {
      cpuSeconds: cpu - start.cpuSeconds,
      childrenCpuSeconds: (stat.childrenTicks - start.childrenTicks) / clockTicksPerSecond(),
      residentBytesPeak: memory.peakResidentBytes,
      residentBytesEnd: memory.residentBytes,
    };
  }

  stop(): void {}
}
