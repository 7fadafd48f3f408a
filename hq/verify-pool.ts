import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { nodeLedgerCrypto } from '../platform/node-crypto.ts';
import { checkBatch, type BatchCheck, type BatchCheckInput } from './batch-check.ts';

// Signature verification is the CPU cost of ingest (an Ed25519 verify and an RFC 8785
// canonicalisation per entry). Batches of different terminals are independent, so they are
// checked on a pool of worker threads while the main thread does HTTP and PostgreSQL.

interface Task {
  id: number;
  input: BatchCheckInput;
  resolve: (r: BatchCheck) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: Map<number, Task>;
}

/** Tasks in flight per worker: one queued behind the running one hides the message hop. */
const PER_WORKER = 2;

export class VerifyPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;
  readonly size: number;

  /** `size` 0 checks on the calling thread (small deployments, debugging). */
  constructor(size: number = availableParallelism()) {
    this.size = size;
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./verify-worker.ts', import.meta.url));
    const slot: Slot = { worker, busy: new Map() };
    worker.on('message', (m: { id: number; result?: BatchCheck; error?: string }) => {
      const task = slot.busy.get(m.id);
      if (!task) return;
      slot.busy.delete(m.id);
      if (m.result) task.resolve(m.result);
      else task.reject(new Error(`batch check failed in a worker: ${m.error ?? 'no result'}`));
      this.pump();
    });
    worker.on('error', (e) => this.replace(slot, e));
    worker.on('exit', (code) => {
      if (!this.closed) this.replace(slot, new Error(`verify worker exited with code ${code}`));
    });
    worker.unref();
    return slot;
  }

  private replace(slot: Slot, e: Error): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    for (const t of slot.busy.values()) t.reject(e);
    slot.busy.clear();
    void slot.worker.terminate();
    if (this.closed) return;
    this.slots[i] = this.spawn();
    this.pump();
  }

  /** Tasks waiting or running. */
  get load(): number {
    return this.queue.length + this.slots.reduce((n, s) => n + s.busy.size, 0);
  }

  check(input: BatchCheckInput): Promise<BatchCheck> {
    if (this.closed) return Promise.reject(new Error('the verify pool is closed'));
    if (this.size === 0) {
      try {
        return Promise.resolve(checkBatch(nodeLedgerCrypto, input));
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, input, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let best: Slot | undefined;
      for (const s of this.slots) if (s.busy.size < PER_WORKER && (!best || s.busy.size < best.busy.size)) best = s;
      if (!best) return;
      const task = this.queue.shift()!;
      best.busy.set(task.id, task);
      best.worker.postMessage({ id: task.id, input: task.input });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new Error('the verify pool is closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
