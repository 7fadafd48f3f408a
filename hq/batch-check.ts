// The CPU-heavy half of ingest, run in worker threads (hq/verify-pool.ts): parse a batch, check
// its shape, re-verify hash links and signatures with core/ledger's ChainVerifier from the
// terminal's persisted resume state, and prepare the rows for COPY and the report deltas.
// Pure apart from the crypto it is given: no database, no network.
import { memberCodeUseOf, type MemberCodeUse } from './member-code-uses.ts';
import { giftCardMovementsOf, giftCardVoidOf, type GiftCardMovement, type GiftCardVoid } from './giftcard-ledger.ts';
import { memberSignupOf, type MemberSignup } from './member-signups.ts';
import { ChainVerifier, type ChainVerifierOptions, type VerifyFailure } from '../core/ledger/verify.ts';
import { canonicalText, entryHash, signatureMessage, type LedgerEntry } from '../core/ledger/entry.ts';
import { fromBase64 } from '../core/ledger/bytes.ts';
import type { LedgerCrypto } from '../core/ports/crypto.ts';
import { ReportProjection, type ExceptionDelta, type SalesDelta } from './report-projection.ts';
import { errorMessage } from '../core/shared/errors.ts';
import type { TerminalReport } from '../core/ports/hq-client.ts';
import { terminalReportSchema } from '../platform/hq-protocol.ts';

export type ResumeState = NonNullable<ChainVerifierOptions['resumeFrom']>;

export interface ChainState {
  headSeq: number;
  headHash: string | null;
  /** Null until the first entry was accepted. */
  resume: ResumeState | null;
}

export interface BatchCheckInput {
  terminalId: string;
  /** The request body (JSON: { entries: [...] }). */
  body: Uint8Array | string;
  chain: ChainState;
  /** Raw Ed25519 key (base64) the ledger's entry 1 must carry. */
  genesisPublicKey: string;
  /** Store currency for report rows whose entries name none. */
  currency: string;
}

export interface FreshEntries {
  count: number;
  firstSeq: number;
  lastSeq: number;
  lastHash: string;
  /** COPY text format rows, in column order COPY_COLUMNS. */
  copy: string;
  /** First day of each month the entries fall in ('YYYY-MM-01'): partitions to have. */
  months: string[];
  resume: ResumeState;
  sales: SalesDelta[];
  exceptions: ExceptionDelta[];
  /** Member app codes used on these sales (issue #12): HQ raises a code used on two sales. */
  memberCodes: MemberCodeUse[];
  /** Gift card movements and post-voids of these entries (issue #15): HQ keeps each card's chain-wide balance. */
  giftCards: GiftCardMovement[];
  giftCardVoids: GiftCardVoid[];
  /** Members who joined at the till (member-created entries, issue #15). */
  memberSignups: MemberSignup[];
}

export type BatchRefusalCode = 'ingest.malformed' | 'ingest.tampered' | 'ingest.fork' | 'ingest.chain-broken' | 'auth.wrong-terminal';

export type BatchCheck =
  | {
      ok: true;
      firstSeq: number;
      lastSeq: number;
      /** Entries at or below HQ's head, with the hash they claim (recomputed and equal): compare with what HQ stored. */
      duplicates: { seqs: number[]; hashes: string[]; days: string[] };
      /** Entries missing between HQ's head and the batch: nothing is stored past a gap. */
      gap: { from: number; to: number } | null;
      fresh: FreshEntries | null;
      /** The till's report sent with the batch (software, devices, backlog), or null from a till that sends none. */
      report: TerminalReport | null;
    }
  | { ok: false; code: BatchRefusalCode; seq: number | null; reason: string; message: string };

