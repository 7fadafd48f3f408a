import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkNoticeSecret, signNoticeToken, verifyNoticeToken, type NoticeClaim } from '../../../hq/notice-token.ts';

const SECRET = 'a-notice-secret-of-at-least-32-characters!';
const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const claim: NoticeClaim = { terminalId: 'T-1', seq: 42, memberId: 'M0001', expiresAt: NOW / 1000 + 3600 };

describe('notice link tokens', () => {
  it('verify what they signed, until they expire', () => {
    const token = signNoticeToken(claim, SECRET);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyNoticeToken(token, SECRET, NOW)).toEqual({ ok: true, claim });
    expect(verifyNoticeToken(token, SECRET, claim.expiresAt * 1000 - 1)).toMatchObject({ ok: true });
    expect(verifyNoticeToken(token, SECRET, claim.expiresAt * 1000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuse another secret, another claim under a copied signature, and rubbish', () => {
    const token = signNoticeToken(claim, SECRET);
    expect(verifyNoticeToken(token, `${SECRET}x`, NOW)).toEqual({ ok: false, reason: 'forged' });
    const [, signature] = token.split('.');
    const other = signNoticeToken({ ...claim, seq: 43 }, SECRET).split('.')[0];
    expect(verifyNoticeToken(`${other}.${signature}`, SECRET, NOW)).toEqual({ ok: false, reason: 'forged' });
    // A later expiry is a different claim: the signature does not cover it.
    const longer = signNoticeToken({ ...claim, expiresAt: claim.expiresAt + 86_400 }, SECRET).split('.')[0];
    expect(verifyNoticeToken(`${longer}.${signature}`, SECRET, NOW)).toEqual({ ok: false, reason: 'forged' });
    for (const bad of ['', 'x', 'a.b.c', `${token}.`, '..', 'é.é', 42, null, undefined])
      expect(verifyNoticeToken(bad, SECRET, NOW)).toMatchObject({ ok: false });
  });

  it('refuse a token with any one character changed (property, fixed seed)', () => {
    const token = signNoticeToken(claim, SECRET);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(...alphabet), (at, c) => {
        fc.pre(token[at] !== c && token[at] !== '.');
        const changed = token.slice(0, at) + c + token.slice(at + 1);
        // Base64url's last character carries spare bits: a change there may decode to the same bytes, and is then the same token.
        const check = verifyNoticeToken(changed, SECRET, NOW);
        if (check.ok) expect(Buffer.from(changed.split('.')[1]!, 'base64url')).toEqual(Buffer.from(token.split('.')[1]!, 'base64url'));
        else expect(['forged', 'malformed']).toContain(check.reason);
      }),
      { seed: 14, numRuns: 500 },
    );
  });

  it('need a secret of 32 characters or more, and say where it comes from', () => {
    expect(() => checkNoticeSecret(undefined)).toThrow(/TILLPROOF_HQ_NOTICE_SECRET/);
    expect(() => checkNoticeSecret('short')).toThrow(/at least 32/);
    expect(checkNoticeSecret(SECRET)).toBe(SECRET);
  });
});
