import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { TillproofError } from '../core/shared/errors.ts';
import type { Ack } from '../platform/hq-protocol.ts';
import { COPY_COLUMNS, type BatchCheck, type ChainState, type FreshEntries } from './batch-check.ts';
import { HqError } from './errors.ts';
import type { IncidentKind, IncidentLog } from './incidents.ts';
import type { EnrolledTerminal, TerminalRegistry } from './terminals.ts';
import type { VerifyPool } from './verify-pool.ts';
import { unrecordedMasterDataIn } from './master-data-check.ts';
import { findingsInBatch } from './z-check.ts';
import { errorMessage } from '../core/shared/errors.ts';
import { memberCodeIncident, recordMemberCodeUses, type MemberCodeReuse } from './member-code-uses.ts';
import { giftCardOverspendIncident, recordGiftCardMovements, type GiftCardOverspend } from './giftcard-ledger.ts';
import { publishMemberSignups, recordMemberSignups } from './member-signups.ts';
import type { MasterData } from './master-data.ts';
import { recordTillLossReviews } from './loss-cases.ts';

// Ingest of one terminal's batch: checked in a worker (hq/batch-check.ts), then stored in one
// PostgreSQL transaction under the terminal's row lock: COPY of the new entries, the report
// deltas and the verifier's resume state. Idempotent by (terminal, seq): entries HQ already
// holds with the same hash are acknowledged and not stored again; a different hash is a fork.

const COPY_SQL = `COPY ledger_entries (${COPY_COLUMNS.join(', ')}) FROM STDIN`;

/** Runs tasks one at a time per key (per terminal), in arrival order. */
class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => {});
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}

const INCIDENT_OF: Record<Exclude<BatchCheck, { ok: true }>['code'], IncidentKind> = {
  'ingest.malformed': 'malformed-batch',
  'ingest.tampered': 'tampered-entry',
  'ingest.fork': 'fork',
  'ingest.chain-broken': 'chain-broken',
  'auth.wrong-terminal': 'wrong-terminal',
};

/** The head moved under us (another HQ process stored a batch): check again from the new state. */
class StaleChainState extends TillproofError<'ingest.stale-chain'> {
  constructor(message: string) {
    super('ingest.stale-chain', message);
  }
}

export interface IngestResult {
  ack: Ack;
}

export class LedgerIngest {
  private readonly pool: pg.Pool;
  private readonly verify: VerifyPool;
  private readonly incidents: IncidentLog;
  private readonly terminals: TerminalRegistry;
  private readonly currency: string;
  private readonly masterData: MasterData | undefined;
  private readonly mutex = new KeyedMutex();
  private readonly chains = new Map<string, ChainState>();
  private readonly partitions = new Set<string>();

  constructor(deps: {
    pool: pg.Pool;
    verify: VerifyPool;
    incidents: IncidentLog;
    terminals: TerminalRegistry;
    currency: string;
    /** Where members who joined at a till are published; without it they are only stored (hq_member_signups). */
    masterData?: MasterData;
  }) {
    this.pool = deps.pool;
    this.verify = deps.verify;
    this.incidents = deps.incidents;
    this.terminals = deps.terminals;
    this.currency = deps.currency;
    this.masterData = deps.masterData;
  }

  async head(terminalId: string): Promise<{ ackSeq: number; ackHash: string | null }> {
    const chain = await this.chain(terminalId);
    return { ackSeq: chain.headSeq, ackHash: chain.headHash };
  }

