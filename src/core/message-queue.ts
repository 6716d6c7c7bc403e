// A FIFO of received messages with O(1) push and shift, bounded by a capacity. Messages live in fixed-size blocks of
// typed arrays (clocks, senders) chained in order: no object per queued message and no copying as it grows, so a
// flood of frames costs next to nothing in allocation and garbage collection (12 bytes per queued message).

export interface QueuedMessage {
  from: number | null;
  clock: number;
}

/** Messages per block (48 KiB). */
const BLOCK = 4096;
/** `from` of a sender that never said hello (machine ids are positive, so no real id collides). */
const UNKNOWN = 0;

/** One block: clock k and sender k of the same message at index k. Senders are machine ids (under 2^32). */
interface Block {
  clocks: Float64Array;
  senders: Uint32Array;
}

const newBlock = (): Block => ({ clocks: new Float64Array(BLOCK), senders: new Uint32Array(BLOCK) });

export class MessageQueue {
  /** Blocks from the oldest message's to the newest's. */
  private blocks: Block[] = [newBlock()];
  /** The last block, where pushes go. */
  private tailBlock = this.blocks[0]!;
  /** A block emptied at the head, kept to be reused at the tail. */
  private spare: Block | undefined;
  /** Index of the oldest message in blocks[0], and of the next free slot in the last block. */
  private head = 0;
  private tail = 0;
  private size = 0;

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.size;
  }

  /** Appends a message; false when the queue is at capacity and the message was refused. */
  push(from: number | null, clock: number): boolean {
    if (this.size >= this.capacity) return false;
    if (this.tail === BLOCK) this.addBlock();
    this.tailBlock.clocks[this.tail] = clock;
    this.tailBlock.senders[this.tail] = from ?? UNKNOWN;
    this.tail++;
    this.size++;
    return true;
  }

  /**
   * Appends messages from `from` with clocks[0..count), in order, as many as there is room for: returns how many.
   * The ones after them were refused.
   */
  pushMany(from: number | null, clocks: ArrayLike<number>, count: number): number {
    const n = Math.min(count, this.capacity - this.size);
    const sender = from ?? UNKNOWN;
    for (let i = 0; i < n; ) {
      if (this.tail === BLOCK) this.addBlock();
      const take = Math.min(n - i, BLOCK - this.tail);
      const { clocks: blockClocks, senders } = this.tailBlock;
      for (let k = 0; k < take; k++) blockClocks[this.tail + k] = clocks[i + k]!;
      senders.fill(sender, this.tail, this.tail + take);
      this.tail += take;
      i += take;
    }
    this.size += n;
    return n;
  }

  /** Starts a new last block (the spare one, if any), the last one being full. */
  private addBlock(): void {
    this.tailBlock = this.spare ?? newBlock();
    this.blocks.push(this.tailBlock);
    this.spare = undefined;
    this.tail = 0;
  }

  /** Takes the oldest message, or undefined when empty. */
  shift(): QueuedMessage | undefined {
    if (this.size === 0) return undefined;
    const block = this.blocks[0]!;
    const from = block.senders[this.head]!;
    const clock = block.clocks[this.head]!;
    this.head++;
    this.size--;
    if (this.size === 0) {
      // Empty: start over in the first block, dropping the others.
      this.blocks.length = 1;
      this.tailBlock = this.blocks[0]!;
      this.head = 0;
      this.tail = 0;
    } else if (this.head === BLOCK) {
      this.spare = this.blocks.shift();
      this.head = 0;
    }
    return { from: from === UNKNOWN ? null : from, clock };
  }
}
