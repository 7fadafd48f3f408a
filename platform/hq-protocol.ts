// The HQ wire protocol (v1), shared by the HQ service (hq/) and the terminal's client
// (platform/hq-client.ts): request signatures, message schemas and master-data records.
// docs/hq.md describes it for other implementations.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { concatBytes, fromBase64, utf8 } from '../core/ledger/bytes.ts';
import type { LedgerCrypto, Signer } from '../core/ports/crypto.ts';
import { taxClassSchema } from '../core/money/tax.ts';
import { pinHashSchema } from '../core/auth/pin-hash.ts';
import { STAFF_ROLES } from '../core/shared/enums.ts';
import { lossRulesSchema } from '../core/loss/loss-scan.ts';

/** Domain-separation prefix: a request signature can never pass for a ledger or receipt signature. */
export const REQUEST_SIGNATURE_CONTEXT = 'tillproof/hq-request/v1';

export const HEADERS = {
  terminal: 'x-tillproof-terminal',
  keyId: 'x-tillproof-key-id',
  timestamp: 'x-tillproof-timestamp',
  nonce: 'x-tillproof-nonce',
  signature: 'x-tillproof-signature',
} as const;

/** Requests whose timestamp is further than this from HQ's clock are refused (and their nonces forgotten after it). */
export const DEFAULT_REQUEST_WINDOW_MS = 5 * 60_000;

const TERMINAL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const KEY_ID = /^[0-9a-f]{16}$/;
const NONCE = /^[A-Za-z0-9_-]{16,64}$/;
const TIMESTAMP = /^\d{1,15}$/;

export interface SignedRequestParts {
  method: string;
  /** Path and query exactly as sent, e.g. `/v1/master-data?since=12`. */
  path: string;
  terminalId: string;
  keyId: string;
  /** Milliseconds since the Unix epoch, decimal. */
  timestamp: string;
  nonce: string;
  /** Lowercase hex SHA-256 of the body bytes (of nothing for a GET). */
  bodySha256: string;
}

/** Why the header fields cannot be signed as they are (null when they can). */
export function requestPartsProblem(p: SignedRequestParts): string | null {
  if (!/^[A-Z]{3,7}$/.test(p.method)) return 'method';
  // Printable ASCII without spaces: a URL path as sent, and never a line break.
  if (!/^\/[\x21-\x7e]*$/.test(p.path)) return 'path';
  if (!TERMINAL_ID.test(p.terminalId)) return 'terminal id';
  if (!KEY_ID.test(p.keyId)) return 'key id';
  if (!TIMESTAMP.test(p.timestamp)) return 'timestamp';
  if (!NONCE.test(p.nonce)) return 'nonce';
  if (!/^[0-9a-f]{64}$/.test(p.bodySha256)) return 'body hash';
  return null;
}

/**
 * The signed bytes: UTF-8 of the context, 0x00, then the fields one per line (LF), in this
 * order: method, path, terminal id, key id, timestamp, nonce, body SHA-256. No field may hold a
 * line break (checked by requestPartsProblem), so the text has exactly one reading.
 */
export function requestSigningBytes(p: SignedRequestParts): Uint8Array {
  const problem = requestPartsProblem(p);
  if (problem) throw new Error(`cannot sign a request with an invalid ${problem}`);
  const text = [p.method, p.path, p.terminalId, p.keyId, p.timestamp, p.nonce, p.bodySha256].join('\n');
  return concatBytes(utf8(REQUEST_SIGNATURE_CONTEXT), new Uint8Array([0]), utf8(text));
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Headers for a request signed by the terminal key. */
export function signRequest(
  signer: Signer,
  request: { method: string; path: string; terminalId: string; body: Uint8Array | string; timestampMs: number; nonce: string },
): Record<string, string> {
  const parts: SignedRequestParts = {
    method: request.method,
    path: request.path,
    terminalId: request.terminalId,
    keyId: signer.keyId,
    timestamp: String(Math.floor(request.timestampMs)),
    nonce: request.nonce,
    bodySha256: sha256Hex(request.body),
  };
  const signature = Buffer.from(signer.sign(requestSigningBytes(parts))).toString('base64');
  return {
    [HEADERS.terminal]: parts.terminalId,
    [HEADERS.keyId]: parts.keyId,
    [HEADERS.timestamp]: parts.timestamp,
    [HEADERS.nonce]: parts.nonce,
    [HEADERS.signature]: signature,
  };
}

export function verifyRequestSignature(
  crypto: LedgerCrypto,
  publicKey: Uint8Array,
  parts: SignedRequestParts,
  signatureBase64: string,
): boolean {
  if (requestPartsProblem(parts)) return false;
  let signature: Uint8Array;
  try {
    signature = fromBase64(signatureBase64);
  } catch {
    return false;
  }
  return crypto.verifyEd25519(publicKey, requestSigningBytes(parts), signature);
}

// ---------------------------------------------------------------------------------------------
// Messages

const id = z.string().regex(TERMINAL_ID, 'letters, digits, ".", "_" and "-" only, up to 64');
const base64Key = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'a raw 32-byte Ed25519 key in base64');

