// HQ console passwords: scrypt with stored parameters (N = 2^15 at least), salted, compared in constant time.
import { describe, expect, it } from 'vitest';
import { dummyPasswordHash, hashPassword, passwordProblem, PASSWORD_PARAMS, verifyPassword } from '../../../hq/password-hash.ts';

describe('HQ password hashes', () => {
  it('stores scrypt with its parameters and a salt; the right password verifies, another does not', async () => {
    const stored = await hashPassword('correct horse battery');
    const [scheme, N, r, p, salt, key] = stored.split('$');
    expect([scheme, Number(N), Number(r), Number(p)]).toEqual(['scrypt', 2 ** 15, 8, 1]);
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64url')).toHaveLength(32);
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    expect(await hashPassword('same password 1')).not.toBe(await hashPassword('same password 1'));
  });

  it('verifies with the parameters stored in the hash (stronger ones later keep old hashes working)', async () => {
    const stronger = await hashPassword('a longer passphrase', { ...PASSWORD_PARAMS, N: 2 ** 16 });
    expect(stronger.startsWith('scrypt$65536$8$1$')).toBe(true);
    expect(await verifyPassword('a longer passphrase', stronger)).toBe(true);
  });

  it('refuses a stored hash with weak or malformed parameters instead of checking cheaply', async () => {
    const stored = await hashPassword('correct horse battery');
    const weak = stored.replace('scrypt$32768$', 'scrypt$1024$');
    await expect(verifyPassword('correct horse battery', weak)).rejects.toThrow(/2\^15/);
    await expect(verifyPassword('x', 'plain')).rejects.toThrow(/scrypt/);
  });

  it('the dummy hash (for unknown users) is a real scrypt hash nothing matches', async () => {
    const dummy = await dummyPasswordHash();
    expect(dummy.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await verifyPassword('', dummy)).toBe(false);
    expect(await dummyPasswordHash()).toBe(dummy);
  });

  it('new passwords have 12 to 256 characters', () => {
    expect(passwordProblem('short')).toMatch(/at least 12/);
    expect(passwordProblem('x'.repeat(257))).toMatch(/at most 256/);
    expect(passwordProblem('twelve chars')).toBeNull();
  });
});
