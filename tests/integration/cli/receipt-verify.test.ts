// An auditor (or a customer) checks a receipt's QR code offline with the terminal's public key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../helpers/host.ts';
import { newSigner } from '../../helpers/ledger.ts';

const CLI = join(import.meta.dirname, '../../../cli/main.ts');
let host: TestHost;
let qr: string;
let pubkey: string;

beforeAll(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
  await host.call('sale.scan', { code: barcodeOf('p-noodle'), source: 'hid' });
  await host.call('sale.present');
  await host.call('sale.addTender', { type: 'cash', amount: 200 });
  qr = (await host.call('sale.complete')).qr;
  pubkey = join(host.dataDir, 'terminal.pub.pem');
  writeFileSync(pubkey, spawnSync(process.execPath, [CLI, 'ledger', 'pubkey', '--db', host.path], { encoding: 'utf8' }).stdout);
});
afterAll(() => host.close());

const verify = (text: string, key = pubkey) =>
  spawnSync(process.execPath, [CLI, 'receipt', 'verify', text, '--pubkey', key], { encoding: 'utf8' });

describe('tillproof receipt verify', () => {
  it('says GENUINE for a receipt this terminal issued, with its number, time and total', () => {
    const r = verify(qr);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^GENUINE sale receipt 1 from terminal T-01, 2026-11-20T02:00:00Z, total 120 \(TWD minor units\)/);
  });

  it("checks the link form a till with HQ prints (HQ's readable receipt page) the same way", () => {
    const link = `https://hq.example.com/r?q=${encodeURIComponent(qr)}`;
    const r = verify(link);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^GENUINE sale receipt 1 from terminal T-01/);
    const changed = verify(`https://hq.example.com/r?q=${encodeURIComponent(qr.replace('A=120', 'A=12'))}`);
    expect(changed.status).toBe(1);
    expect(changed.stdout).toMatch(/NOT GENUINE/);
  });

  it('fails on a changed total, on another terminal key, and on junk', () => {
    const cheaper = verify(qr.replace('A=120', 'A=12'));
    expect(cheaper.status).toBe(1);
    expect(cheaper.stdout).toMatch(/NOT GENUINE/);
    const stranger = join(host.dataDir, 'stranger.pem');
    writeFileSync(stranger, newSigner().publicKeyPem());
    expect(verify(qr, stranger).status).toBe(1);
    expect(verify('hello').status).toBe(1);
    expect(spawnSync(process.execPath, [CLI, 'receipt', 'verify', qr], { encoding: 'utf8' }).status).toBe(2);
  });
});
