// Issue #7: a Z report closed on the embedded default goes through the real ESC/POS driver, TCP on
// 127.0.0.1 and the strict virtual printer, which decodes it back: the store's language (zh-TW,
// Big5 inside Kanji mode), the Z number, each tender's total and the drawer's over/short, and no
// stray control bytes in the text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import type { EmbeddedEmulators } from '../../../host/embedded-devices.ts';
import type { TerminalRuntime } from '../../../host/terminal-runtime.ts';
import { verifyLedgerFile } from '../../../db/ledger-verify.ts';
import { nodeLedgerCrypto } from '../../../platform/node-crypto.ts';
import type { MethodName, ParamsInput, Result } from '../../../core/contract/methods.ts';
import { startEmulatedTill, type EmulatedTill } from '../../helpers/emulated-till.ts';

let till: EmulatedTill;
let emulators: EmbeddedEmulators;
let runtime: TerminalRuntime;
const call = <M extends MethodName>(m: M, p: ParamsInput<M>): Promise<Result<M>> => till.call(m, p);
const GREEN_TEA = '4711037000012'; // demo catalog: 茶裏王日式無糖綠茶 600ml, 25
const MANAGER = { method: 'pin' as const, staffId: 'S003', pin: '3333' };

async function sellTea(tender: ParamsInput<'sale.addTender'>): Promise<void> {
  await call('sale.scan', { code: GREEN_TEA, source: 'hid' });
  await call('sale.present', {});
  await call('sale.addTender', tender);
  expect((await call('sale.complete', {})).status).toBe('printed');
}

beforeAll(async () => {
  till = await startEmulatedTill({ tempPrefix: 'tillproof-emu-z-' });
  ({ runtime } = till);
  emulators = till.emulators!;
});
afterAll(async () => {
  await till?.close();
});

describe('closing the day on the emulated printer', () => {
  it('prints the Z in zh-TW (Big5, Kanji mode): Z number, totals per tender, drawer over/short, no stray control bytes', async () => {
    await sellTea({ type: 'cash', amount: 100 }); // cash 25 net
    await sellTea({ type: 'cash', amount: 50 }); // cash 25 net
    await sellTea({ type: 'card', amount: 25, reference: 'EMU-1', last4: '4242' });
    // Expected 2000 + 50 = 2050; counted 2045: 5 short (inside the demo threshold, no co-sign).
    const closed = await call('till.closeDrawer', {
      counts: [
        { value: 1000, count: 2 },
        { value: 10, count: 4 },
        { value: 5, count: 1 },
      ],
    });
    expect(closed).toMatchObject({ expected: 2050, counted: 2045, overShort: -5, needsCosign: false });
    // The card terminal's batch agrees with the card tender: nothing to co-sign.
    expect(await call('till.cardBatch', { reported: 25 })).toMatchObject({ difference: 0, needsCosign: false });
    const before = emulators.printer.receipts.length;
    const z = await call('report.z', { approval: MANAGER });
    expect(z).toMatchObject({ zNo: 1, printed: true });
    expect(emulators.printer.receipts.length).toBe(before + 1);

    const printed = emulators.printer.receipts.at(-1)!;
    const text = printed.text;
    expect(printed.printout.fault).toBeNull();
    expect(printed.printout.warnings).toEqual([]);
    expect(printed.printout.unprinted).toBe('');
    // The Z number and the store's language, decoded by the printer from Big5.
    expect(text).toContain('Z 報表(日結) #1');
    expect(text).toContain('Tillproof Demo 示範商店');
    expect(text).toContain(z.businessDay);
    expect(text).toContain('付款方式');
    // Totals per tender, as sealed in the Z.
    expect(z.keys['tender:cash']!.amount).toBe(50);
    expect(z.keys['tender:card']!.amount).toBe(25);
    // Tenders by their names in the store's language, with how many payments: never "cash" or "card".
    expect(text).toMatch(/^\s+現金\s+2\s+50\s*$/m);
    expect(text).toMatch(/^\s+信用卡\s+1\s+25\s*$/m);
    expect(text).not.toMatch(/\b(?:cash|card)\b/);
    // The card tender with its reference, and the batch against it.
    expect(text).toMatch(/^\s+收據 #\d+ \*4242 EMU-1\s+25\s*$/m);
    expect(text).toMatch(/^\s+刷卡機結帳總額\s+25\s*$/m);
    // The drawer: float, expected, counted, over/short.
    expect(text).toMatch(/^\s+零用金\s+2000\s*$/m);
    expect(text).toMatch(/^\s+應有\s+2050\s*$/m);
    expect(text).toMatch(/^\s+實點\s+2045\s*$/m);
    expect(text).toMatch(/^\s+溢\/短\s+-5\s*$/m);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\ufffd]/);
    // On the wire: Big5 inside FS & ... FS . (Kanji mode), never raw UTF-8.
    const bytes = Buffer.from(printed.bytes);
    const big5 = iconv.encode('報表', 'big5');
    const at = bytes.indexOf(big5);
    expect(at).toBeGreaterThan(0);
    expect(bytes.lastIndexOf(Buffer.from([0x1c, 0x26]), at)).toBeGreaterThanOrEqual(0);
    expect(bytes.indexOf(Buffer.from('報表', 'utf8'))).toBe(-1);
    expect(verifyLedgerFile(runtime.store.path, nodeLedgerCrypto).result).toMatchObject({ ok: true });
  });
});
