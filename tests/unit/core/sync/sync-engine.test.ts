import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../../../core/ledger/entry.ts';
import { SyncEngine } from '../../../../core/sync/sync-engine.ts';
import { SyncError } from '../../../../core/sync/errors.ts';
import type {
  AssignedInvoiceRange,
  HqClient,
  MasterDataChange,
  MasterDataPage,
  OutboxBatch,
  PushAck,
} from '../../../../core/ports/hq-client.ts';
import type { InvoiceRangeSink } from '../../../../core/ports/invoice-numbers.ts';
import type { OutboxSource } from '../../../../core/ports/outbox-source.ts';
import type { SyncState, SyncStateStore } from '../../../../core/ports/sync-state-store.ts';
import { syncDeviceStatus } from '../../../../core/sync/status.ts';

// In-memory outbox and HQ written for these tests (no mocking framework).

function entry(seq: number, hash = `h${seq}`): LedgerEntry {
  return {
    v: 1,
    terminalId: 'T1',
    seq,
    kind: 'sale',
    businessDay: '2026-11-20',
    startedAt: 'a',
    endedAt: 'b',
    operatorId: 's',
    body: { pad: 'x'.repeat(200) },
    prevHash: `h${seq - 1}`,
    keyId: 'k',
    hash,
    signature: 'sig',
  };
}

class MemoryOutbox implements OutboxSource {
  entries: LedgerEntry[] = [];
  reads: number[] = [];
  append(n: number): void {
    for (let i = 0; i < n; i++) this.entries.push(entry(this.entries.length + 1));
  }
  headSeq(): number {
    return this.entries.length;
  }
  read(fromSeq: number, max: number): LedgerEntry[] {
    this.reads.push(max);
    return this.entries.slice(fromSeq - 1, fromSeq - 1 + max);
  }
}

/** Behaves like HQ: stores only head+1 onward, acknowledges duplicates, reports gaps. */
class MemoryHq implements HqClient {
  stored: LedgerEntry[] = [];
  batches: number[] = [];
  failNext: SyncError[] = [];
  pages: MasterDataPage[] = [];
  masterCalls: number[] = [];
  async pushEntries(batch: OutboxBatch): Promise<PushAck> {
    const e = this.failNext.shift();
    if (e) throw e;
    this.batches.push(batch.entries.length);
    const head = this.stored.length;
    const first = batch.entries[0]!.seq;
    let stored = 0;
    let duplicates = 0;
    if (first > head + 1)
      return { ackSeq: head, ackHash: this.stored.at(-1)?.hash ?? null, stored: 0, duplicates: 0, gap: { from: head + 1, to: first - 1 } };
    for (const x of batch.entries) {
      if (x.seq <= this.stored.length) duplicates++;
      else {
        this.stored.push(x);
        stored++;
      }
    }
    return { ackSeq: this.stored.length, ackHash: this.stored.at(-1)!.hash, stored, duplicates, gap: null };
  }
  async masterDataSince(cursor: number): Promise<MasterDataPage> {
    this.masterCalls.push(cursor);
    return this.pages.shift() ?? { changes: [], cursor, more: false };
  }
}

class MemoryState implements SyncStateStore {
  state: SyncState | null = null;
  saves = 0;
  load(): SyncState | null {
    return this.state;
  }
  save(s: SyncState): void {
    this.state = { ...s };
    this.saves++;
  }
}

function engine(
  outbox: MemoryOutbox,
  hq: HqClient,
  state = new MemoryState(),
  extra: Partial<ConstructorParameters<typeof SyncEngine>[0]> = {},
) {
  return new SyncEngine({
    terminalId: 'T1',
    outbox,
    hq,
    state,
    batch: { initialBytes: 20_000, minBytes: 2_000, maxBytes: 200_000, maxEntries: 500 },
    pageEntries: 64,
    backoff: { baseMs: 1, maxMs: 5, factor: 2 },
    idleIntervalMs: 5,
    ...extra,
  });
}

