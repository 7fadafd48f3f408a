import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { HqError } from './errors.ts';

// HQ console passwords: scrypt (memory-hard) with the parameters and salt stored beside the hash,
// as "scrypt$N$r$p$salt$hash" (salt and hash base64url), so that stronger parameters can be
// adopted later without breaking stored hashes. Compared in constant time.

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** N = 2^15, r = 8, p = 1: 32 MiB and tens of milliseconds per attempt. */
export const PASSWORD_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
/** The weakest parameters a stored hash may name (a tampered row cannot make checks cheap). */
const MIN_N = 2 ** 15;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // 128 * N * r bytes, plus room: Node's default maxmem (32 MiB) is exactly N=2^15, r=8.
    const maxmem = 256 * params.N * params.r;
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...params, maxmem }, (e, key) => (e ? reject(e) : resolve(key)));
  });
}

/** A problem with a new password, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `a password has at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `a password has at most ${PASSWORD_MAX_LENGTH} characters`;
  return null;
}

export async function hashPassword(password: string, params: ScryptParams = PASSWORD_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

interface StoredHash extends ScryptParams {
  salt: Buffer;
  key: Buffer;
}

function parseStored(stored: string): StoredHash {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const ok =
    scheme === 'scrypt' &&
    Number.isSafeInteger(params.N) &&
    params.N >= MIN_N &&
    (params.N & (params.N - 1)) === 0 &&
    params.N <= 2 ** 20 &&
    Number.isSafeInteger(params.r) &&
    params.r >= 1 &&
    params.r <= 32 &&
    Number.isSafeInteger(params.p) &&
    params.p >= 1 &&
    params.p <= 16 &&
    salt !== undefined &&
    key !== undefined;
  if (!ok) throw new HqError('hq-user.invalid', 'a stored password hash is not scrypt$N$r$p$salt$hash with N of 2^15 or more');
  return { ...params, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

/** True when `password` matches `stored`. Constant-time over the derived key. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const s = parseStored(stored);
  const key = await derive(password, s.salt, s);
  return key.length === s.key.length && timingSafeEqual(key, s.key);
}

let dummy: Promise<string> | null = null;

/**
 * A hash no password matches, with the default parameters: checked against when the username is
 * unknown (or disabled), so that the answer takes as long as for a real user.
 */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(32).toString('base64url'));
  return dummy;
}
