// One machine as a child process of start-all (execa): its live status, its stderr tail, stopping and killing it.
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { execa, type ResultPromise } from 'execa';
import type { MachineStatus } from '../runtime/machine-runtime.js';
import { heldLaunch, machineBuildFor, machineEnv, machineLaunchArgs } from './machine-script.js';
import { parseControlLine, type LogFailure } from './control-lines.js';

export interface MachineExit {
  id: number;
  exitCode: number | null;
  signal: string | null;
  /** Last lines of stderr, for naming what went wrong. */
  stderrTail: string;
  /** Whether it exited before start-all asked it to stop. */
  early: boolean;
  /** Whether the fault schedule killed it (a planned crash, not a failure). */
  killedByFault: boolean;
  /** Whether it ever said its server listens (its first status line): false for one stopped while it was starting. */
  listened: boolean;
  /** Whether its log ends with a stop record (set by start-all after the run, for the last process of each machine). */
  logStopped?: boolean;
  /** Killed by start-all because it was still running `forceKilledAfterMs` after its stop signal. */
  forceKilledAfterMs?: number;
  /** The stop signal the machine said it was stopping on (its `@stop` line), if it said one. */
  stopSignal?: string;
  /** When it said so (performance.now() of start-all), with stopSignal. */
  stopSaidAtMs?: number;
  /** Its log could not be written (its `@logfail` line): it stopped for that, whatever signal then ended it. */
  logFailure?: LogFailure;
}

export class MachineProcess {
  status: MachineStatus | undefined;
  /** It has reported ticking at least once (its status says ticking: false again once it stops ticking). */
  everTicked = false;
  /** When its last status line came (Date.now()): the live display marks a ticking machine silent for long. */
  statusAt: number | undefined;
  readonly incarnation: number;
  readonly earlierTicks: number;
  /** Node's arguments for the machine: its flags, snapshot or bundle, then the machine's own. */
  readonly nodeArgs: readonly string[];
  private readonly child: ResultPromise;
  private readonly stderrLines: string[] = [];
  private stopRequested = false;
  private killedByFault = false;
  private resolveTicking!: () => void;
  private resolveListening!: () => void;
  private resolveNotTicking: (() => void) | undefined;
  private hasExited = false;
  private hasListened = false;
  private stopSignal: string | undefined;
  private stopSaidAtMs: number | undefined;
  private logFailure: LogFailure | undefined;
  /** Its stop signal came from someone else, before start-all asked it to stop. */
  private stoppedFromOutside = false;
  /** Resolves when the machine reports that it has started ticking. */
  readonly ticking = new Promise<void>((resolve) => (this.resolveTicking = resolve));
  /** Resolves when the machine reports that its server listens (its first status line). */
  readonly listening = new Promise<void>((resolve) => (this.resolveListening = resolve));
  readonly exited: Promise<MachineExit>;

