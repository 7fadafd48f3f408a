import { describe, expect, it } from 'vitest';
import { assertSafeListen, isLoopback, parseHqConfig } from '../../../hq/config.ts';

describe('HQ config', () => {
  it('defaults to loopback, with every field optional', () => {
    const c = parseHqConfig({});
    expect(c.listen.host).toBe('127.0.0.1');
    expect(() => assertSafeListen(c)).not.toThrow();
  });

  it('refuses plain HTTP on a non-loopback address, and allows it with TLS', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'hq.example.com', '10.0.0.1']) {
      expect(() => assertSafeListen(parseHqConfig({ listen: { host } })), host).toThrow(
        expect.objectContaining({ code: 'config.insecure-listen' }),
      );
      expect(() => assertSafeListen(parseHqConfig({ listen: { host }, tls: { certFile: 'c.pem', keyFile: 'k.pem' } }))).not.toThrow();
    }
  });

  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST']) expect(isLoopback(h), h).toBe(true);
    for (const h of ['0.0.0.0', '128.0.0.1', '::', 'example.com', '::ffff:10.0.0.1']) expect(isLoopback(h), h).toBe(false);
  });

  it('rejects unknown fields and bad values with a clear message', () => {
    expect(() => parseHqConfig({ listn: {} })).toThrow(/listn/);
    expect(() => parseHqConfig({ listen: { port: 70000 } })).toThrow(expect.objectContaining({ code: 'config.invalid' }));
  });

  it('takes member notices with a public address, providers by kind, and defaults', () => {
    const c = parseHqConfig({ notices: { publicUrl: 'https://hq.example.com', sms: { kind: 'file', path: '/var/spool/sms.jsonl' } } });
    expect(c.notices).toMatchObject({ publicUrl: 'https://hq.example.com', linkDays: 60, sms: { kind: 'file' }, maxAttempts: 12 });
    expect(() => parseHqConfig({ notices: {} })).toThrow(/notices.publicUrl/);
    expect(() => parseHqConfig({ notices: { publicUrl: 'https://hq.example.com', line: { kind: 'carrier-pigeon' } } })).toThrow(
      expect.objectContaining({ code: 'config.invalid' }),
    );
  });

  it('takes the e-invoice Turnkey folder and seller UBN, and refuses a UBN that is not 8 digits', () => {
    expect(parseHqConfig({ einvoice: { turnkeyDir: '/opt/EINVTurnkey', sellerUbn: '04595257' } }).einvoice).toEqual({
      turnkeyDir: '/opt/EINVTurnkey',
      sellerUbn: '04595257',
    });
    expect(parseHqConfig({}).einvoice).toBeUndefined();
    expect(() => parseHqConfig({ einvoice: { turnkeyDir: '/opt/EINVTurnkey', sellerUbn: '4595257' } })).toThrow(/einvoice.sellerUbn/);
    expect(() => parseHqConfig({ einvoice: { sellerUbn: '04595257' } })).toThrow(/einvoice.turnkeyDir/);
  });
});
