/**
 * A FIFO that keeps only the newest `limit` items, O(1) amortised per push and shift. Used for the WebSocket
 * transport's offline buffer and the relay's backlog, where 10,000 `Array#shift` calls per burst would be O(n²).
 */
export class BoundedQueue<T> {
  readonly limit: number;
  #items: T[] = [];
  #head = 0;
  /** Items pushed out because the queue was full. */
  dropped = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  get size(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    if (this.limit <= 0) {
      this.dropped++;
      return;
    }
    this.#items.push(item);
    if (this.size > this.limit) {
      this.#head++;
      this.dropped++;
    }
    // Compact once the dead prefix is as large as the live part.
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }

  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.#items[this.#head] as T;
    this.#head++;
    if (this.size === 0) {
      this.#items = [];
      this.#head = 0;
    }
    return item;
  }

  /** The live items, oldest first (a copy). */
  toArray(): T[] {
    return this.#items.slice(this.#head);
  }
}
