// The terminal side of sync: the outbox is the ledger itself after the last seq HQ
// acknowledged. Entries go up in batches sized to the link, HQ's acknowledgement moves the
// cursor (forward, or back when HQ reports a gap), and master data comes down with a version
// cursor. Selling never waits for any of this: the engine only reads the ledger, in short
// pages, and yields between them.
import type { LedgerEntry } from '../ledger/entry.ts';
import { BatchSizer, type BatchSizerOptions } from './batch-sizer.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import { SyncError, asSyncError, type SyncErrorCode } from './errors.ts';
import type { HqClient, MasterDataChange, PushAck, TerminalReport } from '../ports/hq-client.ts';
import type { MasterDataSink } from '../ports/master-data-sink.ts';
import type { DeliveredRanges, InvoiceRangeSink } from '../ports/invoice-numbers.ts';
import type { OutboxSource } from '../ports/outbox-source.ts';
import type { SyncState, SyncStateStore } from '../ports/sync-state-store.ts';
import { errorMessage } from '../shared/errors.ts';

export type SyncPhase = 'idle' | 'syncing' | 'offline' | 'error' | 'stopped';

export interface SyncStatus {
  phase: SyncPhase;
  terminalId: string;
  headSeq: number;
  ackSeq: number;
  /** Entries written on the terminal and not yet acknowledged by HQ. */
  pending: number;
  lastSyncAt: string | null;
  masterDataCursor: number;
  /** Set while a backlog larger than one batch is being sent: progress is (ackSeq - fromSeq) / (toSeq - fromSeq). */
  catchUp: { fromSeq: number; toSeq: number } | null;
  lastError: { code: SyncErrorCode; message: string; at: string } | null;
  /** When the next attempt is due after a failure. */
  retryAt: string | null;
}

export interface SyncEngineOptions {
  terminalId: string;
  outbox: OutboxSource;
  hq: HqClient;
  state: SyncStateStore;
  masterData?: MasterDataSink;
  /** Where the e-invoice ranges HQ assigned go (a till with the tw-einvoice profile); asked for with master data. */
  invoiceRanges?: InvoiceRangeSink;
  now?: () => Date;
  /** Gives selling a turn between page reads (on Node: setImmediate). */
  yieldToSelling?: () => Promise<void>;
  backoff?: BackoffPolicy;
  batch?: Partial<BatchSizerOptions>;
  /** Entries per ledger read (one short statement each). */
  pageEntries?: number;
  /** Pause between rounds when there is nothing to send. */
  idleIntervalMs?: number;
  /** How often master data is asked for. */
  masterDataIntervalMs?: number;
  random?: () => number;
  onStatus?: (status: SyncStatus) => void;
  /** The till's software and devices, sent with every batch (the backlog is the engine's own count). */
  report?: () => Omit<TerminalReport, 'backlog'>;
  /** A range HQ assigned that the till cannot record (told once per range): for the log. */
  onRangeRefused?: (why: string) => void;
}

/** A backlog above this many batches' worth is reported as a catch-up with progress. */
const CATCH_UP_ENTRIES = 1_000;
/** Acknowledgements in a row that move nothing before the engine backs off instead of looping. */
const MAX_STALLED_ACKS = 3;

function jsonSize(entry: LedgerEntry): number {
  return JSON.stringify(entry).length + 1;
}

export class SyncEngine {
  private readonly o: Required<
    Omit<SyncEngineOptions, 'masterData' | 'invoiceRanges' | 'onStatus' | 'onRangeRefused' | 'batch' | 'report'>
  > &
    Pick<SyncEngineOptions, 'masterData' | 'invoiceRanges' | 'onStatus' | 'onRangeRefused' | 'report'>;
  private readonly sizer: BatchSizer;
  private state: SyncState;
  private phase: SyncPhase = 'idle';
  private lastError: SyncStatus['lastError'] = null;
  private retryAt: string | null = null;
  private catchUp: SyncStatus['catchUp'] = null;
  private carry: LedgerEntry[] | null = null;
  private lastMasterDataAt = -Infinity;
  private wake: (() => void) | null = null;
  private nudged = false;
  /** Ranges from HQ already reported as refused (once each per run). */
  private readonly refusedRanges = new Set<string>();

