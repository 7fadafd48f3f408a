// The demo till (host/config.ts DEMO_CONFIG with host/demo/catalog.csv) sells its weighed goods
// from scale labels, on the real terminal wiring. Label check digits come from the reference
// below (GS1 General Specifications 7.9.1), not from the till's encoder.
import { afterEach, expect, it } from 'vitest';
import { DEMO_CONFIG, parseConfig } from '../../../host/config.ts';
import { startTerminal, type TerminalRuntime } from '../../../host/terminal-runtime.ts';
import { dispatchCall } from '../../../host/dispatch.ts';
import { MemoryDrawer, MemoryPrinter } from '../../../hardware/virtual/memory-devices.ts';
import type { SaleView } from '../../../core/contract/index.ts';
import type { Logger } from '../../../core/ports/logger.ts';
import { tempDir } from '../../helpers/ledger.ts';

const dir = tempDir('tillproof-demo-labels-');
let runtime: TerminalRuntime | null = null;
afterEach(async () => {
  await runtime?.close();
  dir.cleanup();
});

/** The till's log lines are not what this test reads. */
const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };

function ref(body: string): string {
  const sum = [...body].reverse().reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return body + String((10 - (sum % 10)) % 10);
}

it('the demo sells bananas by a weight label and a sweet potato by a price label; a label for an item code it does not have is refused', async () => {
  runtime = startTerminal({
    dataDir: dir.path,
    config: parseConfig(DEMO_CONFIG, 'demo'),
    demo: true,
    printer: new MemoryPrinter('receipt'),
    drawer: new MemoryDrawer(),
    devices: () => [],
    log: quiet,
  });
  const handlers = runtime.handlers;
  const call = (method: string, params: unknown) => dispatchCall(handlers, method, params, { error: () => undefined });
  expect(await call('session.login', { method: 'pin', staffId: 'S001', pin: '1111' })).toMatchObject({ ok: true });
  // The labels the demo's documentation names.
  expect(ref('211000101250')).toBe('2110001012501');
  expect(ref('223000100120')).toBe('2230001001203');
  await call('sale.scan', { code: '2110001012501', source: 'wedge' });
  const r = await call('sale.scan', { code: '2230001001203', source: 'wedge' });
  expect(r.ok).toBe(true);
  const sale = (r as { result: SaleView }).result;
  expect(sale.lines.map((l) => [l.sku, l.qtyMilli, l.amount])).toEqual([
    ['1059', 1250, 100], // 1.250 kg at 80 a kg
    ['1046', 1000, 120],
  ]);
  // No demo item has item code 01012: the label names nothing the till sells.
  expect(await call('sale.scan', { code: ref('210101200500'), source: 'wedge' })).toMatchObject({
    ok: false,
    error: { code: 'scan.unknown-product' },
  });
});
