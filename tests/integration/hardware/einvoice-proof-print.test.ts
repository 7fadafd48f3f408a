// The Taiwan e-invoice 證明聯 printed by the receipt printer driver to the ESC/POS emulator over
// TCP, as a 57 mm (58 mm roll, 384 dots at 203 dpi) printer and as an 80 mm one printing at 57 mm: the emulator's PNG of the paper is
// read back with zbarimg, and the Code 39 barcode and both QR codes must decode to the contents
// the codec built; the whole printout must be 384 dots wide.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { parseDevicesConfig } from '../../../core/config/devices.ts';
import { buildProofDocument, proofCodes, type ProofContext, type ProofInvoice } from '../../../core/fiscal/tw-einvoice/proof-document.ts';
import { parseQrKey, readVerificationField } from '../../../core/fiscal/tw-einvoice/verification-field.ts';
import { createDevices } from '../../../hardware/create-devices.ts';
import { VirtualPrinter } from '../../../hardware/emulators/virtual-printer.ts';
import { nodeAes128Cbc } from '../../../platform/node-crypto.ts';
import { ZBARIMG_MISSING, zbarBinary, zbarSymbols, zbarimgAvailable } from '../../helpers/escpos.ts';
import { FAST_RECONNECT, collectingLog, isIdle, statusWhere } from './helpers.ts';
import { entryOf } from '../../../core/ledger/bodies.ts';
import { barcodeOf, loginAs, openDrawer, startTestHost } from '../../helpers/host.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function printOn(doc: ReturnType<typeof buildProofDocument>, widthMm: 58 | 80 = 58) {
  const out = mkdtempSync(join(tmpdir(), 'tillproof-einvoice-'));
  cleanups.push(() => rmSync(out, { recursive: true, force: true }));
  const vp = new VirtualPrinter({ kanjiEncoding: 'big5', outDir: out, paperWidthDots: widthMm === 58 ? 384 : 576 });
  cleanups.push(() => vp.close());
  const port = await vp.listenTcp();
  const devices = createDevices(
    parseDevicesConfig({
      receipt: {
        type: 'printer',
        transport: { kind: 'tcp', host: '127.0.0.1', port, connectTimeoutMs: 500 },
        encoding: 'big5',
        paper: { widthMm },
        status: { timeoutMs: 3000, pollMs: 5000 },
        reconnect: FAST_RECONNECT,
      },
    }),
    { log: collectingLog().log },
  );
  cleanups.push(() => devices.stop());
  await devices.start();
  await statusWhere(devices.printer!, isIdle, 'idle');
  const printed = vp.nextReceipt();
  await expect(devices.printer!.print(doc)).resolves.toEqual({ ok: true });
  return printed;
}

/** The leftmost and rightmost black pixel of a greyscale PNG (cut marks are grey, not ink). */
function inkColumns(pngBytes: Uint8Array): { from: number; to: number } {
  const png = PNG.sync.read(Buffer.from(pngBytes));
  let from = png.width;
  let to = -1;
  for (let y = 0; y < png.height; y++)
    for (let x = 0; x < png.width; x++)
      if (png.data[(y * png.width + x) * 4] === 0) {
        from = Math.min(from, x);
        to = Math.max(to, x);
      }
  return { from, to };
}

/**
 * What zbarimg reads in each half of the paper, byte for byte (the QR codes sit one each side of
 * the middle; alone, zbarimg would guess a charset for short Chinese text), and in the whole.
 */
function scan(pngBytes: Uint8Array): { left: string; right: string; all: string[] } {
  const png = PNG.sync.read(Buffer.from(pngBytes));
  const half = (from: number, to: number): string => {
    const out = new PNG({ width: png.width, height: png.height });
    out.data.fill(255);
    for (let y = 0; y < png.height; y++)
      for (let x = from; x < to; x++) {
        const i = (y * png.width + x) * 4;
        out.data[i] = out.data[i + 1] = out.data[i + 2] = png.data[i]!;
      }
    return new TextDecoder().decode(zbarBinary(PNG.sync.write(out)));
  };
  const middle = Math.floor(png.width / 2);
  return { left: half(0, middle), right: half(middle, png.width), all: zbarSymbols(pngBytes) };
}

