import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../../../core/config/provisioning.ts';
import { DEFAULT_LOW_NUMBERS_WARNING, twEInvoiceConfig } from '../../../../core/config/fiscal-config.ts';
import { DEMO_CONFIG, parseConfig } from '../../../../host/config.ts';

const KEY = '00112233445566778899AABBCCDDEEFF';
const TW = { profile: 'tw-einvoice', sellerUbn: '04595257', qrKey: KEY };

function issues(fiscal: unknown): Array<{ path: string; message: string }> {
  const r = checkConfig({ ...DEMO_CONFIG, fiscal });
  return r.ok ? [] : r.issues;
}

describe('fiscal profile in the terminal config', () => {
  it('is none when absent, or when "none"', () => {
    expect(twEInvoiceConfig(parseConfig(DEMO_CONFIG, 'demo').fiscal)).toBeNull();
    expect(twEInvoiceConfig(parseConfig({ ...DEMO_CONFIG, fiscal: { profile: 'none' } }, 'demo').fiscal)).toBeNull();
  });

  it('takes tw-einvoice with the seller UBN and QR key, and defaults the rest', () => {
    const fiscal = twEInvoiceConfig(parseConfig({ ...DEMO_CONFIG, fiscal: TW }, 'demo').fiscal);
    expect(fiscal).toEqual({ ...TW, lowNumbersWarning: DEFAULT_LOW_NUMBERS_WARNING, qrItemEncoding: 'utf-8' });
  });

  it('refuses a seller UBN whose check digits are wrong, naming the field', () => {
    expect(issues({ ...TW, sellerUbn: '04595258' })).toEqual([
      { path: 'fiscal.sellerUbn', message: expect.stringMatching(/^fiscal\.sellerUbn: 04595258 is not a valid UBN/) },
    ]);
    expect(issues({ ...TW, sellerUbn: '4595257' })[0]?.message).toMatch(/is 8 digits/);
    expect(issues({ profile: 'tw-einvoice', qrKey: KEY })[0]).toMatchObject({ path: 'fiscal.sellerUbn' });
  });

  it('refuses a key that is not 32 hex digits without ever repeating it', () => {
    const bad = 'secret-not-hex-0123456789abcdef0';
    const found = issues({ ...TW, qrKey: bad });
    expect(found).toEqual([{ path: 'fiscal.qrKey', message: expect.stringContaining('32 hex digits (AES-128)') }]);
    expect(JSON.stringify(found)).not.toContain(bad);
    let thrown = '';
    try {
      parseConfig({ ...DEMO_CONFIG, fiscal: { ...TW, qrKey: bad } }, 'terminal.json');
    } catch (e) {
      thrown = String(e);
    }
    expect(thrown).toMatch(/terminal\.json: fiscal\.qrKey/);
    expect(thrown).not.toContain(bad);
  });

  it('refuses an unknown profile, a missing key and unknown settings', () => {
    expect(issues({ profile: 'it-fattura' })[0]?.message).toMatch(/"none", "tw-einvoice"/);
    expect(issues({ profile: 'tw-einvoice', sellerUbn: '04595257' })[0]).toMatchObject({ path: 'fiscal.qrKey' });
    expect(issues({ ...TW, lowNumbersWarning: -1 })[0]?.message).toMatch(/0 \(no warning\) or more/);
    expect(issues({ ...TW, qrItemEncoding: 'big5' })[0]).toMatchObject({ path: 'fiscal.qrItemEncoding' });
    expect(issues({ ...TW, sellerName: 'x' })[0]).toMatchObject({
      path: 'fiscal.sellerName',
      message: expect.stringContaining('not a known setting'),
    });
  });
});
