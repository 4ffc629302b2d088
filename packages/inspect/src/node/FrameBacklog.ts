/**
 * The relay's memory of recent frames for viewers that connect later, bounded by count **and** bytes: a count alone
 * let 60 frames of 15 MiB hold 1.2 GiB. The newest frames are kept; a frame larger than the whole byte budget is not
 * kept at all (it was still relayed live).
 *
 * @example
 * ```ts
 * const backlog = new FrameBacklog(10_000, 64 * 1024 * 1024);
 * backlog.push('{"v":1,…}');
 * for (const frame of backlog.frames()) socket.send(frame);
 * ```
 */
export class FrameBacklog {
  readonly maxFrames: number;
  readonly maxBytes: number;
  #frames: Array<{ readonly frame: string; readonly bytes: number }> = [];
  #head = 0;
  #bytes = 0;

  constructor(maxFrames: number, maxBytes: number) {
    this.maxFrames = maxFrames;
    this.maxBytes = maxBytes;
  }

  /** Frames kept. */
  get size(): number {
    return this.#frames.length - this.#head;
  }

  /** UTF-8 bytes of the frames kept. */
  get bytes(): number {
    return this.#bytes;
  }

  push(frame: string): void {
    const bytes = Buffer.byteLength(frame, 'utf8');
    if (this.maxFrames <= 0 || bytes > this.maxBytes) return;
    this.#frames.push({ frame, bytes });
    this.#bytes += bytes;
    while (this.size > this.maxFrames || this.#bytes > this.maxBytes) {
      const oldest = this.#frames[this.#head++];
      this.#bytes -= oldest?.bytes ?? 0;
    }
    // Compact once the dead prefix is as large as the live part.
    if (this.#head > 1024 && this.#head * 2 > this.#frames.length) {
      this.#frames = this.#frames.slice(this.#head);
      this.#head = 0;
    }
  }

  /** The frames kept, oldest first. */
  frames(): string[] {
    return this.#frames.slice(this.#head).map((entry) => entry.frame);
  }
}