const KEY = parseQrKey('00112233445566778899aabbccddeeff');
const CTX: ProofContext = {
  storeName: '茶館 Tea House',
  timeZone: 'Asia/Taipei',
  sellerUbn: '04595257',
  qrKey: KEY,
  cipher: nodeAes128Cbc,
  encoding: 'utf-8',
  receiptNo: 7,
};
// The spec's example invoice (AB11223344 of 2013-05-23 11:22:33 Taipei time, random code 9999,
// sales 324, total 340, 乾電池 105, 口罩 210, 牛奶 25), here with a buyer UBN.
const INVOICE: ProofInvoice = {
  invoiceNumber: 'AB11223344',
  randomCode: '9999',
  issuedAt: '2013-05-23T03:22:33Z',
  salesAmount: 324,
  totalAmount: 340,
  buyerUbn: '10000004',
  items: [
    { name: '乾電池', quantity: '1', unitPrice: '105' },
    { name: '口罩', quantity: '1', unitPrice: '210' },
    { name: '牛奶', quantity: '1', unitPrice: '25' },
  ],
};

describe.skipIf(!zbarimgAvailable)(
  zbarimgAvailable ? 'the printed 電子發票證明聯' : `the printed 電子發票證明聯: SKIPPED, ${ZBARIMG_MISSING}`,
  () => {
    it('prints on 57 mm with the layout of the spec, and its barcode and both QR codes scan back', async () => {
      const r = await printOn(buildProofDocument(INVOICE, CTX));
      expect(r.printout.fault).toBeNull();
      const ink = inkColumns(readFileSync(r.files!.png));
      expect(ink.from).toBeGreaterThanOrEqual(16);
      expect(ink.to).toBeLessThan(16 + 384);
      expect(r.printout.warnings).toEqual([]);
      for (const text of [
        '電子發票證明聯',
        '102年05-06月',
        'AB-11223344',
        '2013-05-23 11:22:33',
        '格式 25',
        '隨機碼 9999',
        '總計 340',
        '賣方 04595257',
        '買方 10000004',
      ])
        expect(r.text).toContain(text);
      const png = PNG.sync.read(readFileSync(r.files!.png));
      // The emulator draws the 384-dot paper with a 16-pixel white border each side.
      expect(png.width).toBe(384 + 2 * 16);
      expect(r.printout.paperWidthDots).toBe(384);
      const image = r.printout.items.find((i) => i.kind === 'image');
      expect(image && image.kind === 'image' ? image.width * image.scaleX : 0).toBeLessThanOrEqual(384);

      const codes = proofCodes(INVOICE, CTX);
      expect(codes.barcode).toBe('10206AB112233449999');
      const scanned = scan(readFileSync(r.files!.png));
      expect(scanned.all).toContain(`CODE-39:${codes.barcode}`);
      expect(scanned.all).toHaveLength(3);
      expect(scanned.right).toBe(codes.right);
      const left = scanned.left;
      const field = left.slice(53, 77);
      expect(left).toBe(
        ['AB11223344', '1020523', '9999', '00000144', '00000154', '10000004', '04595257', field].join('') +
          ':**********:3:3:1:乾電池:1:105:口罩:1:210:牛奶:1:25',
      );
      expect(readVerificationField(nodeAes128Cbc, KEY, field)).toBe('AB112233449999');
    });

    it('prints in a 57 mm band in the middle of 80 mm paper, and still scans', async () => {
      const r = await printOn(buildProofDocument(INVOICE, CTX), 80);
      expect(r.printout.warnings).toEqual([]);
      expect(r.text).toContain('隨機碼 9999');
      const png = readFileSync(r.files!.png);
      // 576 dots of paper (plus the emulator's 16-pixel border): the ink stays within the middle 384.
      const ink = inkColumns(png);
      expect(ink.from).toBeGreaterThanOrEqual(16 + 96);
      expect(ink.to).toBeLessThan(16 + 96 + 384);
      const codes = proofCodes(INVOICE, CTX);
      const scanned = scan(png);
      expect([scanned.left, scanned.right]).toEqual([codes.left, codes.right]);
      expect(scanned.all).toContain(`CODE-39:${codes.barcode}`);
    });

    it('puts what the left code cannot hold in the right one, and both still scan (Base64, 12 items)', async () => {
      const items = Array.from({ length: 12 }, (_, i) => ({
        name: `烏龍茶 Oolong tea ${i + 1}`,
        quantity: String(i + 1),
        unitPrice: String(35 + i),
      }));
      const invoice = { ...INVOICE, buyerUbn: null, items };
      const ctx = { ...CTX, encoding: 'base64' as const };
      const codes = proofCodes(invoice, ctx);
      expect(codes.right.length).toBeGreaterThan(2);
      const r = await printOn(buildProofDocument(invoice, ctx));
      expect(r.text).not.toContain('格式 25');
      expect(r.text).not.toContain('買方');
      const scanned = scan(readFileSync(r.files!.png));
      expect(scanned.left).toBe(codes.left);
      expect(scanned.right).toBe(codes.right);
      expect(scanned.all).toContain(`CODE-39:${codes.barcode}`);
    });

    it("prints a till sale's 證明聯 (number from the till's range, the sale's random code and amounts) and it scans back", async () => {
      const qrKey = '00112233445566778899aabbccddeeff';
      const host = startTestHost({ fiscal: { profile: 'tw-einvoice', sellerUbn: '04595257', qrKey } });
      cleanups.push(() => host.close());
      const at = host.clock.now().toISOString();
      host.store.write((tx) =>
        tx.append({
          kind: 'einvoice-range',
          businessDay: '2026-11-20',
          startedAt: at,
          endedAt: at,
          operatorId: null,
          body: { period: '11512', track: 'AB', from: '11223300', to: '11223349', source: 'till' },
        }),
      );
      await loginAs(host, '101');
      await openDrawer(host);
      await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
      await host.call('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
      const { total } = await host.call('sale.present');
      await host.call('sale.addTender', { type: 'cash', amount: total });
      await host.call('sale.complete');
      const sale = [...host.store.entries()].map((e) => entryOf(e, 'sale')).find(Boolean)!;
      const { number, randomCode } = sale.body.einvoice!;
      expect(number).toBe('AB11223300');
      // What the till's receipt path printed, sent through the real printer driver to the emulator.
      const doc = host.printer.printed.at(-1)!;
      const r = await printOn(doc);
      expect(r.printout.fault).toBeNull();
      expect(r.printout.warnings).toEqual([]);
      for (const text of ['電子發票證明聯', '115年11-12月', 'AB-11223300', `隨機碼 ${randomCode}`, `總計 ${total}`, '賣方 04595257'])
        expect(r.text).toContain(text);
      const scanned = scan(readFileSync(r.files!.png));
      expect(scanned.all).toContain(`CODE-39:11512AB11223300${randomCode}`);
      const hex = (n: number) => n.toString(16).padStart(8, '0');
      const left = scanned.left;
      expect(left.slice(0, 53)).toBe(
        ['AB11223300', '1151120', randomCode, hex(sale.body.total - sale.body.tax), hex(total), '00000000', '04595257'].join(''),
      );
      expect(readVerificationField(nodeAes128Cbc, parseQrKey(qrKey), left.slice(53, 77))).toBe(`AB11223300${randomCode}`);
      expect(left).toContain(`:${sale.body.lines[0]!.name}:1:${sale.body.lines[0]!.unitPrice}`);
    });

    it("prints a till sale for a buyer UBN: 格式 25, 買方, the item list, and the QR code's buyer field carries the UBN", async () => {
      const qrKey = '00112233445566778899aabbccddeeff';
      const host = startTestHost({ fiscal: { profile: 'tw-einvoice', sellerUbn: '04595257', qrKey } });
      cleanups.push(() => host.close());
      const at = host.clock.now().toISOString();
      host.store.write((tx) =>
        tx.append({
          kind: 'einvoice-range',
          businessDay: '2026-11-20',
          startedAt: at,
          endedAt: at,
          operatorId: null,
          body: { period: '11512', track: 'AB', from: '11223300', to: '11223349', source: 'till' },
        }),
      );
      await loginAs(host, '101');
      await openDrawer(host);
      await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
      await host.call('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
      const { total } = await host.call('sale.present');
      // Typed as the buyer reads it out: the host recognises the 8 digits as a UBN and checks them.
      await host.call('sale.setInvoiceBuyer', { code: '10000004' });
      await host.call('sale.addTender', { type: 'cash', amount: total });
      await host.call('sale.complete');
      const sale = [...host.store.entries()].map((e) => entryOf(e, 'sale')).find(Boolean)!;
      const { randomCode } = sale.body.einvoice!;
      const r = await printOn(host.printer.printed.at(-1)!);
      expect(r.printout.fault).toBeNull();
      expect(r.printout.warnings).toEqual([]);
      for (const text of ['格式 25', '買方 10000004', '賣方 04595257', '交易明細', sale.body.lines[1]!.name, `銷售額`, `稅額`])
        expect(r.text).toContain(text);
      const ink = inkColumns(readFileSync(r.files!.png));
      expect(ink.to).toBeLessThan(16 + 384);
      const scanned = scan(readFileSync(r.files!.png));
      expect(scanned.all).toContain(`CODE-39:11512AB11223300${randomCode}`);
      const hex = (n: number) => n.toString(16).padStart(8, '0');
      expect(scanned.left.slice(0, 53)).toBe(
        ['AB11223300', '1151120', randomCode, hex(sale.body.total - sale.body.tax), hex(total), '10000004', '04595257'].join(''),
      );
      expect(readVerificationField(nodeAes128Cbc, parseQrKey(qrKey), scanned.left.slice(53, 77))).toBe(`AB11223300${randomCode}`);
    });
  },
);
it.skipIf(zbarimgAvailable)(ZBARIMG_MISSING, () => {});
