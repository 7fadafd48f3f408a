// One gift card spent at two tills beyond its value (issue #15): each till alone stayed within the
// balance it knew; only HQ sees both. HQ keeps the chain-wide balance of each card from the synced
// entries and raises a giftcard-overspent incident, once, however often the batches are sent again.
// Real PostgreSQL, real signed ledgers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { HttpHqClient } from '../../../platform/hq-client.ts';
import type { RunningHq } from '../../../hq/server.ts';
import type { EntryDraft } from '../../../core/ledger/entry.ts';
import type { SaleBody } from '../../../core/ledger/bodies.ts';
import { giftCardOf } from '../../../core/giftcards/card-number.ts';
import { nodeLedgerCrypto } from '../../../platform/node-crypto.ts';
import { draft, saleBody } from '../../helpers/ledger.ts';
import { enroll, incidentKinds, openTestTerminal, removeTerminal, startTestHq, type TestTerminal } from '../../helpers/hq.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const postgres = usePostgres();
let pool: pg.Pool;
let hq: RunningHq;
const terminals: TestTerminal[] = [];

beforeAll(async () => {
  ({ pool } = postgres);
  hq = await startTestHq(pool);
});

afterAll(async () => {
  for (const t of terminals) removeTerminal(t);
  await hq?.close();
});

const CARD = giftCardOf(nodeLedgerCrypto, '6012345678901234');
const OTHER = giftCardOf(nodeLedgerCrypto, '6012345678905678');

const issued = (card: typeof CARD, amount: number): EntryDraft =>
  draft('giftcard-issued', {
    cardRef: card.ref,
    last4: card.last4,
    currency: 'TWD',
    amount,
    tender: { type: 'card', amount },
    training: false,
  });

/** A sale of one gift card line loading `amount` (how tills record a card sold since issue #15), paid in cash. */
function soldOnSale(receiptNo: number, card: typeof CARD, amount: number): EntryDraft {
  const line = { lineNo: 1, productId: 'giftcard', sku: 'GIFTCARD', name: 'Gift card', qtyMilli: 1000, unitPrice: amount };
  const giftLine = { ...line, priceTier: 'retail', taxClass: 'giftcard', taxRateBp: 0, discount: 0, amount, tax: 0 };
  return draft('sale', {
    ...saleBody(receiptNo, `sale-${receiptNo}`),
    lines: [{ ...giftLine, giftCard: { cardRef: card.ref, last4: card.last4, balance: amount } }],
    subtotal: amount,
    tax: 0,
    total: amount,
    tenders: [{ type: 'cash', amount }],
  });
}

/** A sale paid `onCard` from the gift card and the rest in cash. */
function paidByCard(receiptNo: number, card: typeof CARD, onCard: number): EntryDraft {
  const body = saleBody(receiptNo, `sale-${receiptNo}`);
  const tenders: SaleBody['tenders'] = [{ type: 'giftcard', amount: onCard, reference: card.ref, last4: card.last4 }];
  if (body.total > onCard) tenders.push({ type: 'cash', amount: body.total - onCard });
  return draft('sale', { ...body, tenders });
}

async function till(id: string, drafts: EntryDraft[]): Promise<{ push: () => Promise<unknown> }> {
  const t = openTestTerminal(id);
  terminals.push(t);
  t.store.write((tx) => {
    for (const d of drafts) tx.append(d);
  });
  await enroll(hq, t);
  const client = new HttpHqClient({ baseUrl: hq.url, terminalId: id, signer: t.signer });
  const entries = [...t.store.entries()];
  return { push: () => client.pushEntries({ terminalId: id, entries, bytes: 0 }) };
}

const balance = async (card: typeof CARD) =>
  Number((await pool.query('SELECT COALESCE(SUM(amount), 0) AS b FROM hq_giftcard_movements WHERE card_ref = $1', [card.ref])).rows[0].b);

describe('gift cards at HQ', () => {
  it('keeps each card balance across tills and raises an overspend once, only when the chain spent more than was loaded', async () => {
    // Till A sells two cards of 1,000 (the first as an older till recorded it, the second on a sale
    // line) and spends 700 of the first; till B, offline with the same balance in mind, spends 700
    // more of it. The second card is spent, voided and spent within its value.
    const a = await till('T-GIFT-A', [issued(CARD, 1000), paidByCard(1, CARD, 700), soldOnSale(2, OTHER, 1000)]);
    const b = await till('T-GIFT-B', [
      paidByCard(1, CARD, 700),
      paidByCard(2, OTHER, 900),
      draft('void', { scope: 'post-void', saleId: 'sale-2', receiptNo: 2, amount: 900, reason: 'rang twice', drawerSessionId: null }),
      paidByCard(3, OTHER, 900),
    ]);
    // B's redemptions arrive before the issuing till's batch: not an overspend yet (HQ has not seen the card's value).
    await b.push();
    expect(await incidentKinds(pool)).not.toContain('giftcard-overspent');
    await a.push();
    await a.push();
    await b.push();
    expect(await balance(CARD)).toBe(-400);
    expect(await balance(OTHER)).toBe(100);
    const r = await pool.query<{ terminal_id: string; message: string; details: Record<string, unknown> }>(
      "SELECT terminal_id, message, details FROM hq_incidents WHERE kind = 'giftcard-overspent'",
    );
    expect(r.rows).toHaveLength(1);
    const row = r.rows[0]!;
    expect(row.terminal_id).toBe('T-GIFT-A');
    expect(row.message).toContain('•••• 1234');
    expect(row.message).toContain('400');
    expect(row.details).toMatchObject({
      last4: '1234',
      balance: -400,
      redemptions: [
        { terminalId: 'T-GIFT-A', amount: 700 },
        { terminalId: 'T-GIFT-B', amount: 700 },
      ],
    });
    // HQ never holds the number: only its reference and last four.
    const stored = await pool.query("SELECT COUNT(*)::int AS n FROM ledger_entries WHERE body LIKE '%6012345678901234%'");
    expect(stored.rows[0].n).toBe(0);
  });
});
