// A FIFO of received messages with O(1) push and shift, bounded by a capacity.

export interface QueuedMessage {
  from: number | null;
  clock: number;
}

export class MessageQueue {
  private items: QueuedMessage[] = [];
  private head = 0;

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.items.length - this.head;
  }

  /** Appends a message; false when the queue is at capacity and the message was refused. */
  push(message: QueuedMessage): boolean {
    if (this.length >= this.capacity) return false;
    this.items.push(message);
    return true;
  }

  /** Takes the oldest message, or undefined when empty. */
  shift(): QueuedMessage | undefined {
    if (this.head >= this.items.length) return undefined;
    const message = this.items[this.head++];
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 4096 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return message;
  }
}