export const COPY_COLUMNS = [
  'terminal_id',
  'seq',
  'v',
  'kind',
  'business_day',
  'started_at',
  'ended_at',
  'operator_id',
  'body',
  'prev_hash',
  'hash',
  'signature',
  'key_id',
] as const;

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** A value in PostgreSQL COPY text format. */
export function copyField(value: string | null): string {
  if (value === null) return '\\N';
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

const HEX64 = /^[0-9a-f]{64}$/;
const KEY_ID = /^[0-9a-f]{16}$/;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const ENTRY_FIELDS = 13;

function text(v: unknown, max: number): boolean {
  return typeof v === 'string' && v.length <= max;
}

/**
 * Why a parsed body is not `{ entries: [wire entry, ...], keyRotations?: [...] }` (platform/hq-protocol.ts
 * entriesBatchSchema, which tests/unit/hq/batch-check.test.ts holds this to), or null. Written
 * out rather than run through zod: it runs for every entry HQ receives, and zod's generality
 * cost a tenth of the whole verification.
 */
export function batchShapeProblem(json: unknown): string | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'not an object';
  const keys = Object.keys(json);
  if (!keys.includes('entries') || keys.some((k) => k !== 'entries' && k !== 'keyRotations' && k !== 'report'))
    return 'the body is { "entries": [...], "keyRotations"?: [...], "report"?: {...} } and nothing else';
  // One small object per batch: zod's cost does not matter here.
  if ('report' in json && !terminalReportSchema.safeParse(json.report).success)
    return 'report: { softwareVersion, devices: [{ kind, id, state, reason? }], backlog }';
  const entries = (json as { entries: unknown }).entries;
  if (!Array.isArray(entries) || entries.length < 1 || entries.length > 20_000) return 'entries: 1 to 20,000 entries';
  for (let i = 0; i < entries.length; i++) {
    const problem = entryShapeProblem(entries[i], `entries.${i}`);
    if (problem) return problem;
  }
  if (!('keyRotations' in json)) return null;
  const rotations = json.keyRotations;
  if (!Array.isArray(rotations) || rotations.length < 1 || rotations.length > 4) return 'keyRotations: 1 to 4 entries';
  for (let i = 0; i < rotations.length; i++) {
    const problem = entryShapeProblem(rotations[i], `keyRotations.${i}`);
    if (problem) return problem;
  }
  return null;
}

function entryShapeProblem(value: unknown, at: string): string | null {
  const e = value as Record<string, unknown>;
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return `${at}: not an object`;
  let n = 0;
  for (const k in e) if (Object.hasOwn(e, k)) n++;
  if (n !== ENTRY_FIELDS || !('body' in e))
    return `${at}: an entry has exactly the fields v, terminalId, seq, kind, businessDay, startedAt, endedAt, operatorId, body, prevHash, hash, signature, keyId`;
  if (!Number.isSafeInteger(e.v)) return `${at}.v: an integer`;
  if (!text(e.terminalId, 128)) return `${at}.terminalId: text`;
  if (!Number.isSafeInteger(e.seq) || (e.seq as number) < 1) return `${at}.seq: a positive integer`;
  if (!text(e.kind, 64) || e.kind === '') return `${at}.kind: text`;
  if (typeof e.businessDay !== 'string' || !DAY.test(e.businessDay)) return `${at}.businessDay: YYYY-MM-DD`;
  if (!text(e.startedAt, 64) || !text(e.endedAt, 64)) return `${at}: startedAt and endedAt are text`;
  if (e.operatorId !== null && !text(e.operatorId, 128)) return `${at}.operatorId: text or null`;
  if (typeof e.prevHash !== 'string' || !HEX64.test(e.prevHash)) return `${at}.prevHash: 64 hex digits`;
  if (typeof e.hash !== 'string' || !HEX64.test(e.hash)) return `${at}.hash: 64 hex digits`;
  if (!text(e.signature, 128)) return `${at}.signature: text`;
  if (typeof e.keyId !== 'string' || !KEY_ID.test(e.keyId)) return `${at}.keyId: 16 hex digits`;
  return null;
}

const checkedDays = new Set<string>();

/** A real date from 1970 to 9999 (PostgreSQL would refuse 2026-02-30 and abort the whole COPY). */
function isCalendarDay(day: string): boolean {
  if (checkedDays.has(day)) return true;
  const year = Number(day.slice(0, 4));
  const d = new Date(`${day}T00:00:00Z`);
  const ok = year >= 1970 && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
  if (ok && checkedDays.size < 100_000) checkedDays.add(day);
  return ok;
}

type BatchRefusal = Extract<BatchCheck, { ok: false }>;

function refuse(code: BatchRefusalCode, seq: number | null, reason: string, message: string): BatchRefusal {
  return { ok: false, code, seq, reason, message };
}

/** True when the entry is exactly as its terminal signed it, whatever its place in the chain. */
function selfConsistent(crypto: LedgerCrypto, entry: LedgerEntry, publicKeys: Record<string, string>): boolean {
  try {
    if (entryHash(crypto, entry) !== entry.hash) return false;
    const pk = publicKeys[entry.keyId];
    return pk !== undefined && crypto.verifyEd25519(fromBase64(pk), signatureMessage(entry.hash), fromBase64(entry.signature));
  } catch {
    return false;
  }
}