describe('SyncEngine push', () => {
  it('sends everything in bounded batches and pages, and the cursor follows the acknowledgement', async () => {
    const outbox = new MemoryOutbox();
    outbox.append(5_000);
    const hq = new MemoryHq();
    const state = new MemoryState();
    const e = engine(outbox, hq, state);
    await e.syncOnce();
    expect(hq.stored.map((x) => x.seq)).toEqual(outbox.entries.map((x) => x.seq));
    expect(state.state?.ackSeq).toBe(5_000);
    expect(Math.max(...hq.batches)).toBeLessThanOrEqual(500);
    expect(Math.max(...outbox.reads)).toBeLessThanOrEqual(64);
    expect(e.status()).toMatchObject({ phase: 'idle', pending: 0, ackSeq: 5_000 });
  });

  it('ends a round while the till keeps selling: what was written during it goes up in the next round', async () => {
    const outbox = new MemoryOutbox();
    outbox.append(1_000);
    const hq = new MemoryHq();
    // Sales land during every round trip as fast as a batch drains them (a busy till, HQ far away).
    let pushes = 0;
    const selling: HqClient = {
      pushEntries: async (b) => {
        if (++pushes > 2_000) throw new Error('the round never ended');
        outbox.append(b.entries.length);
        return hq.pushEntries(b);
      },
      masterDataSince: (c) => hq.masterDataSince(c),
    };
    const e = engine(outbox, selling, new MemoryState(), {
      batch: { initialBytes: 2_000, minBytes: 2_000, maxBytes: 2_000, maxEntries: 5 },
    });
    await e.syncOnce();
    // The last batch may carry a few entries written after the round began: never fewer.
    expect(hq.stored.length).toBeGreaterThanOrEqual(1_000);
    expect(hq.stored.length).toBeLessThan(1_010);
    expect(e.status()).toMatchObject({ phase: 'idle' });
    expect(e.status().pending).toBeGreaterThan(900);
    await e.syncOnce();
    expect(hq.stored.length).toBeGreaterThanOrEqual(2_000);
  });

  it('sends the till’s report with each batch, its backlog what the ledger holds after that batch; none without a report', async () => {
    const outbox = new MemoryOutbox();
    outbox.append(12);
    const hq = new MemoryHq();
    const reports: (OutboxBatch['report'] | undefined)[] = [];
    const recording: HqClient = {
      pushEntries: (b) => {
        reports.push(b.report);
        return hq.pushEntries(b);
      },
      masterDataSince: (c) => hq.masterDataSince(c),
    };
    const devices = [{ kind: 'printer', id: 'p1', state: 'idle' }];
    const e = engine(outbox, recording, new MemoryState(), {
      batch: { initialBytes: 2_000, minBytes: 2_000, maxBytes: 2_000, maxEntries: 5 },
      report: () => ({ softwareVersion: 'tillproof/1.2.3', devices }),
    });
    await e.syncOnce();
    expect(reports).toEqual([
      { softwareVersion: 'tillproof/1.2.3', devices, backlog: 7 },
      { softwareVersion: 'tillproof/1.2.3', devices, backlog: 2 },
      { softwareVersion: 'tillproof/1.2.3', devices, backlog: 0 },
    ]);
    outbox.append(1);
    reports.length = 0;
    await engine(outbox, recording, new MemoryState()).syncOnce();
    expect(reports.every((r) => r === undefined)).toBe(true);
  });

  it('resumes after a restart from the saved cursor, sending nothing twice', async () => {
    const outbox = new MemoryOutbox();
    outbox.append(300);
    const hq = new MemoryHq();
    const state = new MemoryState();
    await engine(outbox, hq, state).syncOnce();
    outbox.append(10);
    const again = engine(outbox, hq, state);
    await again.syncOnce();
    expect(hq.batches.at(-1)).toBe(10);
    expect(hq.stored.length).toBe(310);
  });

  it('rewinds when HQ reports a gap (it holds less than the cursor says) and fills it', async () => {
    const outbox = new MemoryOutbox();
    outbox.append(200);
    const hq = new MemoryHq();
    hq.stored = outbox.entries.slice(0, 50);
    const state = new MemoryState();
    state.state = { v: 1, terminalId: 'T1', ackSeq: 120, ackHash: 'h120', masterDataCursor: 0, lastSyncAt: null };
    await engine(outbox, hq, state).syncOnce();
    expect(hq.stored.map((x) => x.seq)).toEqual(outbox.entries.map((x) => x.seq));
  });

  it('jumps forward when HQ already holds more (lost cursor file)', async () => {
    const outbox = new MemoryOutbox();
    outbox.append(1_000);
    const hq = new MemoryHq();
    hq.stored = outbox.entries.slice(0, 900);
    const e = engine(outbox, hq);
    await e.syncOnce();
    expect(hq.batches.length).toBeLessThanOrEqual(3);
    expect(hq.stored.length).toBe(1_000);
  });

  it('stops with ledger-behind-hq when HQ holds more than the terminal (ledger restored from an old backup)', async () => {
    const outbox = new MemoryOutbox();
    outbox.append(10);
    const hq = new MemoryHq();
    for (let i = 1; i <= 20; i++) hq.stored.push(entry(i));
    const e = engine(outbox, hq);
    await expect(e.syncOnce()).rejects.toMatchObject({ code: 'sync.ledger-behind-hq', retryable: false });
  });

  it('refuses an acknowledgement whose hash is not the terminal entry at that seq', async () => {
    const outbox = new MemoryOutbox();
    outbox.append(10);
    const hq: HqClient = {
      pushEntries: async () => ({ ackSeq: 10, ackHash: 'other', stored: 10, duplicates: 0, gap: null }),
      masterDataSince: async (c) => ({ changes: [], cursor: c, more: false }),
    };
    await expect(engine(outbox, hq).syncOnce()).rejects.toMatchObject({ code: 'sync.diverged' });
  });

  it('backs off instead of looping when HQ keeps acknowledging without taking entries', async () => {
    const outbox = new MemoryOutbox();
    outbox.append(10);
    let calls = 0;
    const hq: HqClient = {
      pushEntries: async () => {
        calls++;
        return { ackSeq: 0, ackHash: null, stored: 0, duplicates: 0, gap: null };
      },
      masterDataSince: async (c) => ({ changes: [], cursor: c, more: false }),
    };
    await expect(engine(outbox, hq).syncOnce()).rejects.toMatchObject({ code: 'sync.protocol' });
    expect(calls).toBe(3);
  });

  it('shrinks batches after timeouts', async () => {
    const outbox = new MemoryOutbox();
    outbox.append(2_000);
    const hq = new MemoryHq();
    const e = engine(outbox, hq, new MemoryState(), {
      batch: { initialBytes: 100_000, minBytes: 2_000, maxBytes: 200_000, maxEntries: 5_000 },
    });
    hq.failNext.push(new SyncError('sync.timeout', 't'), new SyncError('sync.timeout', 't'));
    await expect(e.syncOnce()).rejects.toMatchObject({ code: 'sync.timeout' });
    await expect(e.syncOnce()).rejects.toMatchObject({ code: 'sync.timeout' });
    await e.syncOnce();
    // 100 kB -> 50 kB -> 25 kB: about 25,000 / 300 bytes per entry.
    expect(hq.batches[0]).toBeLessThan(100);
  });

  it('reports catch-up progress through the status (DeviceStatus for the status bar)', async () => {
    const outbox = new MemoryOutbox();
    outbox.append(3_000);
    const hq = new MemoryHq();
    const seen: string[] = [];
    const e = engine(outbox, hq, new MemoryState(), {
      onStatus: (s) => {
        const d = syncDeviceStatus(s);
        if (d.flags?.catchingUp) seen.push(d.detail ?? '');
      },
    });
    await e.syncOnce();
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.some((d) => /catching up: [\d,]+ of 3,000 entries sent \(\d+%\)/.test(d))).toBe(true);
    expect(syncDeviceStatus(e.status())).toMatchObject({ device: 'sync', state: 'idle', flags: { upToDate: true, catchingUp: false } });
  });
});

