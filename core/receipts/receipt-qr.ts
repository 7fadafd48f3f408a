import type { LedgerCrypto, Signer } from '../ports/crypto.ts';
import { concatBytes, fromBase64, toBase64, utf8 } from '../ledger/bytes.ts';

// The QR code on every receipt: who issued it, which receipt, when, how much, and an Ed25519
// signature by the terminal's key, so anyone with the terminal's public key can check a
// receipt offline. Published format, version 1:
//
//   TPR1;T=<terminal>;N=<receipt no>;K=<sale|return>;D=<UTC yyyymmddThhmmssZ>;A=<total minor>;C=<currency>;I=<key id>;S=<base64url signature>
//
// The signature covers UTF-8 "tillproof/receipt/v1" || 0x00 || UTF-8 of everything before ";S=".

export const RECEIPT_SIGNATURE_CONTEXT = 'tillproof/receipt/v1';

export interface ReceiptClaim {
  terminalId: string;
  receiptNo: number;
  kind: 'sale' | 'return';
  /** UTC ISO-8601 time the sale completed. */
  issuedAt: string;
  total: number;
  currency: string;
  keyId: string;
}

const FIELD = /^[A-Za-z0-9._-]{1,64}$/;

function compactTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`not a time: ${iso}`);
  return d
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

function expandTime(compact: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(compact);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : null;
}

function claimText(c: ReceiptClaim): string {
  for (const v of [c.terminalId, c.keyId])
    if (!FIELD.test(v)) throw new Error(`receipt QR field "${v}" has characters the format does not allow`);
  return `TPR1;T=${c.terminalId};N=${c.receiptNo};K=${c.kind};D=${compactTime(c.issuedAt)};A=${c.total};C=${c.currency};I=${c.keyId}`;
}

function message(text: string): Uint8Array {
  return concatBytes(utf8(RECEIPT_SIGNATURE_CONTEXT), new Uint8Array([0]), utf8(text));
}

const toUrl = (b64: string) => b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromUrl = (u: string) => u.replace(/-/g, '+').replace(/_/g, '/');

export function signReceiptQr(signer: Signer, claim: ReceiptClaim): string {
  const text = claimText({ ...claim, keyId: signer.keyId });
  return `${text};S=${toUrl(toBase64(signer.sign(message(text))))}`;
}

/** The path HQ serves a readable receipt on: `<HQ public URL>/r?q=<payload>`. */
export const RECEIPT_PAGE_PATH = '/r';

/**
 * What the printed QR encodes: with an HQ address, a link a phone camera opens (HQ's readable
 * receipt page, the signed payload in `q`); without HQ, the bare signed payload.
 */
export function receiptQrForCustomer(payload: string, hqUrl: string | null | undefined): string {
  if (!payload || !hqUrl) return payload;
  return `${hqUrl.replace(/\/+$/, '')}${RECEIPT_PAGE_PATH}?q=${encodeURIComponent(payload)}`;
}

/** The signed payload of a scanned code: the bare "TPR1;..." text, or the `q` of an http(s) receipt link. */
export function receiptQrPayload(scanned: string): string {
  const text = scanned.trim();
  if (!/^https?:\/\//i.test(text)) return text;
  try {
    return new URL(text).searchParams.get('q')?.trim() ?? '';
  } catch {
    return '';
  }
}

export type ReceiptQrCheck =
  { ok: true; claim: ReceiptClaim } | { ok: false; reason: 'malformed' | 'bad-signature' | 'wrong-key'; message: string };

/** Parses a receipt code: the bare payload or the HQ link that carries it. */
export function parseReceiptQr(qr: string): { claim: ReceiptClaim; signed: string; signature: string } | null {
  const m =
    /^(TPR1;T=([A-Za-z0-9._-]{1,64});N=(\d{1,15});K=(sale|return);D=(\d{8}T\d{6}Z);A=(-?\d{1,15});C=([A-Z]{3});I=([0-9a-f]{16}));S=([A-Za-z0-9_-]{86})$/.exec(
      receiptQrPayload(qr),
    );
  if (!m) return null;
  const issuedAt = expandTime(m[5]!);
  if (!issuedAt) return null;
  return {
    claim: {
      terminalId: m[2]!,
      receiptNo: Number(m[3]),
      kind: m[4] as 'sale' | 'return',
      issuedAt,
      total: Number(m[6]),
      currency: m[7]!,
      keyId: m[8]!,
    },
    signed: m[1]!,
    signature: m[9]!,
  };
}

/** Checks a receipt QR against a terminal public key (raw 32 bytes). */
export function verifyReceiptQr(crypto: LedgerCrypto, publicKey: Uint8Array, keyId: string | null, qr: string): ReceiptQrCheck {
  const parsed = parseReceiptQr(qr);
  if (!parsed) return { ok: false, reason: 'malformed', message: 'this is not a Tillproof receipt code (TPR1)' };
  if (keyId !== null && parsed.claim.keyId !== keyId)
    return { ok: false, reason: 'wrong-key', message: `signed with key ${parsed.claim.keyId}, not ${keyId}` };
  let sig: Uint8Array;
  try {
    sig = fromBase64(fromUrl(parsed.signature));
  } catch {
    return { ok: false, reason: 'malformed', message: 'the signature is not base64url' };
  }
  if (!crypto.verifyEd25519(publicKey, message(parsed.signed), sig)) {
    return {
      ok: false,
      reason: 'bad-signature',
      message: 'the signature does not match: the receipt was changed or not issued by this terminal',
    };
  }
  return { ok: true, claim: parsed.claim };
}