  /**
   * `held`: the process waits, using no CPU, until release() (see heldLaunch); otherwise the machine starts at once.
   * `incarnation` and `earlierTicks` are for the live view: which process of the machine this is (1 unless the fault
   * schedule restarted it), and the ticks of the ones before it. `onWarn` gets each warning the machine logs.
   */
  constructor(
    readonly id: number,
    args: string[],
    options: {
      killAfterMs: number;
      /** Its tick rate, which picks how Node runs it (machineBuildFor: jitless up to 1,000/s); none: with V8's compilers. */
      rate?: number;
      held?: boolean;
      incarnation?: number;
      earlierTicks?: number;
      onWarn?: (reason: string) => void;
      /** The machine said it is stopping on a signal start-all did not send (someone stopped it): told at once. */
      onStoppedFromOutside?: (signal: string) => void;
    },
  ) {
    this.incarnation = options.incarnation ?? 1;
    this.earlierTicks = options.earlierTicks ?? 0;
    this.nodeArgs = [...machineLaunchArgs(machineBuildFor(options.rate)), String(id), ...args];
    const [file, fileArgs] = options.held ? heldLaunch(this.nodeArgs) : [process.execPath, this.nodeArgs];
    this.child = execa(file, fileArgs, {
      reject: false,
      buffer: false,
      stdin: options.held ? 'pipe' : 'ignore',
      env: machineEnv(),
      extendEnv: false,
      forceKillAfterDelay: options.killAfterMs,
      cleanup: true,
    });
    // Writing the release to a held machine that has already died fails (EPIPE); its exit says what happened.
    this.child.stdin?.on('error', () => {});
    // A malformed line (cut, not JSON) is ignored: parseControlLine never throws out of this handler.
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      const parsed = parseControlLine(line);
      if (parsed?.kind === 'warn') options.onWarn?.(parsed.reason);
      if (parsed?.kind === 'logfail') this.logFailure ??= parsed.failure;
      if (parsed?.kind === 'stop' && this.stopSignal === undefined) {
        this.stopSignal = parsed.signal;
        this.stopSaidAtMs = performance.now();
        // It exits only after its shutdown (up to the grace period): the run learns of it now, not then.
        if (!this.stopRequested) {
          this.stoppedFromOutside = true;
          options.onStoppedFromOutside?.(this.stopSignal);
        }
      }
      if (parsed?.kind !== 'status') return;
      this.status = parsed.status;
      this.statusAt = Date.now();
      this.hasListened = true;
      this.resolveListening();
      if (this.status.ticking) {
        this.everTicked = true;
        this.resolveTicking();
      } else this.resolveNotTicking?.();
    });
    const stderr = createInterface({ input: this.child.stderr! });
    stderr.on('line', (line) => {
      this.stderrLines.push(line);
      if (this.stderrLines.length > 10) this.stderrLines.shift();
    });
    const stderrClosed = once(stderr, 'close');
    this.exited = Promise.all([this.child, stderrClosed]).then(([result]) => ({
      id,
      exitCode: result.exitCode ?? null,
      signal: result.signal ?? null,
      stderrTail: this.stderrLines.join('\n'),
      early: !this.stopRequested || this.stoppedFromOutside,
      killedByFault: this.killedByFault,
      listened: this.hasListened,
      ...(result.isForcefullyTerminated ? { forceKilledAfterMs: options.killAfterMs } : {}),
      ...(this.stopSignal ? { stopSignal: this.stopSignal, stopSaidAtMs: this.stopSaidAtMs } : {}),
      ...(this.logFailure ? { logFailure: this.logFailure } : {}),
    }));
    void this.exited.then(() => (this.hasExited = true));
  }

  /** Whether the process has exited before start-all stopped it: the fault schedule crashed it, or it failed. */
  get down(): boolean {
    return this.hasExited && (this.killedByFault || !this.stopRequested);
  }

  /** Whether the fault schedule killed this process. */
  get crashedByFault(): boolean {
    return this.killedByFault;
  }

  /** Lets a held machine start (a no-op for one that was not held, or after the first call). */
  release(): void {
    if (this.child.stdin && !this.child.stdin.writableEnded) this.child.stdin.end('start\n');
  }

  /** Ends a held machine that was never released: its shell reads no line and exits without starting it. */
  discard(): void {
    this.stopRequested = true;
    this.child.stdin?.end();
  }

  /**
   * Asks the machine to stop ticking and keep its connections (SIGUSR2). Resolves once it reports that it has, or has
   * exited, or after `timeoutMs`. A machine that has not yet said it listens is not signalled: it may not handle the
   * signal yet, and SIGUSR2 would end it.
   */
  async stopTicking(timeoutMs: number): Promise<void> {
    if (!this.status || this.hasExited) return;
    const reported = new Promise<void>((resolve) => (this.resolveNotTicking = resolve));
    this.signal('SIGUSR2');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([reported, this.exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  /** Kills the machine at once (a crash for the fault schedule): not counted as a failure. */
  kill(): void {
    this.stopRequested = true;
    this.killedByFault = true;
    this.child.kill('SIGKILL');
  }

  /** Asks the machine to shut down (SIGTERM calls its shutdown()); execa force-kills it after the grace period. */
  stop(): void {
    this.stopRequested = true;
    this.signal('SIGTERM');
  }

  /**
   * Sends `signal`, then SIGCONT, as `kill` and systemd do: a machine paused from outside (Ctrl+Z's SIGTSTP, SIGSTOP)
   * handles it only once it runs again, and would otherwise be killed after the grace period, its log cut short.
   */
  private signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
    this.child.kill('SIGCONT');
  }
}
