// A member card read by the till's own scanner (a serial scanner emulator on a socat pty pair,
// through the real terminal runtime) attaches the member as card-scanned; the same card number
// sent by a screen, whatever source it claims, does not (issue #12).
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CONFIG, parseConfig } from '../../../host/config.ts';
import { startTerminal, type TerminalRuntime } from '../../../host/terminal-runtime.ts';
import { dispatchCall } from '../../../host/dispatch.ts';
import { SerialScannerEmulator } from '../../../hardware/emulators/serial-scanner-emulator.ts';
import { FAST_RECONNECT, SOCAT_MISSING, isIdle, socatAvailable, statusWhere } from '../hardware/helpers.ts';
import { waitFor } from '../../helpers/hq.ts';
import type { SaleView } from '../../../core/contract/views.ts';
import { tempDir } from '../../helpers/ledger.ts';

const MEMBER_CARD = '9100000000012'; // demo member M0001
const GREEN_TEA = '4711037000012';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function tillWithSerialScanner(): Promise<{ runtime: TerminalRuntime; emulator: SerialScannerEmulator }> {
  const emulator = await SerialScannerEmulator.start({ suffix: 'cr' });
  cleanups.push(() => emulator.close());
  const dir = tempDir('tillproof-member-scan-');
  cleanups.push(() => dir.cleanup());
  const devices = {
    scanner: { type: 'scanner', transport: { kind: 'serial', path: emulator.hostPath }, suffix: 'cr', reconnect: FAST_RECONNECT },
  };
  const runtime = startTerminal({ dataDir: dir.path, config: parseConfig({ ...DEMO_CONFIG, devices }, 'scanner'), demo: true });
  cleanups.push(() => runtime.close());
  await statusWhere(runtime.hardware.scanners[0]!, isIdle, 'scanner idle');
  return { runtime, emulator };
}

describe.skipIf(!socatAvailable)('member cards and the till’s scanner', () => {
  it('a card the serial scanner reads is card-scanned; the same number from a screen claiming "serial" is not', async () => {
    const { runtime, emulator } = await tillWithSerialScanner();
    const call = (method: string, params: unknown) => dispatchCall(runtime.handlers, method, params, { error: () => undefined });
    expect((await call('session.login', { method: 'pin', staffId: 'S001', pin: '1111' })).ok).toBe(true);
    const sale = async (): Promise<SaleView | null> => {
      const r = await call('session.state', {});
      return r.ok ? (r.result as { sale: SaleView | null }).sale : null;
    };

    await emulator.scan(GREEN_TEA);
    await waitFor(async () => (await sale())?.lines.length === 1, 10_000, 'the item from the scanner');
    const claimed = await call('sale.scan', { code: MEMBER_CARD, source: 'serial' });
    expect(claimed.ok).toBe(false);
    expect((await sale())?.member).toBeNull();

    // A member card's number is no EAN-13 (its check digit is wrong): printed as Code 128, read with
    // the AIM symbology identifier the scanner is set to send.
    await emulator.scan(`]C0${MEMBER_CARD}`);
    await waitFor(async () => Boolean((await sale())?.member), 10_000, 'the member from the scanner');
    expect((await sale())?.member).toMatchObject({ memberId: 'M0001', verification: 'card-scanned' });
    expect([...runtime.store.entries()].filter((e) => e.kind === 'approval')).toHaveLength(0);
  });
});

if (!socatAvailable) console.warn(SOCAT_MISSING);
