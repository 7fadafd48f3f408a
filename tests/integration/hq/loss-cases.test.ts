// `tillproof hq loss scan | cases | review` over the entries the tills sent HQ (issue #14): the seed
// pattern split over two tills (by a salesperson of another store) is found at HQ, a re-scan finds
// the same case rather than adding one, a review is kept and holds until new evidence joins the
// case, and a member's "this wasn't me" becomes a case naming the disputed sale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hqCommand } from '../../../cli/hq-commands.ts';
import { recordDispute } from '../../../hq/disputes.ts';
import type { HqLossCase, HqScanResult } from '../../../hq/loss-cases.ts';
import type { RunningHq } from '../../../hq/server.ts';
import { HttpHqClient } from '../../../platform/hq-client.ts';
import { draft, saleBody } from '../../helpers/ledger.ts';
import { enroll, hqSummary, openTestTerminal, removeTerminal, startTestHq, waitFor, type TestTerminal } from '../../helpers/hq.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const postgres = usePostgres();
let hq: RunningHq;
let dir: string;
let configFile: string;
const tills = new Map<string, TestTerminal>();

beforeAll(async () => {
  hq = await startTestHq(postgres.pool);
  dir = mkdtempSync(join(tmpdir(), 'tillproof-hq-loss-'));
  configFile = join(dir, 'hq.json');
  writeFileSync(configFile, JSON.stringify({ databaseUrl: postgres.url, currency: 'TWD' }));
  for (const [terminalId, storeId] of [
    ['T-A1', 'STORE-A'],
    ['T-A2', 'STORE-A'],
    ['T-B1', 'STORE-B'],
  ] as const) {
    const t = openTestTerminal(terminalId, storeId);
    tills.set(terminalId, t);
    await enroll(hq, t);
  }
});

