// What HQ publishes for the terminal to check credentials against: badge hashes and PIN hashes
// exactly as the terminal makes them, member token secrets.
import { describe, expect, it } from 'vitest';
import { scryptSync } from 'node:crypto';
import { badgeHash as hqBadgeHash, hashPin, newTokenSecret, PIN_SCRYPT } from '../../../hq/master-data.ts';
import { badgeHash as terminalBadgeHash, DEFAULT_PIN_SCRYPT } from '../../../db/master-data.ts';
import { memberRecordSchema } from '../../../platform/hq-protocol.ts';

describe('credentials HQ publishes', () => {
  it('hash badges exactly as the terminal looks them up', () => {
    for (const badge of ['0012345678', ' ABCD-1234 ', 'ＡＢＣＤ１２３４']) expect(hqBadgeHash(badge)).toBe(terminalBadgeHash(badge));
  });

  it('hash PINs with the terminal scrypt parameters, never keeping the PIN', () => {
    expect(PIN_SCRYPT).toEqual(DEFAULT_PIN_SCRYPT);
    const h = hashPin('１２３４', { N: 1024, r: 8, p: 1 });
    expect(JSON.stringify(h)).not.toContain('1234');
    const again = scryptSync('1234', Buffer.from(h.salt, 'base64'), 32, { N: h.N, r: h.r, p: h.p });
    expect(again.toString('base64')).toBe(h.hash);
    expect(() => hashPin('12a4')).toThrow(/4 to 12 digits/);
  });

  it('make member token secrets of 160 bits in base32', () => {
    const s = newTokenSecret();
    expect(s).toMatch(/^[A-Z2-7]{32}$/);
    expect(memberRecordSchema.shape.tokenSecret.safeParse(s).success).toBe(true);
    expect(newTokenSecret()).not.toBe(s);
  });
});
