// Card tenders are reconcilable: the close asks for the card terminal's batch total, records the
// difference (co-signed beyond the threshold), and the Z lists each card tender with its reference.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalBy, barcodeOf, expectRefused, loginAs, openDrawer, startTestHost, type TestHost } from '../../../helpers/host.ts';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

async function cardSale(code: string, amount: number, reference: string, last4: string): Promise<number> {
  await host.call('sale.scan', { code: barcodeOf(code), source: 'hid' });
  await host.call('sale.present');
  await host.call('sale.addTender', { type: 'card', amount, reference, last4 });
  return (await host.call('sale.complete')).receiptNo;
}

const text = (doc: { lines: Array<{ type: string; left?: string; right?: string; text?: string }> }) =>
  doc.lines.map((l) => (l.type === 'pair' ? `${l.left} | ${l.right}` : (l.text ?? ''))).join('\n');

async function closeDrawerEven(): Promise<void> {
  await host.call('till.closeDrawer', { counts: [{ value: 100, count: 20 }] });
}

describe('card batch at the close', () => {
  it('the Z waits for the batch total; a difference beyond the threshold needs a co-sign; the Z lists card tenders', async () => {
    const first = await cardSale('p-noodle', 120, 'AUTH-0001', '4242');
    const second = await cardSale('p-cake', 45, 'AUTH-0002', '1881');
    await closeDrawerEven();
    await loginAs(host, '301');
    expect((await host.call('till.status')).cardBatch).toMatchObject({ entered: false });
    expect((await host.fail('report.z', {})).details).toMatchObject({ cardBatch: 'missing' });

    await loginAs(host, '101');
    // Entered blind: the answer tells the difference only after it is recorded.
    const batch = await host.call('till.cardBatch', { reported: 135 });
    expect(batch).toMatchObject({ reported: 135, expected: 165, difference: -30, needsCosign: true, cosigned: false });
    const entry = [...host.store.entries()].at(-1)!;
    expect(entry).toMatchObject({
      kind: 'card-batch',
      operatorId: '101',
      body: { reported: 135, expected: 165, difference: -30, tenders: 2 },
    });
    await expectRefused(host, 'till.cardBatch', { reported: 165 }, 'till.not-ready');

    await loginAs(host, '301');
    expect((await host.fail('report.z', {})).details).toMatchObject({ cardBatch: 'awaiting-cosign' });
    await host.call('till.cosignCardBatch', { businessDay: batch.businessDay, reason: 'second card keyed twice on the terminal' });
    const z = await host.call('report.z', {});
    expect(z.cardTenders).toEqual([
      { receiptNo: first, kind: 'sale', amount: 120, reference: 'AUTH-0001', last4: '4242' },
      { receiptNo: second, kind: 'sale', amount: 45, reference: 'AUTH-0002', last4: '1881' },
    ]);
    expect(z.keys['card-batch:difference']).toEqual({ amount: -30, count: 1 });
    const printed = text(z.document);
    expect(printed).toContain(`#${first} *4242 AUTH-0001 | 120`);
    expect(printed).toContain('Card terminal batch | 135');
    expect(printed).toMatch(/Difference \| -30 \(co-signed\)/);
    expect(host.verify()).toMatchObject({ ok: true });
  });

  it('a batch within the threshold needs no co-sign and shows on the Z', async () => {
    await cardSale('p-tea', 25, 'AUTH-0003', '4242');
    await closeDrawerEven();
    expect(await host.call('till.cardBatch', { reported: 30 })).toMatchObject({ difference: 5, needsCosign: false });
    await loginAs(host, '301');
    const z = await host.call('report.z', {});
    expect(z.cardBatch).toMatchObject({ reported: 30, difference: 5 });
  });

  it('a day without card tenders closes without a batch', async () => {
    await closeDrawerEven();
    await loginAs(host, '301');
    expect((await host.call('till.status')).cardBatch).toBeNull();
    expect((await host.call('report.z', {})).kind).toBe('z');
  });

  it('a difference beyond the threshold is co-signed by someone else than who entered it', async () => {
    await cardSale('p-noodle', 120, 'AUTH-0004', '4242');
    await closeDrawerEven();
    const batch = await host.call('till.cardBatch', { reported: 0 });
    await expectRefused(host, 'till.cosignCardBatch', { businessDay: batch.businessDay, reason: 'terminal offline' }, 'approval.required');
    await expectRefused(
      host,
      'till.cosignCardBatch',
      { businessDay: batch.businessDay, reason: 'terminal offline', approval: approvalBy('101') },
      'approval.denied',
    );
    await host.call('till.cosignCardBatch', { businessDay: batch.businessDay, reason: 'terminal offline', approval: approvalBy('301') });
    expect((await host.call('till.status')).cardBatch).toMatchObject({ entered: true, awaitingCosign: false });
  });
});