export const enrollRequestSchema = z.strictObject({
  terminalId: id,
  /** The one-time code printed by `tillproof hq enroll`. */
  code: z.string().min(8).max(64),
  /** The terminal's current public key: the request is signed by it. */
  publicKey: base64Key,
  /** The key the terminal's ledger was opened with (entry 1); equal to publicKey until the first rotation. */
  genesisPublicKey: base64Key,
});
export type EnrollRequest = z.infer<typeof enrollRequestSchema>;

export const enrollResponseSchema = z.strictObject({
  terminalId: id,
  storeId: id,
  enrolledAt: z.string(),
  ackSeq: z.number().int().nonnegative(),
});
export type EnrollResponse = z.infer<typeof enrollResponseSchema>;

/** A ledger entry as it travels: the LedgerEntry fields, nothing more. Content is checked by the chain verifier. */
export const wireEntrySchema = z.strictObject({
  v: z.number().int(),
  terminalId: z.string().max(128),
  seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  kind: z.string().min(1).max(64),
  businessDay: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/),
  startedAt: z.string().max(64),
  endedAt: z.string().max(64),
  operatorId: z.string().max(128).nullable(),
  // Any JSON (it came out of JSON.parse); the verifier puts it in canonical form or refuses it.
  body: z.unknown(),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string().max(128),
  keyId: z.string().regex(KEY_ID),
});

/** A till's report with a batch (docs/hq.md "What a till reports"): its software, devices and backlog. */
export const terminalReportSchema = z.strictObject({
  softwareVersion: z.string().min(1).max(64),
  devices: z
    .array(
      z.strictObject({
        kind: z.string().min(1).max(32),
        id: z.string().max(64),
        state: z.string().min(1).max(32),
        reason: z.string().min(1).max(32).optional(),
      }),
    )
    .max(32),
  backlog: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});

export const entriesBatchSchema = z.strictObject({
  entries: z.array(wireEntrySchema).min(1).max(20_000),
  /** Key rotations after the batch that introduce the key signing the request (docs/hq.md): not stored, not part of the batch. */
  keyRotations: z.array(wireEntrySchema).min(1).max(4).optional(),
  /** Optional: a till before this field sends none, and HQ shows its version and devices as not reported. */
  report: terminalReportSchema.optional(),
});

export const ackSchema = z.strictObject({
  terminalId: id,
  ackSeq: z.number().int().nonnegative(),
  ackHash: z.string().nullable(),
  stored: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  gap: z.strictObject({ from: z.number().int().positive(), to: z.number().int().positive() }).nullable(),
});
export type Ack = z.infer<typeof ackSchema>;

/** The e-invoice ranges HQ assigned to the terminal (GET /v1/terminals/:id/einvoice-ranges), at most a few periods' worth. */
export const invoiceRangesResponseSchema = z.strictObject({
  ranges: z
    .array(
      z.strictObject({
        period: z.string().regex(/^\d{3}(02|04|06|08|10|12)$/),
        track: z.string().regex(/^[A-Z]{2}$/),
        from: z.string().regex(/^\d{8}$/),
        to: z.string().regex(/^\d{8}$/),
      }),
    )
    .max(10_000),
});

export const headResponseSchema = z.strictObject({
  terminalId: id,
  ackSeq: z.number().int().nonnegative(),
  ackHash: z.string().nullable(),
});

export const HQ_ERROR_CODES = [
  'request.invalid',
  'request.too-large',
  'request.not-found',
  'auth.missing',
  'auth.unenrolled',
  'auth.bad-signature',
  'auth.stale',
  'auth.replayed',
  'auth.wrong-terminal',
  'auth.report-token',
  'enroll.invalid-code',
  'enroll.code-used',
  'enroll.code-expired',
  'enroll.terminal-mismatch',
  'enroll.already-enrolled',
  'ingest.malformed',
  'ingest.tampered',
  'ingest.fork',
  'ingest.chain-broken',
  'hq.busy',
  'hq.internal',
] as const;
export type HqErrorCode = (typeof HQ_ERROR_CODES)[number];

export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
  /** HQ's clock (ms since epoch) on 'auth.stale', so a skewed terminal can correct its timestamps. */
  serverTime: z.number().optional(),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Master data, down from HQ

const tier = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/);
const text = (max: number) => z.string().min(1).max(max);

/** A product with barcodes (GTIN-14) and a price per tier in minor units (core/catalog/product.ts CatalogItem). */
export const productRecordSchema = z.strictObject({
  productId: text(64),
  sku: text(64),
  name: text(200),
  names: z.record(z.string().max(16), text(200)),
  department: text(64),
  taxClass: text(32),
  unit: z.enum(['each', 'kg']),
  prices: z
    .record(tier, z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER))
    .refine((p) => Object.hasOwn(p, 'retail'), 'a retail price is required'),
  barcodes: z.array(z.string().regex(/^\d{14}$/)).max(32),
  active: z.boolean(),
  itemCode: z
    .string()
    .regex(/^\d{1,10}$/)
    .nullable(),
  /** Sold only with its serial (issue #14); absent on records from before serials: not serialized. */
  serialized: z.boolean().optional(),
});

