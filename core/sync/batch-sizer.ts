// Batch size for pushing ledger entries to HQ, adapted to the link: large batches on a fast
// link (fewer round trips while catching up), small ones on a slow or flaky one (a cut
// connection loses less work and a batch still finishes inside the request timeout).

export interface BatchSizerOptions {
  minBytes: number;
  maxBytes: number;
  initialBytes: number;
  /** Response time the sizer steers toward. */
  targetMs: number;
  /** Hard cap of entries in one batch, whatever their size. */
  maxEntries: number;
}

export const DEFAULT_BATCH_SIZER: BatchSizerOptions = {
  minBytes: 16 * 1024,
  maxBytes: 4 * 1024 * 1024,
  initialBytes: 256 * 1024,
  targetMs: 1_500,
  maxEntries: 5_000,
};

export type BatchFailure = 'timeout' | 'network' | 'too-large' | 'busy';

export class BatchSizer {
  private readonly options: BatchSizerOptions;
  private bytes: number;

  constructor(options: Partial<BatchSizerOptions> = {}) {
    this.options = { ...DEFAULT_BATCH_SIZER, ...options };
    this.bytes = this.clamp(this.options.initialBytes);
  }

  /** Bytes of entries to put in the next batch. */
  get targetBytes(): number {
    return this.bytes;
  }

  get maxEntries(): number {
    return this.options.maxEntries;
  }

  /** A batch of `bytes` was acknowledged after `elapsedMs`. */
  recordSuccess(bytes: number, elapsedMs: number): void {
    const { targetMs } = this.options;
    if (elapsedMs > targetMs * 2) {
      this.bytes = this.clamp(this.bytes / 2);
    } else if (elapsedMs < targetMs / 2 && bytes >= this.bytes * 0.75) {
      // Only a batch that was actually full says anything about room to grow.
      this.bytes = this.clamp(this.bytes * 2);
    } else if (elapsedMs > targetMs && bytes > 0) {
      // Scale toward the target in proportion, gently.
      this.bytes = this.clamp(this.bytes * Math.max(0.5, targetMs / elapsedMs));
    }
  }

  recordFailure(kind: BatchFailure): void {
    if (kind === 'busy') return; // HQ is loaded, not the link: the backoff handles it.
    this.bytes = this.clamp(this.bytes / (kind === 'too-large' ? 4 : 2));
  }

  private clamp(n: number): number {
    return Math.round(Math.min(this.options.maxBytes, Math.max(this.options.minBytes, n)));
  }
}
