import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CONFIG, parseConfig } from '../../../host/config.ts';
import { ScriptError, runScript, startSimulatedTill } from '../../../host/simulate-script.ts';
import type { TerminalRuntime } from '../../../host/terminal-runtime.ts';
import { verifyLedgerFile } from '../../../db/ledger-verify.ts';
import { nodeLedgerCrypto } from '../../../platform/node-crypto.ts';
import type { SaleBody } from '../../../core/ledger/bodies.ts';
import { tempDir } from '../../helpers/ledger.ts';

// A scripted store day through the host's handlers on the demo data: TP-0001 costs 25, 24 at the
// member tier, 22 at the VIP tier; M0002 is a VIP; S001 is a cashier, S002 a supervisor.

const open: Array<{ runtime: TerminalRuntime; cleanup: () => void }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.runtime.close();
    o.cleanup();
  }
});

function startTill(start: string) {
  const dir = tempDir('tillproof-script-');
  const till = startSimulatedTill({ dataDir: dir.path, config: parseConfig(DEMO_CONFIG, 'demo'), demo: true, start });
  open.push({ runtime: till.runtime, cleanup: dir.cleanup });
  return till;
}

const line = (l: Record<string, unknown>) => JSON.stringify(l);

/** One cash sale of `qty` green teas at `at`, by `as`, optionally for a member presenting the app code. */
function sale(at: string, as: string, qty: number, member?: string): string[] {
  return [
    line({ at, as, call: 'sale.addItem', params: { productId: 'TP-0001', qtyMilli: qty * 1000 } }),
    ...(member ? [line({ call: 'sale.attachMember', params: { method: 'token', token: { memberToken: member } } })] : []),
    line({ call: 'sale.present' }),
    line({ call: 'sale.addTender', params: { type: 'cash', amount: 1000 } }),
    line({ call: 'sale.complete' }),
  ];
}

function day(): string[] {
  const lines = [
    line({ at: '2026-03-02T09:00:00+08:00', as: 'S001', call: 'till.openDrawer', params: { counts: [{ value: 100, count: 20 }] } }),
  ];
  for (let i = 0; i < 20; i++) {
    const at = `2026-03-02T${String(10 + Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}:00+08:00`;
    lines.push(...sale(at, i < 10 ? 'S001' : 'S002', 1 + (i % 3), i % 5 === 0 ? 'M0002' : undefined));
  }
  // A cashier may not give 50 % off: the script says so, and the run goes on.
  lines.push(line({ at: '2026-03-02T16:00:00+08:00', as: 'S001', call: 'sale.addItem', params: { productId: 'TP-0001' } }));
  lines.push(
    line({
      call: 'sale.applyDiscount',
      params: { scope: 'order', kind: 'percent', value: 5000, reason: 'friend' },
      expect: { error: 'approval.required' },
    }),
  );
  lines.push(...sale('2026-03-02T16:00:00+08:00', 'S001', 1).slice(1));
  return lines;
}

describe('runScript', () => {
  it('runs a store day through the handlers: sales by the staff named, VIP prices from app codes, a ledger that verifies', async () => {
    const { runtime, clock } = startTill('2026-03-02T09:00:00+08:00');
    const summary = await runScript(runtime, day(), { clock });
    expect(summary).toMatchObject({
      sales: 21,
      expectedFailures: 1,
      firstAt: '2026-03-02T01:00:00.000Z',
      lastAt: '2026-03-02T08:00:00.000Z',
    });

    const sales = [...runtime.store.entries()].filter((e) => e.kind === 'sale');
    expect(sales).toHaveLength(21);
    expect(sales.map((e) => e.operatorId)).toEqual([...Array<string>(10).fill('S001'), ...Array<string>(10).fill('S002'), 'S001']);
    const bodies = sales.map((e) => e.body as SaleBody);
    // Sales 0, 5, 10 and 15 were for the VIP, at 22 each; the rest at 25; then one more tea at 25.
    expect(bodies.filter((b) => b.member?.memberId === 'M0002').map((b) => b.lines[0]!.unitPrice)).toEqual([22, 22, 22, 22]);
    const qty = (i: number) => 1 + (i % 3);
    const expected = Array.from({ length: 20 }, (_, i) => qty(i) * (i % 5 === 0 ? 22 : 25)).reduce((a, b) => a + b, 0) + 25;
    expect(bodies.reduce((s, b) => s + b.total, 0)).toBe(expected);
    expect(new Set(sales.map((e) => e.startedAt.slice(0, 10)))).toEqual(new Set(['2026-03-02']));
    expect(runtime.store.head().seq).toBe(summary.lastSeq);
    expect(verifyLedgerFile(runtime.store.path, nodeLedgerCrypto).result.ok).toBe(true);
  });

  it('stops at a call that failed unexpectedly, naming the line, the method and the error', async () => {
    const { runtime, clock } = startTill('2026-03-02T09:00:00+08:00');
    const script = [...day().slice(0, 6), line({ call: 'sale.addItem', params: { productId: 'TP-9999' } })];
    const error = await runScript(runtime, script, { clock }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScriptError);
    expect((error as ScriptError).line).toBe(7);
    expect((error as Error).message).toMatch(/^line 7: sale\.addItem failed: catalog\.[a-z-]+: .+/);
  });

  it('stops when a call expected to fail succeeds, when time goes back, and at an unknown member or staff', async () => {
    const cases: Array<[string[], RegExp]> = [
      [
        [line({ at: '2026-03-02T09:00:00+08:00', as: 'S001', call: 'session.state', expect: { error: 'auth.required' } })],
        /^line 1: session\.state succeeded, but the script expected it to fail with auth\.required$/,
      ],
      [
        [
          line({ at: '2026-03-02T09:00:00+08:00', call: 'session.state' }),
          line({ at: '2026-03-02T08:59:00+08:00', call: 'session.state' }),
        ],
        /^line 2: 2026-03-02T08:59:00\+08:00 is before the previous line's time/,
      ],
      [
        [
          line({ as: 'S001', call: 'sale.addItem', params: { productId: 'TP-0001' } }),
          ...sale('2026-03-02T10:00:00+08:00', 'S001', 1, 'M9999').slice(1),
        ],
        /^line 2: member M9999 is not/,
      ],
      [[line({ as: 'S077', call: 'session.state' })], /^line 1: no PIN or badge for staff S077/],
      [['{"at": "2026-03-02T09:00:00+08:00", "call": "sale.addItem"'], /^line 1: not JSON$/],
    ];
    for (const [script, message] of cases) {
      const { runtime, clock } = startTill('2026-03-02T09:00:00+08:00');
      await expect(runScript(runtime, script, { clock })).rejects.toThrow(message);
    }
  });
});
