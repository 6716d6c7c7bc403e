// Exponential backoff for redialing a peer: 100 ms doubling up to 2 s, reset after a successful connect.

export class Backoff {
  private next: number;
  constructor(
    private readonly initialMs = 100,
    private readonly maxMs = 2000,
  ) {
    this.next = initialMs;
  }
  /** The delay before the next attempt; each call doubles the following one up to the cap. */
  delay(): number {
    const d = this.next;
    this.next = Math.min(this.maxMs, this.next * 2);
    return d;
  }
  reset(): void {
    this.next = this.initialMs;
  }
}