/** What a verifier failure means for HQ. */
function classify(
  crypto: LedgerCrypto,
  failure: VerifyFailure,
  entry: LedgerEntry | undefined,
  chain: ChainState,
  keys: Record<string, string>,
): BatchRefusalCode {
  switch (failure.reason) {
    case 'broken-prev-link':
      // A properly signed entry that does not link to what HQ holds: the terminal's history
      // forked (a ledger restored and written again). Anything else is an edited entry.
      return entry && failure.seq === chain.headSeq + 1 && selfConsistent(crypto, entry, keys) ? 'ingest.fork' : 'ingest.tampered';
    case 'hash-mismatch':
    case 'bad-signature':
    case 'malformed-entry':
      return 'ingest.tampered';
    case 'terminal-mismatch':
      return 'auth.wrong-terminal';
    default:
      return 'ingest.chain-broken';
  }
}

/** The batch's entries: UTF-8 JSON in the protocol's shape, consecutive, all of this terminal, on calendar days. */
function parseEntries(input: BatchCheckInput): { entries: LedgerEntry[]; report: TerminalReport | null } | BatchRefusal {
  const { terminalId } = input;
  let json: unknown;
  try {
    json = JSON.parse(typeof input.body === 'string' ? input.body : new TextDecoder('utf-8', { fatal: true }).decode(input.body));
  } catch (e) {
    return refuse('ingest.malformed', null, 'not-json', `the batch is not UTF-8 JSON: ${errorMessage(e)}`);
  }
  const shape = batchShapeProblem(json);
  if (shape !== null) return refuse('ingest.malformed', null, 'shape', `the batch does not follow the protocol: ${shape}`);
  const { entries, report } = json as { entries: LedgerEntry[]; report?: TerminalReport };
  const firstSeq = entries[0]!.seq;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.seq !== firstSeq + i)
      return refuse(
        'ingest.malformed',
        e.seq,
        'not-consecutive',
        `a batch holds consecutive entries; entry ${i} has seq ${e.seq}, expected ${firstSeq + i}`,
      );
    if (e.terminalId !== terminalId)
      return refuse(
        'auth.wrong-terminal',
        e.seq,
        'terminal-mismatch',
        `entry ${e.seq} belongs to terminal ${e.terminalId}; terminal ${terminalId} can send only its own ledger`,
      );
    if (!isCalendarDay(e.businessDay))
      return refuse('ingest.malformed', e.seq, 'business-day', `entry ${e.seq}: business day ${e.businessDay} is not a calendar day`);
  }
  return { entries, report: report ?? null };
}

/**
 * Entries HQ already holds: each must be intact, and (checked by the caller against the
 * database) carry the hash HQ stored. `count` is how many of the batch's first entries they are.
 */
function checkHeldEntries(
  crypto: LedgerCrypto,
  entries: readonly LedgerEntry[],
  chain: ChainState,
): { duplicates: { seqs: number[]; hashes: string[]; days: string[] }; count: number } | BatchRefusal {
  const duplicates = { seqs: [] as number[], hashes: [] as string[], days: [] as string[] };
  let i = 0;
  for (; i < entries.length && entries[i]!.seq <= chain.headSeq; i++) {
    const e = entries[i]!;
    let computed: string;
    try {
      computed = entryHash(crypto, e);
    } catch (err) {
      return refuse('ingest.tampered', e.seq, 'malformed-entry', `entry ${e.seq} cannot be put in canonical form: ${errorMessage(err)}`);
    }
    if (computed !== e.hash)
      return refuse('ingest.tampered', e.seq, 'hash-mismatch', `entry ${e.seq}: its hash does not match its contents`);
    if (e.seq === chain.headSeq && chain.headHash !== null && e.hash !== chain.headHash) {
      return refuse(
        'ingest.fork',
        e.seq,
        'fork',
        `entry ${e.seq} differs from the entry HQ holds at that seq: the terminal's ledger forked`,
      );
    }
    duplicates.seqs.push(e.seq);
    duplicates.hashes.push(e.hash);
    duplicates.days.push(e.businessDay);
  }
  return { duplicates, count: i };
}

