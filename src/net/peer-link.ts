// The outbound link to one peer: dials with backoff, says hello, sends frames, redials when the peer goes away.
import { grouped } from '../text/grouped.js';
import net from 'node:net';
import { EventEmitter } from 'node:events';
import { Backoff } from './backoff.js';
import { helloFrame, parseOtherRun } from './frames.js';

export interface PeerAddress {
  host: string;
  port: number;
}

export interface PeerLinkEvents {
  up: [];
  down: [];
  /** The peer's host name does not resolve (`host lab-2 does not resolve (ENOTFOUND)`): said once; dialing goes on. */
  unresolved: [reason: string];
  /** The peer stopped reading: more than the limit waits unsent on the link, which stays up. */
  stalled: [reason: string];
  /** The stalled peer read everything the link held. */
  reading: [];
  /**
   * The machine dialled answered that our hello named another run's token than its own (`run`, its token): the link
   * is down (sends dropped) while that connection lasts; said again only for another token than the last.
   */
  otherRun: [run: string];
}

/** The longest line a peer sends back that is read (`other-run:` and a 32-character token); a longer one is skipped. */
const LONGEST_REPLY = 64;
/** How long a connection must last without an `other-run:` answer for the link's backoff to reset on connects again. */
const OTHER_RUN_CLEARED_MS = 2000;

/**
 * Bytes a link may hold unsent, beyond what the kernel's buffers take (megabytes on loopback), before the peer counts
 * as not reading (a stopped process, a hung host) and the caller stops sending to it until it reads again: a machine's
 * memory stays bounded whatever its peers do. Each frame (about 10 bytes) waits as a write of its own, some hundreds
 * of bytes of heap, so the limit is small; a peer that reads at all never comes near it.
 */
export const STALLED_LINK_BYTES = 256 * 1024;

export interface PeerLinkOptions {
  backoff?: Backoff;
  /** Default STALLED_LINK_BYTES. */
  stalledBytes?: number;
  /** This run's token, said in the hello (see MachineServer's runToken); none: a plain `hello:<id>`. */
  runToken?: string;
}

/** The errors of a name lookup that failed: the host is mistyped, or no name server answers. */
const LOOKUP_FAILURES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);

export class PeerLink extends EventEmitter<PeerLinkEvents> {
  private socket: net.Socket | undefined;
  private isUp = false;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private socketClosed: Promise<void> = Promise.resolve();
  private unresolvedSaid = false;
  private stalled = false;
  /** The other run's token said last (see otherRun): said again only when another comes. */
  private otherRunSaid: string | undefined;
  /**
   * A machine of another run answered on this link: later connects keep the backoff (no redial at once, again and
   * again), until a connection is held OTHER_RUN_CLEARED_MS without such an answer (the right peer, by then).
   */
  private metOtherRun = false;

  private readonly backoff: Backoff;
  private readonly stalledBytes: number;
  private readonly runToken: string | undefined;

  constructor(
    readonly selfId: number,
    readonly peerId: number,
    private readonly address: PeerAddress,
    options: PeerLinkOptions = {},
  ) {
    super();
    this.backoff = options.backoff ?? new Backoff();
    this.stalledBytes = options.stalledBytes ?? STALLED_LINK_BYTES;
    this.runToken = options.runToken;
  }

  get connected(): boolean {
    return this.isUp;
  }

  /** Whether the link is waiting out its backoff before the next dial. */
  get waitingToRedial(): boolean {
    return this.retryTimer !== undefined;
  }

  /** Starts dialing; keeps redialing until close(). */
  start(): void {
    if (!this.stopped && !this.socket && !this.retryTimer) this.dial();
  }

  /** The peer is known to be up (it dialed us): if waiting to redial, dial now instead of at the end of the backoff. */
  redialNow(): void {
    if (this.stopped || !this.retryTimer) return;
    clearTimeout(this.retryTimer);
    this.dial();
  }

  private dial(): void {
    this.retryTimer = undefined;
    const socket = net.connect({ host: this.address.host, port: this.address.port });
    this.socket = socket;
    this.socketClosed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.setNoDelay(true);
    let connectedAt: number | undefined;
    socket.on('connect', () => {
      if (!this.metOtherRun) this.backoff.reset();
      connectedAt = performance.now();
      socket.write(helloFrame(this.selfId, this.runToken));
      this.isUp = true;
      this.emit('up');
    });
    // A peer sends back one line at most, to a hello naming another run (frames.ts): the first such line is read, the
    // rest of what comes is not (the socket keeps flowing). Nothing a peer sends grows this link's memory.
    let reply: string | undefined = '';
    socket.on('data', (chunk: Buffer) => {
      if (reply === undefined) return;
      const text = reply + chunk.toString('latin1');
      let start = 0;
      let nl: number;
      while ((nl = text.indexOf('\n', start)) !== -1) {
        const run = nl - start <= LONGEST_REPLY ? parseOtherRun(text.slice(start, nl)) : undefined;
        start = nl + 1;
        if (run === undefined) continue;
        reply = undefined;
        if (this.socket === socket) this.answeredOtherRun(run);
        return;
      }
      // The start of a line still coming, kept no longer than a reply can be (a longer line is none).
      reply = text.slice(start, start + LONGEST_REPLY + 1);
    });
    socket.on('drain', () => {
      if (!this.stalled || this.socket !== socket) return;
      this.stalled = false;
      this.emit('reading');
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (!this.unresolvedSaid && LOOKUP_FAILURES.has(err.code ?? '')) {
        this.unresolvedSaid = true;
        this.emit('unresolved', `host ${this.address.host} does not resolve (${err.code})`);
      }
      socket.destroy();
    });
    socket.on('close', () => {
      // Held a while with no answer from another run: the link's redials are quick again.
      if (reply !== undefined && connectedAt !== undefined && performance.now() - connectedAt >= OTHER_RUN_CLEARED_MS) this.metOtherRun = false;
      this.socket = undefined;
      this.stalled = false;
      if (this.isUp) {
        this.isUp = false;
        this.emit('down');
      }
      if (!this.stopped) this.retryTimer = setTimeout(() => this.dial(), this.backoff.delay());
    });
  }

  /** The machine dialled is of another run: down while this connection lasts, which sends nothing more (see otherRun). */
  private answeredOtherRun(run: string): void {
    this.metOtherRun = true;
    if (this.isUp) {
      this.isUp = false;
      this.emit('down');
    }
    if (this.otherRunSaid === run) return;
    this.otherRunSaid = run;
    this.emit('otherRun', run);
  }

  /**
   * Writes a frame if the link is up; false when it is not (the caller records the send as dropped). Once more than
   * `stalledBytes` wait unsent, says 'stalled' (once, until 'reading'): the caller stops sending until then.
   */
  write(frame: string): boolean {
    const socket = this.socket;
    if (!this.isUp || !socket) return false;
    socket.write(frame);
    if (!this.stalled && socket.writableLength > this.stalledBytes) {
      this.stalled = true;
      this.emit('stalled', `stopped reading (${grouped(socket.writableLength)} bytes unsent): sends to it are dropped until it reads again`);
    }
    return true;
  }

  /** Stops redialing, ends the socket after its pending writes, and resolves once it is closed (destroyed after `graceMs`, or once `cut` resolves). */
  async close(graceMs: number, cut?: Promise<void>): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const socket = this.socket;
    if (!socket) return;
    socket.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.socketClosed, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))), ...(cut ? [cut] : [])]);
    clearTimeout(timer);
    socket.destroy();
    await this.socketClosed;
  }
}
