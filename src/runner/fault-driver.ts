// Applies a fault schedule during a start-all run: link proxies between machines, toxics and cuts on time, and the
// kill and restart of machine processes (through callbacks), logging every applied fault to faults.jsonl.
import { appendFileSync } from 'node:fs';
import { faultLogPath } from '../log/fault-log-path.js';
import { fileErrorReason } from '../log/file-error.js';
import { LinkProxies, describeStep, describeSteps, skippedLine, type Address, type FaultStep } from '../faults/index.js';
import { sameMoment } from '../faults/plan.js';

export interface FaultDriverOptions {
  ids: readonly number[];
  /** Each machine's real listening address. */
  machines: ReadonlyMap<number, Address>;
  seed: number;
  /** config.json's faultPorts: where the proxies may listen (null: anywhere below the ephemeral range). */
  portRange?: readonly [number, number] | null;
  steps: readonly FaultStep[];
  dir: string;
  /** Kills machine `id` (SIGKILL). */
  kill(id: number): void;
  /** Starts machine `id` again; resolves once it listens. */
  restart(id: number): Promise<void>;
  /** Prints a line for people (the applied fault). */
  say(line: string): void;
}

/** Why faults.jsonl could not be written, beyond fileErrorReason's common reasons. */
const NOT_WRITTEN: Record<string, string> = { ENOSPC: 'no space left on device', EISDIR: 'a folder is in its place', ENOENT: 'its folder was removed' };

/** A step the driver makes itself: a link into a machine held down until that machine listens. */
const holdStep = (machine: number, action: 'kill' | 'restart'): FaultStep => ({ at: 0, event: -1, label: 'start-up', action, machine });

/** How late a step must begin for its line to say so: a timer firing late is not worth a note. */
const HELD_NOTE_SECONDS = 0.5;

/**
 * What follows a fault line's description: when the step began later than its time because the step before it (a
 * restart) was still running, `held until 47.2 s by the step before it`; for a restart, `up at 47.5 s`.
 */