/** Verifies the entries past HQ's head against the chain and prepares their COPY rows, report deltas and resume state. */
function verifyFreshEntries(
  crypto: LedgerCrypto,
  input: BatchCheckInput,
  entries: readonly LedgerEntry[],
  rest: readonly LedgerEntry[],
): FreshEntries | BatchRefusal {
  const { chain, terminalId } = input;
  // Signatures at the anchors only (genesis, key rotations, the batch's last entry): the hashes
  // of every entry are recomputed and linked, so the last signature proves the batch.
  const verifier = new ChainVerifier(crypto, {
    terminalId,
    signatures: 'anchors',
    ...(chain.resume ? { resumeFrom: chain.resume } : { trustedPublicKey: fromBase64(input.genesisPublicKey) }),
  });
  const projection = new ReportProjection(input.currency);
  const months = new Set<string>();
  const rows: string[] = [];
  const memberCodes: MemberCodeUse[] = [];
  const giftCards: GiftCardMovement[] = [];
  const giftCardVoids: GiftCardVoid[] = [];
  const memberSignups: MemberSignup[] = [];
  for (const e of rest) {
    // Hashed by the verifier and stored as the body column: one canonical text per entry. A
    // body without one is left to the verifier, which refuses it in its own order of checks.
    let bodyText: string | undefined;
    try {
      bodyText = canonicalText(e.body);
    } catch {
      bodyText = undefined;
    }
    const failure = verifier.push(e, bodyText);
    if (failure) {
      const keys = { ...(chain.resume?.publicKeys ?? {}), ...verifier.state.publicKeys };
      const code = classify(
        crypto,
        failure,
        entries.find((x) => x.seq === failure.seq),
        chain,
        keys,
      );
      return refuse(code, failure.seq, failure.reason, `entry ${failure.seq}: ${failure.message}`);
    }
    months.add(`${e.businessDay.slice(0, 7)}-01`);
    projection.add(e);
    const codeUse = memberCodeUseOf(e);
    if (codeUse) memberCodes.push(codeUse);
    giftCards.push(...giftCardMovementsOf(e));
    const voided = giftCardVoidOf(e);
    if (voided) giftCardVoids.push(voided);
    const signup = memberSignupOf(e);
    if (signup) memberSignups.push(signup);
    if (bodyText === undefined) throw new Error(`entry ${e.seq} verified without a canonical body`);
    rows.push(
      `${copyField(e.terminalId)}\t${e.seq}\t${e.v}\t${copyField(e.kind)}\t${e.businessDay}\t${copyField(e.startedAt)}\t${copyField(e.endedAt)}\t${copyField(e.operatorId)}\t${copyField(bodyText)}\t${e.prevHash}\t${e.hash}\t${copyField(e.signature)}\t${e.keyId}\n`,
    );
  }
  const unproven = verifier.anchor();
  if (unproven) return refuse('ingest.tampered', unproven.seq, unproven.reason, `entry ${unproven.seq}: ${unproven.message}`);
  const state = verifier.state;
  const last = rest.at(-1)!;
  return {
    count: rest.length,
    firstSeq: rest[0]!.seq,
    lastSeq: last.seq,
    lastHash: last.hash,
    copy: rows.join(''),
    months: [...months].sort(),
    memberCodes,
    giftCards,
    giftCardVoids,
    memberSignups,
    resume: {
      seq: state.seq,
      hash: state.hash!,
      activeKeyId: state.activeKeyId!,
      publicKeys: state.publicKeys,
      sealedDays: state.sealedDays,
    },
    sales: projection.salesDeltas(),
    exceptions: projection.exceptionDeltas(),
  };
}

export function checkBatch(crypto: LedgerCrypto, input: BatchCheckInput): BatchCheck {
  const { chain } = input;
  const parsed = parseEntries(input);
  if ('ok' in parsed) return parsed;
  const { entries, report } = parsed;
  const firstSeq = entries[0]!.seq;
  const lastSeq = entries.at(-1)!.seq;
  const held = checkHeldEntries(crypto, entries, chain);
  if ('ok' in held) return held;
  const { duplicates } = held;
  const rest = entries.slice(held.count);
  if (rest.length === 0) return { ok: true, firstSeq, lastSeq, duplicates, gap: null, fresh: null, report };
  if (rest[0]!.seq > chain.headSeq + 1)
    return { ok: true, firstSeq, lastSeq, duplicates, gap: { from: chain.headSeq + 1, to: rest[0]!.seq - 1 }, fresh: null, report };
  const fresh = verifyFreshEntries(crypto, input, entries, rest);
  if ('ok' in fresh) return fresh;
  return { ok: true, firstSeq, lastSeq, duplicates, gap: null, fresh, report };
}
