// Which inbound connection speaks for each known machine: one open connection per id; a second claim waits for the first to close.

/**
 * The connection a known machine's hello came on speaks for that machine (its frames are the machine's) until it
 * closes. A hello naming the same machine on another connection while that one is open does not: it is a second claim,
 * and its frames count as from an unknown sender. When the speaking connection closes, the newest second claim still
 * open speaks for the machine from then on: a machine that restarts dials again, and its old connection's close can be
 * read after the new hello. Older second claims never speak for it.
 */
export class PeerClaims<C> {
  private readonly speakers = new Map<number, C>();
  /** The newest connection that claimed each id while another spoke for it. */
  private readonly waiting = new Map<number, C>();

  /** The connection speaking for `id`, if any. */
  speaker(id: number): C | undefined {
    return this.speakers.get(id);
  }

  /** `connection` said hello as `id`: true if it now speaks for `id`, false if another open connection does. */
  claim(id: number, connection: C): boolean {
    const speaker = this.speakers.get(id);
    if (speaker === undefined || speaker === connection) {
      this.speakers.set(id, connection);
      return true;
    }
    this.waiting.set(id, connection);
    return false;
  }

  /**
   * `connection`, which claimed `id`, has closed (every frame it sent delivered). If it spoke for `id`, the connection
   * waiting for `id` (if any) speaks for it now and is returned.
   */
  closed(id: number, connection: C): C | undefined {
    if (this.waiting.get(id) === connection) this.waiting.delete(id);
    if (this.speakers.get(id) !== connection) return undefined;
    this.speakers.delete(id);
    const next = this.waiting.get(id);
    this.waiting.delete(id);
    if (next !== undefined) this.speakers.set(id, next);
    return next;
  }
}