  constructor(options: SyncEngineOptions) {
    this.o = {
      now: () => new Date(),
      yieldToSelling: () => Promise.resolve(),
      backoff: DEFAULT_BACKOFF,
      pageEntries: 256,
      idleIntervalMs: 10_000,
      masterDataIntervalMs: 60_000,
      random: Math.random,
      ...options,
    };
    this.sizer = new BatchSizer(options.batch);
    const saved = options.state.load();
    if (saved && saved.terminalId !== options.terminalId) {
      throw new SyncError('sync.protocol', `the sync state belongs to terminal ${saved.terminalId}, not ${options.terminalId}`);
    }
    this.state = saved ?? { v: 1, terminalId: options.terminalId, ackSeq: 0, ackHash: null, masterDataCursor: 0, lastSyncAt: null };
  }

  status(): SyncStatus {
    const headSeq = this.o.outbox.headSeq();
    return {
      phase: this.phase,
      terminalId: this.o.terminalId,
      headSeq,
      ackSeq: this.state.ackSeq,
      pending: Math.max(0, headSeq - this.state.ackSeq),
      lastSyncAt: this.state.lastSyncAt,
      masterDataCursor: this.state.masterDataCursor,
      catchUp: this.catchUp,
      lastError: this.lastError,
      retryAt: this.retryAt,
    };
  }

  /** A new entry was written: end an idle wait early. */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  /**
   * One round: pushes until HQ holds everything written before the round began, then pulls
   * master data when due (or when `forceMasterData`). Entries written during the round go up in
   * the next one: a till selling faster than one batch's round trip would otherwise keep a round
   * chasing its own head. Throws a SyncError on the first failure.
   */
  async syncOnce(signal?: AbortSignal, forceMasterData = false): Promise<void> {
    // A retry after a failure keeps showing offline (or error) until HQ answers: the status bar
    // does not flicker to "syncing" on every attempt while HQ is down.
    if (!this.failing()) this.setPhase('syncing');
    await this.pushAll(signal);
    if (forceMasterData || this.o.now().getTime() - this.lastMasterDataAt >= this.o.masterDataIntervalMs) {
      await this.pullMasterData(signal);
      await this.pullInvoiceRanges(signal);
    }
    this.lastError = null;
    this.retryAt = null;
    this.setPhase('idle');
  }