afterAll(async () => {
  for (const t of tills.values()) removeTerminal(t);
  await hq?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface SaleOptions {
  member: string;
  verification: string;
  /** The price tier of every line: 'retail' or a member tier. */
  tier: string;
  salesperson?: string;
}

/** One sale rung up by cashier S-101 at `terminalId`, pushed to HQ; returns its seq. */
async function sell(terminalId: string, at: string, o: SaleOptions): Promise<number> {
  const t = tills.get(terminalId)!;
  const seq = t.store.write((tx) => {
    const body = saleBody(tx.nextReceiptNo());
    for (const line of body.lines) line.priceTier = o.tier;
    body.member = { memberId: o.member, tier: 'vip', verification: o.verification } as NonNullable<typeof body.member>;
    if (o.salesperson) (body as unknown as Record<string, unknown>).salespersons = [{ staffId: o.salesperson, shareBp: 10_000 }];
    return tx.append(draft('sale', body, at, at.slice(0, 10), 'S-101')).seq;
  });
  await push(terminalId, seq);
  return seq;
}

/** A manager's review of a case at the till (a `loss-review` entry, as core/loss/loss-handlers.ts writes it), pushed to HQ. */
async function reviewAtTill(
  terminalId: string,
  at: string,
  review: { evidence: Array<{ terminalId: string; seq: number }>; staffIds: string[]; memberId: string; businessDay: string },
  outcome: 'fraud' | 'error' | 'fine',
  note: string,
): Promise<number> {
  const body = { rule: 'seed-pattern', ...review, outcome, note };
  const seq = tills.get(terminalId)!.store.write((tx) => tx.append(draft('loss-review', body, at, at.slice(0, 10), 'S-MGR')).seq);
  await push(terminalId, seq);
  return seq;
}

async function push(terminalId: string, seq: number): Promise<void> {
  const t = tills.get(terminalId)!;
  const client = new HttpHqClient({ baseUrl: hq.url, terminalId, signer: t.signer });
  try {
    await client.pushEntries({ terminalId, entries: [...t.store.entries()], bytes: 0 });
  } finally {
    client.close();
  }
  await waitFor(async () => (await hqSummary(postgres.pool, terminalId)).lastSeq === seq, 20_000, `${terminalId} #${seq} at HQ`);
}

async function hqLoss(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = { out: (t: string) => void (out += `${t}\n`), err: (t: string) => void (err += `${t}\n`) };
  const code = await hqCommand(['loss', ...args, '--config', configFile], io);
  return { code, out, err };
}

async function scan(...args: string[]): Promise<HqScanResult> {
  const r = await hqLoss('scan', '--json', ...args);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as HqScanResult;
}

async function cases(...args: string[]): Promise<HqLossCase[]> {
  const r = await hqLoss('cases', '--json', ...args);
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as HqLossCase[];
}

const storedHash = async (terminalId: string, seq: number) =>
  (await postgres.pool.query<{ hash: string }>('SELECT hash FROM ledger_entries WHERE terminal_id = $1 AND seq = $2', [terminalId, seq]))
    .rows[0]!.hash;

describe('tillproof hq loss', () => {
  let small: number;
  let big: number;
  let caseId: number;

  it('finds the seed pattern split over two tills, by a salesperson of another store, with the entries as evidence', async () => {
    // The gift to customer A, registered to VIP B who came in the same day: first B's own small purchase at one
    // till, then the expensive piece at B's tier price at the other till, B typed in by number.
    small = await sell('T-A1', '2026-11-20T02:00:00.000Z', {
      member: 'M0002',
      verification: 'app-code',
      tier: 'retail',
      salesperson: 'S-B7',
    });
    big = await sell('T-A2', '2026-11-20T06:00:00.000Z', {
      member: 'M0002',
      verification: 'manual-lookup',
      tier: 'vip',
      salesperson: 'S-B7',
    });
    await sell('T-B1', '2026-11-20T03:00:00.000Z', { member: 'M0009', verification: 'app-code', tier: 'retail' });

    // Each till alone shows nothing: one sale of the member's each.
    expect((await scan('--store', 'STORE-B')).found).toBe(0);

    const r = await scan('--from', '2026-11-20', '--to', '2026-11-20');
    expect(r).toMatchObject({ terminals: 3, found: 1, created: 1, reopened: 0 });
    expect(r.cases).toEqual([
      expect.objectContaining({
        rule: 'seed-pattern',
        status: 'open',
        staffIds: ['S-B7', 'S-101'],
        memberId: 'M0002',
        storeIds: ['STORE-A'],
        businessDay: '2026-11-20',
        evidence: [
          { terminalId: 'T-A1', seq: small, hash: await storedHash('T-A1', small) },
          { terminalId: 'T-A2', seq: big, hash: await storedHash('T-A2', big) },
        ],
        reviews: [],
      }),
    ]);
    expect(r.cases[0]!.explanation).toContain('at another till');
    caseId = r.cases[0]!.caseId;

    const text = await hqLoss('cases', '--store', 'STORE-A');
    expect(text.out).toContain(`case ${caseId} [open] seed-pattern`);
    expect(text.out).toContain(`evidence: T-A1#${small} T-A2#${big}`);
    expect((await cases('--store', 'STORE-B')).filter((c) => c.rule === 'seed-pattern')).toEqual([]);
  });

  it('finds the same case again on a re-scan rather than adding one', async () => {
    const again = await scan();
    expect(again).toMatchObject({ found: 1, created: 0, reopened: 0 });
    expect(again.cases.map((c) => c.caseId)).toEqual([caseId]);
    expect((await cases()).map((c) => c.caseId)).toEqual([caseId]);
  });

  it('keeps a review, holds a false alarm through re-scans, and re-opens it only when new evidence joins', async () => {
    const reviewed = await hqLoss(
      'review',
      String(caseId),
      '--outcome',
      'false-alarm',
      '--note',
      'B came back for a second piece',
      '--by',
      'Lin',
    );
    expect(reviewed.code).toBe(0);
    expect(reviewed.out).toContain(`case ${caseId} [dismissed]`);
    expect(reviewed.out).toContain('review: false-alarm by Lin');

    await scan();
    expect(await cases('--status', 'open')).toEqual([]);
    const [dismissed] = await cases('--status', 'dismissed');
    expect(dismissed).toMatchObject({ caseId, reviews: [{ outcome: 'false-alarm', note: 'B came back for a second piece', by: 'Lin' }] });

    // The review history cannot be rewritten.
    await expect(postgres.pool.query(`UPDATE hq_loss_case_reviews SET note = 'nothing to see'`)).rejects.toThrow(/append-only/);
    await expect(postgres.pool.query('DELETE FROM hq_loss_case_reviews')).rejects.toThrow(/append-only/);

    // A third sale of the same kind the same day joins the case: it is open again, the review still on record.
    const third = await sell('T-A1', '2026-11-20T08:00:00.000Z', {
      member: 'M0002',
      verification: 'manual',
      tier: 'vip',
      salesperson: 'S-B7',
    });
    const r = await scan();
    expect(r).toMatchObject({ created: 0, reopened: 1 });
    const [open] = await cases('--status', 'open');
    expect(open).toMatchObject({ caseId, status: 'open' });
    expect(open!.evidence.map((e) => `${e.terminalId}#${e.seq}`)).toEqual([`T-A1#${small}`, `T-A2#${big}`, `T-A1#${third}`]);
    expect(open!.reviews.map((v) => [v.outcome, v.by])).toEqual([
      ['false-alarm', 'Lin'],
      ['reopened', 'scan'],
    ]);
    expect(open!.reviews[1]!.note).toContain(`T-A1#${third}`);
    expect((await scan()).reopened).toBe(0);

    const confirmed = await hqLoss(
      'review',
      String(caseId),
      '--outcome',
      'confirmed',
      '--note',
      'owner phoned: not theirs',
      '--by',
      'Chen',
    );
    expect(confirmed.out).toContain(`case ${caseId} [reviewed]`);
    expect((await cases('--status', 'reviewed')).map((c) => c.reviews.length)).toEqual([3]);
  });

  it('refuses a review of no case, or without an outcome, a note or a reviewer, recording nothing', async () => {
    expect((await hqLoss('review', '999999', '--outcome', 'confirmed', '--note', 'x', '--by', 'Lin')).err).toMatch(/no case 999999/);
    expect((await hqLoss('review', String(caseId), '--outcome', 'fraud', '--note', 'x', '--by', 'Lin')).code).toBe(2);
    expect((await hqLoss('review', String(caseId), '--outcome', 'confirmed', '--by', 'Lin')).err).toMatch(/--note is required/);
    expect((await hqLoss('review', String(caseId), '--outcome', 'confirmed', '--note', 'x')).err).toMatch(/--by is required/);
    expect((await hqLoss('cases', '--status', 'closed')).code).toBe(2);
    expect((await postgres.pool.query('SELECT COUNT(*)::int AS n FROM hq_loss_case_reviews')).rows[0].n).toBe(3);
  });

  it('makes a member\'s "this wasn\'t me" a case linked to the disputed sale', async () => {
    const seq = await sell('T-B1', '2026-11-21T03:00:00.000Z', {
      member: 'M0031',
      verification: 'card',
      tier: 'retail',
      salesperson: 'S-B2',
    });
    const outcome = await recordDispute(postgres.pool, {
      terminalId: 'T-B1',
      seq,
      memberId: 'M0031',
      comment: 'not me',
      remoteAddress: null,
    });
    expect(outcome?.created).toBe(true);
    const [dispute] = (await cases('--store', 'STORE-B')).filter((c) => c.rule === 'member-dispute');
    expect(dispute).toMatchObject({
      status: 'open',
      disputeId: outcome!.disputeId,
      memberId: 'M0031',
      storeIds: ['STORE-B'],
      staffIds: expect.arrayContaining(['S-B2', 'S-101']),
      businessDay: '2026-11-21',
      evidence: [{ terminalId: 'T-B1', seq, hash: await storedHash('T-B1', seq) }],
    });
    expect(dispute!.explanation).toContain('"not me"');
    // A second click and a re-scan find the same case.
    await recordDispute(postgres.pool, { terminalId: 'T-B1', seq, memberId: 'M0031', comment: null, remoteAddress: null });
    expect((await scan()).disputes).toBe(0);
    expect((await cases()).filter((c) => c.rule === 'member-dispute')).toHaveLength(1);
  });
});

describe("the tills' reviews and accepted patterns at HQ", () => {
  const seed = (terminalId: string, day: string) => async () => {
    const small = await sell(terminalId, `${day}T02:00:00.000Z`, {
      member: 'M0040',
      verification: 'app-code',
      tier: 'retail',
      salesperson: 'S-B9',
    });
    const big = await sell(terminalId, `${day}T06:00:00.000Z`, {
      member: 'M0040',
      verification: 'manual',
      tier: 'vip',
      salesperson: 'S-B9',
    });
    return [
      { terminalId, seq: small },
      { terminalId, seq: big },
    ];
  };
  const pattern = { staffIds: ['S-B9', 'S-101'], memberId: 'M0040' };
  let tillReviewSeq: number;
  let firstCase: number;

  it('applies a till review of a case HQ has on ingest, naming the till and its entry', async () => {
    const [before] = await cases('--status', 'reviewed');
    const evidence = before!.evidence.map(({ terminalId, seq }) => ({ terminalId, seq }));
    const seq = await reviewAtTill(
      'T-A1',
      '2026-11-22T09:00:00.000Z',
      { evidence, staffIds: before!.staffIds, memberId: before!.memberId!, businessDay: before!.businessDay },
      'fraud',
      'seen on the camera',
    );
    const [after] = (await cases()).filter((c) => c.caseId === before!.caseId);
    expect(after!.status).toBe('reviewed');
    expect(after!.reviews.at(-1)).toMatchObject({
      outcome: 'fraud',
      by: 'S-MGR',
      note: 'seen on the camera',
      from: { terminalId: 'T-A1', seq },
    });
    expect((await hqLoss('cases')).out).toContain(`review: fraud by S-MGR (at till T-A1 entry #${seq})`);
  });

  it('keeps a review of a case HQ does not have yet and links it when a scan finds the case', async () => {
    const evidence = await seed('T-B1', '2026-11-25')();
    tillReviewSeq = await reviewAtTill(
      'T-B1',
      '2026-11-25T09:00:00.000Z',
      { evidence, ...pattern, businessDay: '2026-11-25' },
      'fine',
      'her daughter shops on her card',
    );
    const waiting = await postgres.pool.query('SELECT case_id FROM hq_till_loss_reviews WHERE terminal_id = $1 AND seq = $2', [
      'T-B1',
      tillReviewSeq,
    ]);
    expect(waiting.rows).toEqual([{ case_id: null }]);

    const r = await scan();
    expect(r.tillReviews).toBe(1);
    const found = r.cases.find((c) => c.memberId === 'M0040')!;
    firstCase = found.caseId;
    expect(found).toMatchObject({
      status: 'dismissed',
      acceptedBy: null,
      reviews: [{ outcome: 'fine', by: 'S-MGR', note: 'her daughter shops on her card', from: { terminalId: 'T-B1', seq: tillReviewSeq } }],
    });
    expect((await scan()).tillReviews).toBe(0);
  });

  it('accepts later cases of a pattern reviewed fine at a till or at HQ for 28 days, listing them last', async () => {
    await seed('T-B1', '2026-12-03')();
    await scan();
    const open = await cases('--status', 'open');
    const accepted = open.find((c) => c.memberId === 'M0040')!;
    expect(accepted.caseId).not.toBe(firstCase);
    expect(accepted.acceptedBy).toMatchObject({ by: 'S-MGR', day: '2026-11-25', from: { terminalId: 'T-B1', seq: tillReviewSeq } });
    expect(open.at(-1)!.caseId).toBe(accepted.caseId);
    expect(open.filter((c) => c.acceptedBy === null).length).toBe(open.length - 1);
    expect((await hqLoss('cases', '--status', 'open')).out).toContain(`[open, accepted pattern]`);

    // Reviewed fine at HQ too: a case 28 days after that review is accepted by it; one 29 days after is not.
    const hqFine = await hqLoss('review', String(accepted.caseId), '--outcome', 'fine', '--note', 'family account', '--by', 'Lin');
    expect(hqFine.out).toContain(`case ${accepted.caseId} [dismissed]`);
    const reviewDay = (await cases('--status', 'dismissed'))
      .find((c) => c.caseId === accepted.caseId)!
      .reviews.at(-1)!
      .at.slice(0, 10);
    const plus = (days: number) => new Date(Date.parse(`${reviewDay}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    await seed('T-A1', plus(28))();
    await seed('T-A2', plus(29))();
    await scan();
    const later = (await cases('--status', 'open')).filter((c) => c.memberId === 'M0040');
    expect(later.map((c) => [c.businessDay, c.acceptedBy?.caseId ?? null])).toEqual(
      expect.arrayContaining([
        [plus(28), accepted.caseId],
        [plus(29), null],
      ]),
    );
  });
});