export const staffRecordSchema = z.strictObject({
  staffId: id,
  name: text(100),
  role: z.enum(STAFF_ROLES),
  active: z.boolean(),
  pin: pinHashSchema.nullable(),
  /** SHA-256 of the domain-separated badge number, as the terminal looks badges up. */
  badgeHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
});

export const memberRecordSchema = z.strictObject({
  memberId: id,
  name: text(100),
  tier,
  /** RFC 6238 shared secret (base32): the terminal checks the member app's codes with it. */
  tokenSecret: z.string().regex(/^[A-Z2-7]{16,128}$/),
  cardNumbers: z.array(z.string().min(1).max(64)).max(16),
  email: z.string().max(200).nullable(),
  active: z.boolean(),
});

export const roleRecordSchema = z.strictObject({ role: z.enum(STAFF_ROLES), permissions: z.array(z.string().min(1).max(64)).max(100) });
export const priceTierRecordSchema = z.strictObject({ tier, name: text(64) });
export const memberTierRecordSchema = z.strictObject({ tier, name: text(64), priceTier: tier });
/** A catalogue department's names per language, as screens and reports show it (the till's config `departments`). */
export const departmentRecordSchema = z.strictObject({
  department: z.string().min(1).max(64),
  names: z.partialRecord(z.enum(['en', 'zh-TW', 'zh-CN']), text(64)),
});

/**
 * The chain's approval limits (the till's config `approvals`, and `till.overShortThreshold`):
 * what a cashier may do before someone with the permission must approve. One record, scope 'chain'.
 */
export const approvalLimitsRecordSchema = z.strictObject({
  scope: z.literal('chain'),
  /** Discounts together up to this share of the sale (percent) need only 'sale.discount'. */
  discountPercent: z
    .number()
    .min(0)
    .max(100)
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9, 'a percentage with at most two decimals'),
  /** ...and up to this amount, in the currency's major units. */
  discountAmountMajor: z.number().nonnegative().max(1e9),
  /** Reprints after this many copies need 'receipt.reprint'. */
  freeReprints: z.number().int().min(0).max(100),
  /** A drawer count over or short beyond this (minor units) needs a co-sign ('till.cosign'). */
  overShortThreshold: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});
/** The loss-prevention rules' thresholds the tills scan with (the till's config `lossRules`). One record, scope 'chain'. */
export const lossRulesRecordSchema = z.strictObject({ scope: z.literal('chain'), rules: lossRulesSchema });

export const masterDataRecordSchemas = {
  product: productRecordSchema,
  'tax-class': taxClassSchema,
  'price-tier': priceTierRecordSchema,
  'member-tier': memberTierRecordSchema,
  department: departmentRecordSchema,
  staff: staffRecordSchema,
  role: roleRecordSchema,
  member: memberRecordSchema,
  'approval-limits': approvalLimitsRecordSchema,
  'loss-rules': lossRulesRecordSchema,
} as const;

export type MasterDataKind = keyof typeof masterDataRecordSchemas;
export const MASTER_DATA_KINDS = Object.keys(masterDataRecordSchemas) as MasterDataKind[];
export type MasterDataRecord<S extends MasterDataKind> = z.infer<(typeof masterDataRecordSchemas)[S]>;
export type ProductRecord = MasterDataRecord<'product'>;
export type StaffRecord = MasterDataRecord<'staff'>;
export type MemberRecord = MasterDataRecord<'member'>;

const KEY_FIELD: Record<MasterDataKind, string> = {
  product: 'productId',
  'tax-class': 'id',
  'price-tier': 'tier',
  'member-tier': 'tier',
  department: 'department',
  staff: 'staffId',
  role: 'role',
  member: 'memberId',
  'approval-limits': 'scope',
  'loss-rules': 'scope',
};

/** The key a record is published under in its section. */
export function masterDataKey<S extends MasterDataKind>(section: S, record: MasterDataRecord<S>): string {
  const key = (record as Record<string, unknown>)[KEY_FIELD[section]];
  if (typeof key !== 'string') throw new Error(`a ${section} record has no ${KEY_FIELD[section]}`);
  return key;
}

export const masterDataChangeSchema = z.strictObject({
  version: z.number().int().positive(),
  section: z.enum(MASTER_DATA_KINDS as [MasterDataKind, ...MasterDataKind[]]),
  key: z.string().min(1).max(128),
  record: z.unknown(),
});

export const masterDataPageSchema = z.strictObject({
  changes: z.array(masterDataChangeSchema),
  cursor: z.number().int().nonnegative(),
  more: z.boolean(),
});

/** Parses one change's record against its section's schema. */
export function parseMasterDataRecord<S extends MasterDataKind>(section: S, record: unknown): MasterDataRecord<S> {
  return masterDataRecordSchemas[section].parse(record) as MasterDataRecord<S>;
}
