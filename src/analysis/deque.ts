// A FIFO with O(1) push and shift and no capacity limit, for messages waiting to be matched.

export class Deque<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** The oldest item, or undefined when empty. */
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head++];
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  peek(): T | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  /** The item at `index` (0 = oldest), or undefined past the end. */
  at(index: number): T | undefined {
    return this.items[this.head + index];
  }

  /** The position (0 = oldest) of the newest item that `pick` accepts, or -1; searches from the newest. */
  lastIndexWhere(pick: (item: T) => boolean): number {
    for (let i = this.items.length - 1; i >= this.head; i--) if (pick(this.items[i]!)) return i - this.head;
    return -1;
  }

  /** Removes up to `count` items from position `index` on (0 = oldest) and returns them, oldest first. */
  removeAt(index: number, count: number): T[] {
    return this.items.splice(this.head + index, count);
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = this.head; i < this.items.length; i++) yield this.items[i]!;
  }
}