  /** Runs rounds until `signal` aborts: idle waits between them, backoff with jitter after failures. */
  async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      let delay: number;
      try {
        await this.syncOnce(signal);
        failures = 0;
        delay = this.o.idleIntervalMs;
      } catch (e) {
        if (signal.aborted) break;
        const err = asSyncError(e);
        failures++;
        const policy = this.o.backoff;
        // A refusal needs a person at HQ: keep asking, but only at the slowest pace.
        delay = err.retryable ? Math.max(err.retryAfterMs ?? 0, backoffDelay(failures, policy, this.o.random)) : policy.maxMs;
        this.lastError = { code: err.code, message: err.message, at: this.o.now().toISOString() };
        this.retryAt = new Date(this.o.now().getTime() + delay).toISOString();
        this.setPhase(err.code === 'sync.offline' || err.code === 'sync.timeout' || err.code === 'sync.busy' ? 'offline' : 'error');
      }
      await this.wait(delay, signal, failures === 0);
    }
    this.setPhase('stopped');
  }

  private async pushAll(signal?: AbortSignal): Promise<void> {
    let stalled = 0;
    const startHead = this.o.outbox.headSeq();
    this.catchUp = startHead - this.state.ackSeq > CATCH_UP_ENTRIES ? { fromSeq: this.state.ackSeq, toSeq: startHead } : null;
    try {
      for (;;) {
        signal?.throwIfAborted();
        const head = this.o.outbox.headSeq();
        if (this.state.ackSeq > head) {
          throw new SyncError(
            'sync.ledger-behind-hq',
            `HQ holds entries up to ${this.state.ackSeq} but this terminal's ledger ends at ${head}: was the ledger restored from an old backup?`,
            { details: { ackSeq: this.state.ackSeq, headSeq: head } },
          );
        }
        if (this.state.ackSeq >= startHead) return;
        const batch = await this.readBatch(this.state.ackSeq + 1);
        if (batch.entries.length === 0) return;
        const started = this.o.now().getTime();
        let ack: PushAck;
        try {
          const keyRotations = this.o.outbox.endorsements?.(batch.entries.at(-1)!) ?? [];
          const report = this.reportAfter(batch.entries.at(-1)!.seq);
          ack = await this.o.hq.pushEntries(
            {
              terminalId: this.o.terminalId,
              entries: batch.entries,
              bytes: batch.bytes,
              ...(keyRotations.length > 0 ? { keyRotations } : {}),
              ...(report ? { report } : {}),
            },
            signal,
          );
        } catch (e) {
          const err = asSyncError(e);
          if (err.code === 'sync.timeout' || err.code === 'sync.offline')
            this.sizer.recordFailure(err.code === 'sync.timeout' ? 'timeout' : 'network');
          else if (err.code === 'sync.too-large') this.sizer.recordFailure('too-large');
          throw err;
        }
        this.sizer.recordSuccess(batch.bytes, this.o.now().getTime() - started);
        const before = this.state.ackSeq;
        this.acceptAck(ack, batch.entries);
        stalled = this.state.ackSeq === before && !ack.gap ? stalled + 1 : 0;
        if (stalled >= MAX_STALLED_ACKS)
          throw new SyncError(
            'sync.protocol',
            `HQ acknowledged seq ${this.state.ackSeq} ${MAX_STALLED_ACKS} times without taking the entries after it`,
          );
      }
    } finally {
      this.catchUp = null;
    }
  }

  /** The report sent with a batch ending at `lastSeq`: the backlog is what the ledger holds after it. */
  private reportAfter(lastSeq: number): TerminalReport | null {
    if (!this.o.report) return null;
    return { ...this.o.report(), backlog: Math.max(0, this.o.outbox.headSeq() - lastSeq) };
  }

  private acceptAck(ack: PushAck, sent: LedgerEntry[]): void {
    const head = this.o.outbox.headSeq();
    if (!Number.isSafeInteger(ack.ackSeq) || ack.ackSeq < 0)
      throw new SyncError('sync.protocol', `HQ acknowledged an impossible seq ${String(ack.ackSeq)}`);
    if (ack.ackSeq > head) {
      throw new SyncError(
        'sync.ledger-behind-hq',
        `HQ holds entries up to ${ack.ackSeq} but this terminal's ledger ends at ${head}: was the ledger restored from an old backup?`,
        { details: { ackSeq: ack.ackSeq, headSeq: head } },
      );
    }
    const first = sent[0]?.seq ?? 0;
    const mine = ack.ackSeq >= first ? sent[ack.ackSeq - first] : undefined;
    if (mine && ack.ackHash !== mine.hash) {
      throw new SyncError(
        'sync.diverged',
        `HQ's entry ${ack.ackSeq} has hash ${String(ack.ackHash).slice(0, 16)}…, this terminal's has ${mine.hash.slice(0, 16)}…`,
        { details: { seq: ack.ackSeq } },
      );
    }
    // A rewind (HQ reports a gap, or was restored) is taken as given: HQ is the record of what it
    // holds. readBatch drops the carried page when the next batch does not start where it does.
    this.state = { ...this.state, ackSeq: ack.ackSeq, ackHash: ack.ackHash, lastSyncAt: this.o.now().toISOString() };
    this.o.state.save(this.state);
    this.answered();
  }

  /** Reads the next batch in short pages, up to the sizer's byte target, yielding between pages. */
  private async readBatch(fromSeq: number): Promise<{ entries: LedgerEntry[]; bytes: number }> {
    const target = this.sizer.targetBytes;
    const maxEntries = this.sizer.maxEntries;
    const entries: LedgerEntry[] = [];
    let bytes = 0;
    let next = fromSeq;
    for (;;) {
      let page: LedgerEntry[];
      let requested: number;
      if (this.carry && this.carry[0]?.seq === next) {
        page = this.carry;
        requested = page.length;
        this.carry = null;
      } else {
        this.carry = null;
        requested = Math.min(this.o.pageEntries, maxEntries - entries.length);
        page = this.o.outbox.read(next, requested);
        await this.o.yieldToSelling();
      }
      for (let i = 0; i < page.length; i++) {
        const e = page[i]!;
        if (e.seq !== next) throw new SyncError('sync.protocol', `the ledger returned entry ${e.seq} where ${next} was expected`);
        const size = jsonSize(e);
        if (entries.length > 0 && (bytes + size > target || entries.length >= maxEntries)) {
          this.carry = page.slice(i);
          return { entries, bytes };
        }
        entries.push(e);
        bytes += size;
        next = e.seq + 1;
      }
      if (page.length < requested || page.length === 0) return { entries, bytes };
    }
  }

  private async pullMasterData(signal?: AbortSignal): Promise<void> {
    const sink = this.o.masterData;
    let cursor = this.state.masterDataCursor;
    const changes: MasterDataChange[] = [];
    // Every page first, then one transaction: a terminal never sells from half a change set.
    for (;;) {
      signal?.throwIfAborted();
      const page = await this.o.hq.masterDataSince(cursor, signal);
      if (!Number.isSafeInteger(page.cursor) || page.cursor < cursor)
        throw new SyncError('sync.protocol', `HQ answered master data since ${cursor} with cursor ${String(page.cursor)}`);
      if (page.more && page.cursor === cursor)
        throw new SyncError('sync.protocol', 'HQ reported more master data without moving the cursor');
      changes.push(...page.changes);
      cursor = page.cursor;
      if (!page.more) break;
    }
    if (changes.length > 0 && sink) {
      try {
        sink.apply(changes, cursor);
      } catch (e) {
        if (e instanceof SyncError) throw e;
        throw new SyncError('sync.master-data', `applying master data version ${cursor} failed: ${errorMessage(e)}`, { cause: e });
      }
    }
    this.lastMasterDataAt = this.o.now().getTime();
    this.state = { ...this.state, masterDataCursor: cursor, lastSyncAt: this.o.now().toISOString() };
    this.o.state.save(this.state);
    this.answered();
  }

  /**
   * Records the e-invoice ranges HQ assigned this till that it does not have yet: a till running
   * low gets its next range as soon as HQ has assigned one. A range the till cannot take (it
   * overlaps one it has) is left out and reported once; the others are recorded.
   */
  private async pullInvoiceRanges(signal?: AbortSignal): Promise<void> {
    const sink = this.o.invoiceRanges;
    if (!sink || !this.o.hq.invoiceRanges) return;
    signal?.throwIfAborted();
    const ranges = await this.o.hq.invoiceRanges(signal);
    let result: DeliveredRanges;
    try {
      result = sink.record(ranges);
    } catch (e) {
      if (e instanceof SyncError) throw e;
      throw new SyncError('sync.master-data', `recording the e-invoice ranges from HQ failed: ${errorMessage(e)}`, { cause: e });
    }
    for (const line of result.refused) {
      if (this.refusedRanges.has(line)) continue;
      this.refusedRanges.add(line);
      this.o.onRangeRefused?.(line);
    }
  }

  private wait(ms: number, signal: AbortSignal, wakeOnNudge: boolean): Promise<void> {
    if (wakeOnNudge && this.nudged) {
      this.nudged = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wake = null;
        this.nudged = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      if (wakeOnNudge) this.wake = done;
    });
  }

  private failing(): boolean {
    return this.phase === 'offline' || this.phase === 'error';
  }

  /** HQ took something: a retry that was still showing offline or error is now syncing. */
  private answered(): void {
    if (this.failing()) this.setPhase('syncing');
    else this.emit();
  }

  private setPhase(phase: SyncPhase): void {
    this.phase = phase;
    this.emit();
  }

  private emit(): void {
    this.o.onStatus?.(this.status());
  }
}
