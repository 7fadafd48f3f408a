import type pg from 'pg';
import type { LedgerEntry } from '../core/ledger/entry.ts';
import type { Incident } from './incidents.ts';

// Gift cards across the chain (issue #15). A till spends at most the balance its own ledger shows;
// two tills that both believed a card held its value (offline, or from a stale balance) can
// together spend more than was loaded, and only HQ sees both. The batch check picks each entry's
// card movements; ingest stores them with the entries, in the same transaction (a batch sent twice
// is counted once), and raises `giftcard-overspent` when a card issued somewhere in the chain is
// below zero across all tills.

/** One movement of a card's value, as an entry records it. */
export interface GiftCardMovement {
  seq: number;
  position: number;
  businessDay: string;
  cardRef: string;
  last4: string;
  movement: 'issued' | 'redeemed' | 'refunded';
  amount: number;
  receiptNo: number | null;
}

/** A post-void of a sale: the sale's redemptions go back onto their cards. */
export interface GiftCardVoid {
  seq: number;
  businessDay: string;
  receiptNo: number;
}

export interface GiftCardOverspend {
  cardRef: string;
  last4: string;
  balance: number;
  /** The redemptions of the card, at every till, in the order stored. */
  redemptions: Array<{ terminalId: string; seq: number; amount: number }>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const REF = /^[0-9a-f]{64}$/;

function tenderMovements(
  entry: Pick<LedgerEntry, 'seq' | 'businessDay'>,
  tenders: unknown,
  movement: 'redeemed' | 'refunded',
  receiptNo: number | null,
): GiftCardMovement[] {
  if (!Array.isArray(tenders)) return [];
  const out: GiftCardMovement[] = [];
  tenders.forEach((t: unknown, position) => {
    if (!isRecord(t) || t.type !== 'giftcard' || typeof t.reference !== 'string' || !REF.test(t.reference)) return;
    if (typeof t.amount !== 'number' || !Number.isSafeInteger(t.amount)) return;
    const amount = movement === 'redeemed' ? -t.amount : t.amount;
    const last4 = typeof t.last4 === 'string' ? t.last4 : '';
    out.push({ seq: entry.seq, position, businessDay: entry.businessDay, cardRef: t.reference, last4, movement, amount, receiptNo });
  });
  return out;
}

/** Position of a sale's gift card line among the entry's movements: after any tender the entry can hold. */
const LINE_POSITION = 100;

/** Cards sold or topped up on a sale's lines (issue #15): issued, tied to the sale's receipt so a post-void takes them back. */
function lineLoads(entry: Pick<LedgerEntry, 'seq' | 'businessDay'>, lines: unknown, receiptNo: number | null): GiftCardMovement[] {
  if (!Array.isArray(lines)) return [];
  const out: GiftCardMovement[] = [];
  lines.forEach((l: unknown, i) => {
    if (!isRecord(l) || !isRecord(l.giftCard) || l.voided === true) return;
    const { cardRef, last4 } = l.giftCard;
    if (typeof cardRef !== 'string' || !REF.test(cardRef) || typeof l.amount !== 'number' || !Number.isSafeInteger(l.amount)) return;
    out.push({
      seq: entry.seq,
      position: LINE_POSITION + i,
      businessDay: entry.businessDay,
      cardRef,
      last4: typeof last4 === 'string' ? last4 : '',
      movement: 'issued',
      amount: l.amount,
      receiptNo,
    });
  });
  return out;
}

/** The card movements of an entry (bodies are read defensively: HQ checks signatures, not schemas); training moves nothing. */
export function giftCardMovementsOf(entry: Pick<LedgerEntry, 'kind' | 'seq' | 'businessDay' | 'body'>): GiftCardMovement[] {
  const b = entry.body;
  if (!isRecord(b) || b.training === true) return [];
  const receiptNo = typeof b.receiptNo === 'number' ? b.receiptNo : null;
  if (entry.kind === 'sale') return [...lineLoads(entry, b.lines, receiptNo), ...tenderMovements(entry, b.tenders, 'redeemed', receiptNo)];
  if (entry.kind === 'return') return tenderMovements(entry, b.refunds, 'refunded', null);
  if (entry.kind !== 'giftcard-issued') return [];
  if (typeof b.cardRef !== 'string' || !REF.test(b.cardRef) || typeof b.amount !== 'number' || !Number.isSafeInteger(b.amount)) return [];
  const last4 = typeof b.last4 === 'string' ? b.last4 : '';
  return [
    {
      seq: entry.seq,
      position: 0,
      businessDay: entry.businessDay,
      cardRef: b.cardRef,
      last4,
      movement: 'issued',
      amount: b.amount,
      receiptNo: null,
    },
  ];
}

/** The sale a post-void entry reverses, when it is one. */
export function giftCardVoidOf(entry: Pick<LedgerEntry, 'kind' | 'seq' | 'businessDay' | 'body'>): GiftCardVoid | null {
  const b = entry.body;
  if (entry.kind !== 'void' || !isRecord(b) || b.scope !== 'post-void' || typeof b.receiptNo !== 'number') return null;
  return { seq: entry.seq, businessDay: entry.businessDay, receiptNo: b.receiptNo };
}

const RECORD_SQL = `
INSERT INTO hq_giftcard_movements (terminal_id, seq, position, business_day, card_ref, last4, movement, amount, receipt_no)
SELECT $1, * FROM unnest($2::bigint[], $3::smallint[], $4::date[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bigint[])
ON CONFLICT DO NOTHING
RETURNING card_ref`;

// A post-void puts back what the voided sale's redemptions took, and takes off what its gift card
// lines loaded (the sale's rows of this terminal; loads of older giftcard-issued entries have no receipt).
const VOID_SQL = `
INSERT INTO hq_giftcard_movements (terminal_id, seq, position, business_day, card_ref, last4, movement, amount, receipt_no)
SELECT m.terminal_id, $2, m.position, $3::date, m.card_ref, m.last4, 'voided', -m.amount, m.receipt_no
FROM hq_giftcard_movements m
WHERE m.terminal_id = $1 AND m.receipt_no = $4 AND m.movement IN ('redeemed', 'issued')
ON CONFLICT DO NOTHING
RETURNING card_ref`;

// Cards below zero across the chain, among those just moved; only cards whose issue HQ has seen
// (a redemption synced before the issuing till's batch is not an overspend yet).
const OVERSPENT_SQL = `
SELECT card_ref, max(last4) AS last4, sum(amount) AS balance
FROM hq_giftcard_movements WHERE card_ref = ANY($1::text[])
GROUP BY card_ref
HAVING sum(amount) < 0 AND bool_or(movement = 'issued')`;

const REDEMPTIONS_SQL = `
SELECT card_ref, terminal_id, seq, -amount AS amount FROM hq_giftcard_movements
WHERE card_ref = ANY($1::text[]) AND movement = 'redeemed' ORDER BY card_ref, terminal_id, seq, position`;

/** Stores a batch's card movements; returns the cards this batch moved that are now overspent chain-wide. */
export async function recordGiftCardMovements(
  client: pg.PoolClient,
  terminalId: string,
  movements: readonly GiftCardMovement[],
  voids: readonly GiftCardVoid[],
): Promise<GiftCardOverspend[]> {
  if (movements.length === 0 && voids.length === 0) return [];
  const moved = new Set<string>();
  if (movements.length > 0) {
    const fresh = await client.query<{ card_ref: string }>(RECORD_SQL, [
      terminalId,
      movements.map((m) => m.seq),
      movements.map((m) => m.position),
      movements.map((m) => m.businessDay),
      movements.map((m) => m.cardRef),
      movements.map((m) => m.last4),
      movements.map((m) => m.movement),
      movements.map((m) => m.amount),
      movements.map((m) => m.receiptNo),
    ]);
    for (const r of fresh.rows) moved.add(r.card_ref);
  }
  // Voids in seq order after the batch's sales: a sale and its post-void may arrive in one batch.
  for (const v of voids) {
    const r = await client.query<{ card_ref: string }>(VOID_SQL, [terminalId, v.seq, v.businessDay, v.receiptNo]);
    for (const row of r.rows) moved.add(row.card_ref);
  }
  if (moved.size === 0) return [];
  const over = await client.query<{ card_ref: string; last4: string; balance: string }>(OVERSPENT_SQL, [[...moved]]);
  if (over.rows.length === 0) return [];
  const spent = await client.query<{ card_ref: string; terminal_id: string; seq: string; amount: string }>(REDEMPTIONS_SQL, [
    over.rows.map((r) => r.card_ref),
  ]);
  return over.rows.map((r) => ({
    cardRef: r.card_ref,
    last4: r.last4,
    balance: Number(r.balance),
    redemptions: spent.rows
      .filter((s) => s.card_ref === r.card_ref)
      .map((s) => ({ terminalId: s.terminal_id, seq: Number(s.seq), amount: Number(s.amount) })),
  }));
}

/** The incident for a card spent beyond what was loaded onto it, raised against the terminal whose batch showed it. */
export function giftCardOverspendIncident(terminalId: string, over: GiftCardOverspend): Incident {
  const tills = [...new Set(over.redemptions.map((r) => r.terminalId))];
  const latest = over.redemptions.filter((r) => r.terminalId === terminalId).at(-1);
  return {
    kind: 'giftcard-overspent',
    terminalId,
    seq: latest?.seq ?? null,
    remoteAddress: null,
    message: `gift card •••• ${over.last4} was spent ${-over.balance} beyond its value across ${tills.length} till(s) (${tills.join(', ')}): the chain owes less than was paid out`,
    // The reference's head names the card for a person looking it up at HQ; never its number.
    details: { cardRef: over.cardRef, last4: over.last4, balance: over.balance, redemptions: over.redemptions },
  };
}