  /**
   * The terminal's chain state. The head is read from PostgreSQL on every batch: another HQ
   * process behind the same address may have stored entries since (docs/hq.md, "Running several
   * HQ processes"); the resume state is reused from memory while the head it belongs to is current.
   */
  private async chain(terminalId: string): Promise<ChainState> {
    const cached = this.chains.get(terminalId);
    if (cached) {
      const head = await this.pool.query<{ head_seq: number }>('SELECT head_seq FROM hq_terminals WHERE terminal_id = $1', [terminalId]);
      if (head.rows[0]?.head_seq === cached.headSeq) return cached;
    }
    const r = await this.pool.query<{ head_seq: number; head_hash: string | null; verifier_state: ChainState['resume'] }>(
      'SELECT head_seq, head_hash, verifier_state FROM hq_terminals WHERE terminal_id = $1',
      [terminalId],
    );
    const row = r.rows[0];
    if (!row) throw new HqError('auth.unenrolled', `terminal ${terminalId} is not enrolled`);
    const chain: ChainState = { headSeq: row.head_seq, headHash: row.head_hash, resume: row.verifier_state };
    this.chains.set(terminalId, chain);
    return chain;
  }

  /** Checks and stores one batch of an authenticated terminal (the request signature is checked before this). */
  ingest(terminal: EnrolledTerminal, body: Uint8Array, context: { remoteAddress: string | null }): Promise<IngestResult> {
    return this.mutex.run(terminal.terminalId, async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await this.ingestOnce(terminal, body, context);
        } catch (e) {
          this.chains.delete(terminal.terminalId);
          if (e instanceof StaleChainState && attempt < 3) continue;
          throw e;
        }
      }
    });
  }

  private async ingestOnce(terminal: EnrolledTerminal, body: Uint8Array, context: { remoteAddress: string | null }): Promise<IngestResult> {
    const { terminalId } = terminal;
    const chain = await this.chain(terminalId);
    const check = await this.verify.check({
      terminalId,
      body,
      chain,
      genesisPublicKey: terminal.genesisPublicKey,
      currency: this.currency,
    });
    if (!check.ok) {
      await this.incidents.record({
        kind: INCIDENT_OF[check.code],
        terminalId,
        seq: check.seq,
        remoteAddress: context.remoteAddress,
        message: check.message,
        details: { reason: check.reason },
      });
      throw new HqError(check.code, check.message, { seq: check.seq, reason: check.reason, ackSeq: chain.headSeq });
    }
    await this.checkDuplicates(terminalId, check.duplicates, context.remoteAddress, chain);
    // What the till says about itself (software, devices, backlog) is kept whatever the batch stores.
    if (check.report)
      await this.pool.query('UPDATE hq_terminals SET report = $2, reported_at = now() WHERE terminal_id = $1', [terminalId, check.report]);
    const ack = (headSeq: number, headHash: string | null, stored: number): Ack => ({
      terminalId,
      ackSeq: headSeq,
      ackHash: headHash,
      stored,
      duplicates: check.duplicates.seqs.length,
      gap: check.gap,
    });
    if (!check.fresh) return { ack: ack(chain.headSeq, chain.headHash, 0) };
    await this.ensurePartitions(check.fresh.months);
    const { reuses, overspends } = await this.store(terminal, chain, check.fresh);
    for (const reuse of reuses) await this.incidents.record(memberCodeIncident(terminalId, reuse));
    for (const over of overspends) await this.incidents.record(giftCardOverspendIncident(terminalId, over));
    // After the commit: a signup stored but not yet published is picked up by the next batch that brings one.
    if (this.masterData && check.fresh.memberSignups.length > 0) await publishMemberSignups(this.pool, this.masterData);
    const next: ChainState = { headSeq: check.fresh.lastSeq, headHash: check.fresh.lastHash, resume: check.fresh.resume };
    this.chains.set(terminalId, next);
    this.terminals.learnKeys(terminalId, check.fresh.resume.publicKeys);
    await this.raiseFindings(terminal, { from: chain.headSeq + 1, to: next.headSeq }, context.remoteAddress);
    return { ack: ack(next.headSeq, next.headHash, check.fresh.count) };
  }

  /**
   * Z reports that `ledger verify` would reject, the till's own master-data findings and actions
   * taken under staff or roles HQ did not publish become incidents (the entries stay stored).
   */
  private async raiseFindings(
    { terminalId, storeId }: EnrolledTerminal,
    range: { from: number; to: number },
    remoteAddress: string | null,
  ): Promise<void> {
    try {
      const findings = [
        ...(await findingsInBatch(this.pool, terminalId, range)),
        ...(await unrecordedMasterDataIn(this.pool, terminalId, storeId, range)),
      ];
      for (const f of findings) {
        await this.incidents.record({ kind: f.kind, terminalId, seq: f.seq, remoteAddress, message: f.message, details: f.details });
      }
    } catch (e) {
      // The batch is stored and acknowledged either way; the finding is retried by no one, so say so loudly.
      await this.incidents.record({
        kind: 'z-report-mismatch',
        terminalId,
        seq: range.from,
        remoteAddress,
        message: `the Z and master-data checks of entries ${range.from}..${range.to} could not run: ${errorMessage(e)}`,
      });
    }
  }

  private async checkDuplicates(
    terminalId: string,
    dups: { seqs: number[]; hashes: string[]; days: string[] },
    remoteAddress: string | null,
    chain: ChainState,
  ): Promise<void> {
    if (dups.seqs.length === 0) return;
    const from = dups.seqs[0]!;
    const to = dups.seqs.at(-1)!;
    let minDay = dups.days[0]!;
    let maxDay = minDay;
    for (const d of dups.days) {
      if (d < minDay) minDay = d;
      if (d > maxDay) maxDay = d;
    }
    const r = await this.pool.query<{ seq: number; hash: string }>(
      'SELECT seq, hash FROM ledger_entries WHERE terminal_id = $1 AND seq BETWEEN $2 AND $3 AND business_day BETWEEN $4 AND $5',
      [terminalId, from, to, minDay, maxDay],
    );
    const stored = new Map(r.rows.map((row) => [row.seq, row.hash]));
    for (let i = 0; i < dups.seqs.length; i++) {
      const seq = dups.seqs[i]!;
      if (stored.get(seq) !== dups.hashes[i]) {
        const message = `entry ${seq} differs from the entry HQ holds at that seq (hash ${dups.hashes[i]!.slice(0, 16)}…, HQ has ${(stored.get(seq) ?? 'none on that business day').slice(0, 16)}…): the terminal's ledger forked`;
        await this.incidents.record({
          kind: 'fork',
          terminalId,
          seq,
          remoteAddress,
          message,
          details: { claimedHash: dups.hashes[i], storedHash: stored.get(seq) ?? null },
        });
        throw new HqError('ingest.fork', message, { seq, ackSeq: chain.headSeq });
      }
    }
  }

  /** Month partitions, created once each (outside the ingest transaction: DDL takes a stronger lock). */
  private async ensurePartitions(months: string[]): Promise<void> {
    for (const m of months) {
      if (this.partitions.has(m)) continue;
      await this.pool.query('SELECT hq_ensure_ledger_partition($1::date)', [m]);
      this.partitions.add(m);
    }
  }

  private async store(
    terminal: EnrolledTerminal,
    chain: ChainState,
    fresh: FreshEntries,
  ): Promise<{ reuses: MemberCodeReuse[]; overspends: GiftCardOverspend[] }> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const head = await client.query<{ head_seq: number }>('SELECT head_seq FROM hq_terminals WHERE terminal_id = $1 FOR UPDATE', [
        terminal.terminalId,
      ]);
      if (head.rows[0]?.head_seq !== chain.headSeq) {
        await client.query('ROLLBACK');
        throw new StaleChainState(`head of ${terminal.terminalId} moved`);
      }
      await new Promise<void>((resolve, reject) => {
        const stream = client.query(copyStreams.from(COPY_SQL));
        stream.on('error', reject);
        stream.on('finish', resolve);
        stream.end(fresh.copy);
      });
      await this.upsertReports(client, terminal, fresh);
      const reuses = await recordMemberCodeUses(client, terminal.terminalId, fresh.memberCodes);
      const overspends = await recordGiftCardMovements(client, terminal.terminalId, fresh.giftCards, fresh.giftCardVoids);
      await recordMemberSignups(client, terminal, fresh.memberSignups);
      // The till's loss-case reviews join HQ's cases (hq/loss-cases.ts), in this transaction: never stored without their record.
      await recordTillLossReviews(client, terminal.terminalId, { from: fresh.firstSeq, to: fresh.lastSeq });
      await client.query(
        'UPDATE hq_terminals SET head_seq = $2, head_hash = $3, verifier_state = $4, last_seen_at = now() WHERE terminal_id = $1',
        [terminal.terminalId, fresh.lastSeq, fresh.lastHash, JSON.stringify(fresh.resume)],
      );
      await client.query('COMMIT');
      return { reuses, overspends };
    } catch (e) {
      if (!(e instanceof StaleChainState)) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
      }
      throw e;
    } finally {
      client.release(broken);
    }
  }

  private async upsertReports(client: pg.PoolClient, terminal: EnrolledTerminal, fresh: FreshEntries): Promise<void> {
    const { storeId, terminalId } = terminal;
    if (fresh.sales.length > 0) {
      const s = fresh.sales;
      await client.query(
        `INSERT INTO hq_sales_daily AS d (store_id, terminal_id, business_day, currency, sales_count, sales_total, sales_tax, returns_count, returns_total, post_voids_count, post_voids_total)
         SELECT $1, $2, * FROM unnest($3::date[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[])
         ON CONFLICT (store_id, business_day, terminal_id, currency) DO UPDATE SET
           sales_count = d.sales_count + excluded.sales_count, sales_total = d.sales_total + excluded.sales_total, sales_tax = d.sales_tax + excluded.sales_tax,
           returns_count = d.returns_count + excluded.returns_count, returns_total = d.returns_total + excluded.returns_total,
           post_voids_count = d.post_voids_count + excluded.post_voids_count, post_voids_total = d.post_voids_total + excluded.post_voids_total`,
        [
          storeId,
          terminalId,
          s.map((r) => r.businessDay),
          s.map((r) => r.currency),
          s.map((r) => r.salesCount),
          s.map((r) => r.salesTotal),
          s.map((r) => r.salesTax),
          s.map((r) => r.returnsCount),
          s.map((r) => r.returnsTotal),
          s.map((r) => r.postVoidsCount),
          s.map((r) => r.postVoidsTotal),
        ],
      );
    }
    if (fresh.exceptions.length > 0) {
      const x = fresh.exceptions;
      await client.query(
        `INSERT INTO hq_cashier_exceptions_daily AS d (store_id, terminal_id, business_day, staff_id, line_voids, sale_voids, post_voids, no_sales, manual_members, reprints, discount_approvals, price_overrides)
         SELECT $1, $2, * FROM unnest($3::date[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[])
         ON CONFLICT (store_id, business_day, staff_id, terminal_id) DO UPDATE SET
           line_voids = d.line_voids + excluded.line_voids, sale_voids = d.sale_voids + excluded.sale_voids, post_voids = d.post_voids + excluded.post_voids,
           no_sales = d.no_sales + excluded.no_sales, manual_members = d.manual_members + excluded.manual_members, reprints = d.reprints + excluded.reprints,
           discount_approvals = d.discount_approvals + excluded.discount_approvals, price_overrides = d.price_overrides + excluded.price_overrides`,
        [
          storeId,
          terminalId,
          x.map((r) => r.businessDay),
          x.map((r) => r.staffId),
          x.map((r) => r.lineVoids),
          x.map((r) => r.saleVoids),
          x.map((r) => r.postVoids),
          x.map((r) => r.noSales),
          x.map((r) => r.manualMembers),
          x.map((r) => r.reprints),
          x.map((r) => r.discountApprovals),
          x.map((r) => r.priceOverrides),
        ],
      );
    }
  }
}