export function timingNote(atSeconds: number, beganSeconds: number, upSeconds?: number): string {
  const parts: string[] = [];
  if (beganSeconds - atSeconds >= HELD_NOTE_SECONDS) parts.push(`held until ${beganSeconds.toFixed(1)} s by the step before it`);
  if (upSeconds !== undefined) parts.push(`up at ${upSeconds.toFixed(1)} s`);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

export class FaultDriver {
  private timers: NodeJS.Timeout[] = [];
  private chain: Promise<void> = Promise.resolve();
  /** Groups of links going down or up, not finished yet (see inTurn). */
  private readonly closing = new Set<Promise<void>>();
  private t0 = 0;
  private stoppedAt: number | null = null;
  /** faults.jsonl could not be written once: said once, and the schedule goes on (see record). */
  private logFailed = false;
  /** The steps applied so far without an error, in the order they took effect. */
  readonly applied: FaultStep[] = [];

  private constructor(
    private readonly options: FaultDriverOptions,
    private readonly links: LinkProxies,
  ) {}

  /** Starts one proxy per directed link, every one held down until its target machine listens. */
  static async start(options: FaultDriverOptions): Promise<FaultDriver> {
    const links = await LinkProxies.start({ machines: options.machines, seed: options.seed, portRange: options.portRange ?? null });
    for (const id of options.ids) await links.apply(holdStep(id, 'kill'));
    return new FaultDriver(options, links);
  }

  /** What machine `id` dials for each peer: the proxies of its outbound links. */
  dialAddresses(id: number): Map<number, Address> {
    return this.links.peerAddresses(id);
  }

  /** Machine `id` listens: let its peers reach it. */
  listening(id: number): Promise<void> {
    return this.links.apply(holdStep(id, 'restart'));
  }

  /** Schedules every step relative to now (the moment the run's clock starts); steps past `durationSeconds` are skipped. */
  schedule(durationSeconds: number): void {
    this.t0 = Date.now();
    const skipped = this.options.steps.filter((step) => durationSeconds > 0 && step.at >= durationSeconds);
    if (skipped.length) this.options.say(skippedLine(skipped, durationSeconds, this.options.steps.filter((step) => !skipped.includes(step))));
    for (const group of sameMoment(this.options.steps.filter((step) => !skipped.includes(step)))) {
      // Steps run one after another, in plan order, even when a restart takes a while.
      this.timers.push(setTimeout(() => (this.chain = this.chain.then(() => this.inTurn(group))), group[0]!.at * 1000));
    }
  }

  /**
   * Applies a group when its turn in the plan comes. The next group waits for it, except for links going down or up:
   * a link is cut at once, but closing a busy mesh's connections takes a while (2,450 of them about a second on 2
   * cores), which would delay every later step; each proxy runs its own changes in order, so a link's `up` still
   * waits for its `down` to finish, and a kill for the links into its machine.
   */
  private inTurn(group: readonly FaultStep[]): Promise<void> {
    // Never rejects: nothing would handle it until liftAll (a link group's not even then), and Node ends the process
    // on an unhandled rejection. applyAll handles what it expects (a step failing, the fault log not written).
    const done = this.applyAll(group).catch((err: unknown) => this.options.say(`fault at ${group[0]!.at} s failed: ${describeSteps(group)}: ${(err as Error).message}`));
    if (!group.every((step) => step.action === 'down' || step.action === 'up')) return done;
    this.closing.add(done);
    void done.finally(() => this.closing.delete(done));
    return Promise.resolve();
  }

  /**
   * Applies the steps of one event at one moment (one per link of a selector such as `*`), each logged in faults.jsonl,
   * and says so in one line at the schedule's time (`fault at 2 s: links 1->2, 1->3, 2->1 and 17 more down`); a step
   * that fails has its own. A restart also says when the new process was up, which is what its record's elapsed is:
   * `fault at 45 s: restart machine 2 (up at 45.5 s)`; a step held up by the one before it says when it began
   * (timingNote).
   */
  private async applyAll(group: readonly FaultStep[]): Promise<void> {
    // A link goes down as its connections are destroyed, at once; the step ends when they have closed, which for 2,450
    // links of a busy mesh is a second later: a down is logged when it began, the rest when they took effect.
    const began = Date.now();
    // At once: each step is its own link (a `*` on 50 machines is 2,450 of them, which one by one took seconds).
    const errors = await Promise.all(group.map((step) => this.apply(step).then(() => null, (err: unknown) => err as Error)));
    const applied: FaultStep[] = [];
    let elapsed = 0;
    group.forEach((step, i) => {
      const description = describeStep(step);
      const error = errors[i];
      if (!error) {
        elapsed = this.record(step, description, null, step.action === 'down' ? began : Date.now());
        applied.push(step);
        return;
      }
      this.record(step, description, error.message);
      this.options.say(`fault at ${group[0]!.at} s failed: ${description}: ${error.message}`);
    });
    if (!applied.length) return;
    this.applied.push(...applied);
    const upAt = applied[0]!.action === 'restart' ? elapsed : undefined;
    this.options.say(`fault at ${group[0]!.at} s: ${describeSteps(applied)}${timingNote(group[0]!.at, (began - this.t0) / 1000, upAt)}`);
  }

  private async apply(step: FaultStep): Promise<void> {
    if (step.action === 'kill') {
      await this.links.apply(step);
      this.options.kill(step.machine);
    } else if (step.action === 'restart') {
      await this.options.restart(step.machine);
      await this.links.apply(step);
    } else await this.links.apply(step);
  }

  /**
   * Logs a step once its action has taken effect (or failed); returns the seconds since the schedule began. The
   * record's `time` and `elapsed` are the same instant: a kill or a restart takes a while, and `at` keeps the plan.
   * A log that cannot be written (a full disk, the run folder removed) is said once; the schedule goes on, its faults
   * still applied and printed.
   */
  private record(step: FaultStep, description: string, error: string | null, now = Date.now()): number {
    const elapsed = (now - this.t0) / 1000;
    const entry = { time: new Date(now).toISOString(), at: step.at, elapsed: Math.round(elapsed * 1000) / 1000, action: step.action, description, ...('link' in step ? { link: step.link } : { machine: step.machine }), ...(error ? { error } : {}) };
    try {
      appendFileSync(faultLogPath(this.options.dir), JSON.stringify(entry) + '\n');
    } catch (err) {
      if (!this.logFailed) this.options.say(`fault log cannot be written: ${faultLogPath(this.options.dir)}: ${fileErrorReason(err, NOT_WRITTEN)}; the faults are still applied`);
      this.logFailed = true;
    }
    return elapsed;
  }

  /**
   * At the end of the run: cancels pending steps, waits for one in progress, and lifts every toxic and cut (not
   * kills), so that frames still held in the proxies reach their machines before those stop.
   */
  async liftAll(): Promise<void> {
    this.stoppedAt ??= this.t0 ? (Date.now() - this.t0) / 1000 : 0;
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    await this.chain;
    await Promise.all(this.closing);
    const { ids } = this.options;
    const ups: Promise<void>[] = [];
    for (const from of ids) {
      for (const to of ids) {
        if (from === to) continue;
        const proxy = this.links.proxy(from, to);
        for (const { name } of proxy.activeToxics) proxy.removeToxic(name);
        ups.push(this.links.apply({ at: 0, event: -1, label: 'end of run', action: 'up', link: [from, to] }));
      }
    }
    // Every link at once; the first failure is the run's (a proxy that cannot listen again), after all have settled.
    const results = await Promise.allSettled(ups);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /** Seconds the schedule ran before liftAll (0 if it never began): steps planned from then on never ran. */
  get ranForSeconds(): number {
    return this.stoppedAt ?? 0;
  }

  close(): Promise<void> {
    return this.links.close();
  }
}
