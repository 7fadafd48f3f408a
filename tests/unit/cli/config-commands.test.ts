import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configCommand } from '../../../cli/config-commands.ts';
import { UsageError } from '../../../cli/io.ts';
import { parseQrKey, readVerificationField } from '../../../core/fiscal/tw-einvoice/verification-field.ts';
import { nodeAes128Cbc } from '../../../platform/node-crypto.ts';

const samples = join(import.meta.dirname, '../../../build/config-samples');

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

function file(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tp-config-')), 'config.json');
  writeFileSync(path, content);
  return path;
}

describe('tillproof config check', () => {
  it('says ok for a good file', () => {
    const t = io();
    expect(configCommand(['check', join(samples, 'linux.json')], t.io)).toBe(0);
    expect(t.out.join('\n')).toMatch(/linux\.json: ok \(terminal SHA-JINGAN-03-T2, store SHA-JINGAN-03, 4 device\(s\)\)/);
  });

  it('says what the discount limit means in money, and names the units of the older keys', () => {
    const base = {
      store: { storeId: 'S-TPE', name: 'Taipei', timeZone: 'Asia/Taipei', currency: 'TWD' },
      terminal: { terminalId: 'T-01' },
      tax: { mode: 'inclusive', rounding: 'per-receipt', classes: [{ id: 'standard', rates: [{ id: 'VAT', bp: 500 }] }] },
    };
    const plain = io();
    expect(configCommand(['check', file(JSON.stringify(base))], plain.io)).toBe(0);
    expect(plain.out.join('\n')).toContain('discount limit without approval: 10 % of the sale or TWD 500, whichever is less');
    const older = io();
    const oldConfig = { ...base, approvals: { discountPercentBp: 1000, discountAmount: 5000 } };
    expect(configCommand(['check', file(JSON.stringify(oldConfig))], older.io)).toBe(0);
    expect(older.out.join('\n')).toContain('10 % of the sale or TWD 5000, whichever is less');
    expect(older.out.join('\n')).toContain('approvals.discountAmount is in minor units (5000 = TWD 5000)');
  });

  it('describes the e-invoice profile and prints a QR code string that checks the key, never the key', () => {
    const key = '00112233445566778899AABBCCDDEEFF';
    const config = {
      store: { storeId: 'S-TPE', name: 'Taipei', timeZone: 'Asia/Taipei', currency: 'TWD' },
      terminal: { terminalId: 'T-01' },
      tax: { mode: 'inclusive', rounding: 'per-receipt', classes: [{ id: 'standard', rates: [{ id: 'VAT', bp: 500 }] }] },
      fiscal: { profile: 'tw-einvoice', sellerUbn: '04595257', qrKey: key },
    };
    const t = io();
    expect(configCommand(['check', file(JSON.stringify(config))], t.io)).toBe(0);
    const out = t.out.join('\n');
    expect(out).toContain('e-invoice (tw-einvoice): seller UBN 04595257, warns below 200 invoice numbers left, QR item names in utf-8');
    expect(out).not.toMatch(new RegExp(key, 'i'));
    const sample = /^ {4}(AA00000000\d{7}0000.{56})$/m.exec(out)?.[1] ?? '';
    expect(sample).toHaveLength(77);
    expect(sample.slice(21, 53)).toBe('0000005f00000064' + '00000000' + '04595257');
    expect(readVerificationField(nodeAes128Cbc, parseQrKey(key), sample.slice(53))).toBe('AA000000000000');
  });

  it('lists every mistake with its path and exits 1', () => {
    const path = file(
      JSON.stringify({
        store: { storeId: 'S 1', name: 'x', timeZone: 'UTC', currency: 'usd' },
        terminal: { terminalId: 'T1' },
        tax: { mode: 'inclusive', rounding: 'per-line', classes: [] },
        devices: { r: { type: 'printer', transport: { kind: 'tcp', host: 'p', port: 0 } } },
      }),
    );
    const t = io();
    expect(configCommand(['check', path], t.io)).toBe(1);
    expect(t.out[0]).toBe(`${path}: 4 mistakes`);
    expect(t.out.slice(1).sort()).toEqual([
      expect.stringMatching(/^ {2}devices\.r\.transport\.port: /),
      expect.stringMatching(/^ {2}store\.currency: /),
      expect.stringMatching(/^ {2}store\.storeId: /),
      expect.stringMatching(/^ {2}tax\.classes: /),
    ]);
  });

  it('prints JSON for tools', () => {
    const path = file('{"store":');
    const t = io();
    expect(configCommand(['check', path, '--json'], t.io)).toBe(1);
    expect(JSON.parse(t.out.join('\n'))).toMatchObject({ file: path, ok: false, issues: [{ path: '(file)' }] });
  });

  it('exits 2 when the file cannot be read', () => {
    const t = io();
    expect(configCommand(['check', '/no/such/config.json'], t.io)).toBe(2);
    expect(t.err.join('\n')).toMatch(/cannot read the config file/);
  });

  it('is a usage error without exactly one file or with an unknown command', () => {
    expect(() => configCommand(['check'], io().io)).toThrow(UsageError);
    expect(() => configCommand(['check', 'a', 'b'], io().io)).toThrow(UsageError);
    expect(() => configCommand(['frobnicate'], io().io)).toThrow(UsageError);
    expect(() => configCommand([], io().io)).toThrow(UsageError);
  });
});

describe('tillproof config schema', () => {
  it('prints the JSON Schema', () => {
    const t = io();
    expect(configCommand(['schema'], t.io)).toBe(0);
    const schema = JSON.parse(t.out.join('\n')) as { $schema: string; title: string };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.title).toBe('Tillproof terminal configuration');
  });
});