describe('SyncEngine master data', () => {
  const change = (version: number, key: string, price: number): MasterDataChange => ({
    version,
    section: 'product',
    key,
    record: { price },
  });

  it('collects every page and applies them in one call with the final cursor', async () => {
    const outbox = new MemoryOutbox();
    const hq = new MemoryHq();
    hq.pages = [
      { changes: [change(1, 'a', 1), change(2, 'b', 2)], cursor: 2, more: true },
      { changes: [change(3, 'a', 3)], cursor: 3, more: false },
    ];
    const applied: Array<{ n: number; cursor: number }> = [];
    const state = new MemoryState();
    const e = engine(outbox, hq, state, { masterData: { apply: (c, cursor) => applied.push({ n: c.length, cursor }) } });
    await e.syncOnce(undefined, true);
    expect(applied).toEqual([{ n: 3, cursor: 3 }]);
    expect(state.state?.masterDataCursor).toBe(3);
    expect(hq.masterCalls).toEqual([0, 2]);
  });

  it('keeps the cursor when applying fails, so the same changes come again', async () => {
    const outbox = new MemoryOutbox();
    const hq = new MemoryHq();
    hq.pages = [{ changes: [change(1, 'a', 1)], cursor: 1, more: false }];
    const state = new MemoryState();
    const e = engine(outbox, hq, state, {
      masterData: {
        apply: () => {
          throw new Error('disk full');
        },
      },
    });
    await expect(e.syncOnce(undefined, true)).rejects.toMatchObject({ code: 'sync.master-data' });
    expect(state.state?.masterDataCursor ?? 0).toBe(0);
  });

  it('asks again only after its interval', async () => {
    const outbox = new MemoryOutbox();
    const hq = new MemoryHq();
    const e = engine(outbox, hq, new MemoryState(), { masterDataIntervalMs: 60_000 });
    await e.syncOnce();
    await e.syncOnce();
    expect(hq.masterCalls.length).toBe(1);
  });
});

