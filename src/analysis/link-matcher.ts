// Pairs sends with receives per link in FIFO order: the k-th send from a to b with the k-th receive at b from a.
import { Deque } from './deque.js';

interface Link<S, R> {
  sends: Deque<S>;
  receives: Deque<R>;
}

/** Either side may come first (a receive logged in the same millisecond as its send can be read before it). */
export class LinkMatcher<S, R> {
  /** to -> from -> link */
  private readonly links = new Map<number, Map<number, Link<S, R>>>();

  constructor(private readonly onMatch: (from: number, to: number, send: S, receive: R) => void) {}

  private link(from: number, to: number): Link<S, R> {
    let inbound = this.links.get(to);
    if (!inbound) this.links.set(to, (inbound = new Map()));
    let link = inbound.get(from);
    if (!link) inbound.set(from, (link = { sends: new Deque(), receives: new Deque() }));
    return link;
  }

  send(from: number, to: number, send: S): void {
    const link = this.link(from, to);
    const receive = link.receives.shift();
    if (receive === undefined) link.sends.push(send);
    else this.onMatch(from, to, send, receive);
  }

  receive(from: number, to: number, receive: R): void {
    const link = this.link(from, to);
    const send = link.sends.shift();
    if (send === undefined) link.receives.push(receive);
    else this.onMatch(from, to, send, receive);
  }

  /** Sends and receives still waiting for their other half, per link. */
  *unmatched(): IterableIterator<{ from: number; to: number; sends: Deque<S>; receives: Deque<R> }> {
    for (const [to, inbound] of this.links) for (const [from, link] of inbound) yield { from, to, ...link };
  }
}
