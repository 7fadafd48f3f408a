import { createHmac, timingSafeEqual } from 'node:crypto';

// The "this wasn't me" link in a member's purchase notice carries a token HQ signed: which ledger
// entry (terminal, seq), for which member, until when. HMAC-SHA-256 with HQ's notice secret
// (TILLPROOF_HQ_NOTICE_SECRET), compared in constant time. Anyone holding the link can dispute
// that one purchase and nothing else; a changed byte, another secret or a past expiry is refused.

export interface NoticeClaim {
  terminalId: string;
  seq: number;
  memberId: string;
  /** Seconds since the epoch after which the link no longer works. */
  expiresAt: number;
}

export type NoticeTokenCheck = { ok: true; claim: NoticeClaim } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

/** Shorter secrets are refused: the link is the member's only credential. */
export const MIN_NOTICE_SECRET_LENGTH = 32;
const DOMAIN = 'tillproof/notice-link/v1\u0000';
const PART = /^[A-Za-z0-9_-]{1,2048}$/;

function mac(payload: string, secret: string): Buffer {
  return createHmac('sha256', secret)
    .update(DOMAIN + payload)
    .digest();
}

/** Refuses a missing or short secret with a message saying where it comes from. */
export function checkNoticeSecret(secret: string | undefined): string {
  if (!secret || secret.length < MIN_NOTICE_SECRET_LENGTH)
    throw new Error(
      `member notices need TILLPROOF_HQ_NOTICE_SECRET (at least ${MIN_NOTICE_SECRET_LENGTH} characters, e.g. from "openssl rand -hex 32"): it signs the "this wasn't me" links`,
    );
  return secret;
}

export function signNoticeToken(claim: NoticeClaim, secret: string): string {
  const payload = Buffer.from(JSON.stringify([1, claim.terminalId, claim.seq, claim.memberId, claim.expiresAt]), 'utf8').toString(
    'base64url',
  );
  return `${payload}.${mac(payload, secret).toString('base64url')}`;
}

export function verifyNoticeToken(token: unknown, secret: string, nowMs: number): NoticeTokenCheck {
  if (typeof token !== 'string') return { ok: false, reason: 'malformed' };
  const [payload, signature, extra] = token.split('.');
  if (extra !== undefined || !payload || !signature || !PART.test(payload) || !PART.test(signature))
    return { ok: false, reason: 'malformed' };
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(payload, secret);
  // Length first (timingSafeEqual needs equal lengths); the length of a MAC is no secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!Array.isArray(fields) || fields.length !== 5 || fields[0] !== 1) return { ok: false, reason: 'malformed' };
  const [, terminalId, seq, memberId, expiresAt] = fields as unknown[];
  if (
    typeof terminalId !== 'string' ||
    typeof memberId !== 'string' ||
    !Number.isSafeInteger(seq) ||
    (seq as number) < 1 ||
    !Number.isSafeInteger(expiresAt)
  )
    return { ok: false, reason: 'malformed' };
  if ((expiresAt as number) * 1000 <= nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, claim: { terminalId, seq: seq as number, memberId, expiresAt: expiresAt as number } };
}