describe('SyncEngine.run', () => {
  it('retries with backoff while HQ is unreachable, then catches up; nudge wakes an idle loop', async () => {
    const outbox = new MemoryOutbox();
    outbox.append(100);
    const hq = new MemoryHq();
    for (let i = 0; i < 5; i++) hq.failNext.push(new SyncError('sync.offline', 'refused'));
    const phases: string[] = [];
    const e = engine(outbox, hq, new MemoryState(), { idleIntervalMs: 60_000, onStatus: (s) => phases.push(s.phase) });
    const controller = new AbortController();
    const running = e.run(controller.signal);
    const until = Date.now() + 5_000;
    while (hq.stored.length < 100 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    expect(hq.stored.length).toBe(100);
    expect(phases).toContain('offline');
    outbox.append(7);
    e.nudge();
    while (hq.stored.length < 107 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    expect(hq.stored.length).toBe(107);
    controller.abort();
    await running;
    expect(e.status().phase).toBe('stopped');
  });
});

describe('SyncEngine e-invoice ranges', () => {
  it("hands HQ's ranges to the sink with master data, tells a refused range once, and fails the round when the sink does", async () => {
    const outbox = new MemoryOutbox();
    const ranges: AssignedInvoiceRange[] = [{ period: '11512', track: 'AB', from: '11223300', to: '11223349' }];
    const hq = Object.assign(new MemoryHq(), { invoiceRanges: async () => ranges });
    const delivered: AssignedInvoiceRange[][] = [];
    const told: string[] = [];
    let fail = false;
    const sink: InvoiceRangeSink = {
      record(r) {
        if (fail) throw new Error('disk full');
        delivered.push([...r]);
        return { recorded: delivered.length === 1 ? 1 : 0, refused: ['11512: AB11223340-AB11223389 overlaps AB11223300-AB11223349'] };
      },
    };
    const e = engine(outbox, hq, new MemoryState(), {
      invoiceRanges: sink,
      onRangeRefused: (why) => told.push(why),
      masterDataIntervalMs: 0,
    });
    await e.syncOnce();
    await e.syncOnce();
    expect(delivered).toEqual([ranges, ranges]);
    expect(told).toEqual(['11512: AB11223340-AB11223389 overlaps AB11223300-AB11223349']);
    fail = true;
    await expect(e.syncOnce()).rejects.toMatchObject({ code: 'sync.master-data', message: /e-invoice ranges from HQ failed: disk full/ });
    // A till without the profile (no sink) never asks.
    let asked = 0;
    const other = engine(outbox, Object.assign(new MemoryHq(), { invoiceRanges: async () => (asked++, ranges) }));
    await other.syncOnce();
    expect(asked).toBe(0);
  });
});
