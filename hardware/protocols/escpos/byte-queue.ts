import type { View } from './command-parse.ts';

/** Received bytes not yet consumed; grows by doubling so streaming a large image stays linear. */
export class ByteQueue {
  private buf = new Uint8Array(4096);
  private start = 0;
  private end = 0;

  get length(): number {
    return this.end - this.start;
  }

  append(chunk: Uint8Array): void {
    if (this.end + chunk.length > this.buf.length) {
      const needed = this.length + chunk.length;
      const target = needed > this.buf.length / 2 ? new Uint8Array(Math.max(this.buf.length * 2, needed)) : this.buf;
      target.set(this.buf.subarray(this.start, this.end), 0);
      this.buf = target;
      this.end -= this.start;
      this.start = 0;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }

  consume(n: number): void {
    this.start += n;
    if (this.start === this.end) this.start = this.end = 0;
  }

  view(from: number): View {
    const base = this.start + from;
    const end = this.end;
    const buf = this.buf;
    return {
      byte: (i) => (base + i < end ? buf[base + i] : undefined),
      slice: (a, b) => buf.slice(base + a, base + b),
    };
  }
}
