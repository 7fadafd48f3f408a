import { existsSync } from 'node:fs';
import { createHash, createHmac, createPrivateKey, scryptSync } from 'node:crypto';
import { z } from 'zod';
import { isMethodName, type MethodName } from '../core/contract/index.ts';
import type { ReceiptPrinter } from '../core/ports/receipt-printer.ts';
import { memberToken } from '../core/sales/member-token.ts';
import { TillproofError } from '../core/shared/errors.ts';
import { processLogger } from '../platform/logger.ts';
import { signerFromPem, writeKeyFileAtomic, type FileSigner } from '../platform/terminal-key.ts';
import type { TerminalConfig } from '../core/config/terminal-config.ts';
import { devicesConfigSchema } from '../core/config/devices.ts';
import { DEFAULT_PIN_SCRYPT, type NewStaff } from '../db/staff-directory.ts';
import { MemoryDrawer } from '../hardware/virtual/memory-devices.ts';
import { DEMO_STAFF, loadDemoData } from './demo-data.ts';
import { dispatchCall } from './dispatch.ts';
import { startTerminal, type TerminalRuntime } from './terminal-runtime.ts';
import { ledgerPath } from './terminal-ledger.ts';

// A scripted store: one JSON line per contract call, at a simulated time, as a named staff
// member, run through the same handlers the screens call. Line format: docs/loss-prevention.md.

/** The clock a script drives: set to each line's time, never backwards. */
export interface ScriptClock {
  now(): Date;
  set(at: Date): void;
}

export function scriptClock(startIso: string): ScriptClock {
  let t = new Date(startIso).getTime();
  return { now: () => new Date(t), set: (at) => void (t = at.getTime()) };
}

/** Receipts of a simulation are confirmed at once and kept nowhere (a store-year is 100,000 of them). */
export const simulatedPrinter: ReceiptPrinter = { id: 'simulated-printer', print: () => Promise.resolve({ ok: true }) };

/**
 * The key of a simulated till, derived from its terminal id: Ed25519 signatures are deterministic,
 * so the same script gives a byte-identical ledger. Anyone can derive it: a simulated ledger proves nothing.
 */
export function simulatedTerminalKey(terminalId: string): (path: string) => FileSigner {
  return (path) => {
    const seed = createHash('sha256').update(`tillproof-simulation:${terminalId}`).digest();
    const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
    const pem = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }).toString();
    writeKeyFileAtomic(path, pem, { exclusive: true });
    return signerFromPem(pem, path);
  };
}

/** The demo staff with PIN hashes salted from their staff numbers, so the staff section's digest is the same every run. */
function simulatedDemoStaff(): NewStaff[] {
  const { N, r, p } = DEFAULT_PIN_SCRYPT;
  return DEMO_STAFF.map(({ pin, ...s }) => {
    const salt = createHash('sha256').update(`tillproof-simulation:${s.staffId}`).digest().subarray(0, 16);
    const hash = scryptSync(pin!, salt, 32, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
    return { ...s, pinHash: { scheme: 'scrypt', N, r, p, salt: salt.toString('base64'), hash: hash.toString('base64') } };
  });
}

/**
 * A till for a script: no device and no HQ (receipts are confirmed at once, nothing is synced), ids
 * counted, the key derived, the demo data (with `demo`) loaded at the script's first time. The
 * ledger is written without waiting for the disk: a simulated ledger is not the truth of a shop,
 * a crash mid-run means running the script again, and a store-year has to run in minutes.
 */
export function startSimulatedTill(options: { dataDir: string; config: TerminalConfig; demo: boolean; start: string }): {
  runtime: TerminalRuntime;
  clock: ScriptClock;
} {
  const config = { ...options.config, devices: devicesConfigSchema.parse({}), hq: undefined };
  const clock = scriptClock(options.start);
  const fresh = !existsSync(ledgerPath(options.dataDir));
  let ids = 0;
  let prefix = 'sim';
  const runtime = startTerminal({
    dataDir: options.dataDir,
    config,
    clock,
    createTerminalKey: simulatedTerminalKey(config.terminal.terminalId),
    printer: simulatedPrinter,
    drawer: new MemoryDrawer('simulated-drawer'),
    newId: () => `${prefix}-${(++ids).toString().padStart(9, '0')}`,
  });
  // A second script on the same till continues the ledger: its ids must not repeat the first one's.
  prefix = `sim-${runtime.store.head().seq}`;
  runtime.store.database.pragma('synchronous = OFF');
  if (fresh && options.demo) loadDemoData(runtime.store, { clock, staff: simulatedDemoStaff() });
  return { runtime, clock };
}

const staffCredentials = z.union([
  z.strictObject({ pin: z.string().regex(/^\d{4,8}$/) }),
  z.strictObject({ badge: z.string().trim().min(4).max(64) }),
]);
type StaffCredentials = z.infer<typeof staffCredentials>;

const isoWithZone = z.iso.datetime({ offset: true });

const scriptLine = z.union([
  z.strictObject({
    at: isoWithZone.optional(),
    as: z.string().trim().min(1).max(32).optional(),
    call: z.string().min(1).max(64),
    params: z.record(z.string(), z.unknown()).optional(),
    expect: z.strictObject({ error: z.string().min(1).max(64) }).optional(),
    note: z.string().max(500).optional(),
  }),
  /** How the runner signs in the staff named by "as" (the demo staff are known already). */
  z.strictObject({ staff: z.record(z.string().trim().min(1).max(32), staffCredentials) }),
]);

/** A script that did not run as written: the line it stopped at and why. */
export class ScriptError extends TillproofError<'simulate.script'> {
  readonly line: number;
  constructor(line: number, message: string) {
    super('simulate.script', `line ${line}: ${message}`, { details: { line } });
    this.name = 'ScriptError';
    this.line = line;
  }
}

export interface ScriptSummary {
  lines: number;
  calls: number;
  expectedFailures: number;
  sales: number;
  firstAt: string | null;
  lastAt: string | null;
  lastSeq: number;
  lastHash: string;
}

const hmac = { hmac: (alg: 'sha1' | 'sha256', key: Uint8Array, data: Uint8Array) => createHmac(alg, key).update(data).digest() };

interface Session {
  operator: string | null;
  locked: boolean;
}

type Outcome = Awaited<ReturnType<typeof dispatchCall>>;
type CallLine = Extract<z.infer<typeof scriptLine>, { call: string }>;

/** What the runner keeps between lines: the handlers it calls, who is signed in, and how to sign staff in. */
interface ScriptContext {
  call: (method: MethodName, params: unknown) => Promise<Outcome>;
  session: Session;
  credentials: Map<string, StaffCredentials>;
  memberSecret: (memberId: string) => string | undefined;
  clock: ScriptClock;
}

/** Runs a script line by line; throws ScriptError at the first line that did not go as written. */
export async function runScript(
  runtime: TerminalRuntime,
  lines: AsyncIterable<string> | Iterable<string>,
  options: { clock: ScriptClock; onProgress?: (summary: ScriptSummary) => void },
): Promise<ScriptSummary> {
  const context = scriptContext(runtime, options.clock);
  const summary: ScriptSummary = {
    lines: 0,
    calls: 0,
    expectedFailures: 0,
    sales: 0,
    firstAt: null,
    lastAt: null,
    lastSeq: 0,
    lastHash: '',
  };
  await refreshSession(context);

  let lineNo = 0;
  for await (const text of lines) {
    lineNo++;
    if (text.trim() === '') continue;
    summary.lines++;
    const line = parseLine(text, lineNo);
    if ('staff' in line) {
      for (const [id, c] of Object.entries(line.staff)) context.credentials.set(id, c);
      continue;
    }
    await runCallLine(context, line, lineNo, summary);
    if (options.onProgress && summary.calls % 10_000 === 0) options.onProgress(summary);
  }
  const head = runtime.store.head();
  summary.lastSeq = head.seq;
  summary.lastHash = head.hash;
  return summary;
}

function scriptContext(runtime: TerminalRuntime, clock: ScriptClock): ScriptContext {
  const log = processLogger().child({ component: 'simulate' });
  const credentials = new Map<string, StaffCredentials>(DEMO_STAFF.map((s) => [s.staffId, { badge: s.badge! }]));
  const secrets = runtime.store.database.prepare('SELECT token_secret FROM members WHERE member_id = ?').pluck();
  return {
    call: (method, params) => dispatchCall(runtime.handlers, method, params, log),
    session: { operator: null, locked: false },
    credentials,
    memberSecret: (memberId) => secrets.get(memberId) as string | undefined,
    clock,
  };
}

/** One call line: the clock moved to its time, its staff member signed in, the call made and its outcome checked. */
async function runCallLine(context: ScriptContext, line: CallLine, lineNo: number, summary: ScriptSummary): Promise<void> {
  const { clock, session } = context;
  if (line.at) {
    const at = new Date(line.at);
    if (at.getTime() < clock.now().getTime())
      throw new ScriptError(
        lineNo,
        `${line.at} is before the previous line's time (${clock.now().toISOString()}); time only moves forward`,
      );
    clock.set(at);
  }
  summary.firstAt ??= clock.now().toISOString();
  summary.lastAt = clock.now().toISOString();
  if (!isMethodName(line.call)) throw new ScriptError(lineNo, `there is no contract method "${line.call}"`);
  if (line.as && (session.operator !== line.as || session.locked)) await signIn(context, line.as, lineNo);
  const params = withMemberTokens(context, line.params ?? {}, lineNo);
  const outcome = await context.call(line.call, params);
  summary.calls++;
  checkOutcome(outcome, line, lineNo);
  if (outcome.ok && line.call === 'sale.complete') summary.sales++;
  if (!outcome.ok) summary.expectedFailures++;
  if (line.call.startsWith('session.')) await refreshSession(context);
}

/** Reads who is signed in and whether the till is locked, as the session state reports it. */
async function refreshSession(context: ScriptContext): Promise<void> {
  const r = await context.call('session.state', {});
  if (r.ok) {
    const s = r.result as { operator: { staffId: string } | null; locked: boolean };
    context.session.operator = s.operator?.staffId ?? null;
    context.session.locked = s.locked;
  }
}

async function signIn(context: ScriptContext, staffId: string, at: number): Promise<void> {
  const { call, session } = context;
  const c = context.credentials.get(staffId);
  if (!c)
    throw new ScriptError(at, `no PIN or badge for staff ${staffId}: declare it first with {"staff": {"${staffId}": {"pin": "..."}}}`);
  if (session.operator !== null && session.operator !== staffId) {
    const out = await call('session.logout', { reason: 'switch' });
    if (!out.ok)
      throw new ScriptError(at, `signing ${session.operator} out for ${staffId} failed: ${out.error.code}: ${out.error.message}`);
  }
  const out = await call('session.login', 'pin' in c ? { method: 'pin', staffId, pin: c.pin } : { method: 'badge', badge: c.badge });
  if (!out.ok) throw new ScriptError(at, `signing in ${staffId} failed: ${out.error.code}: ${out.error.message}`);
  await refreshSession(context);
  if (session.operator !== staffId) throw new ScriptError(at, `signing in ${staffId} signed in ${session.operator ?? 'nobody'}`);
}

/** `{"memberToken": "M0002"}` anywhere in the params becomes the code that member's app shows at the simulated time. */
function withMemberTokens(context: ScriptContext, value: unknown, at: number): unknown {
  if (Array.isArray(value)) return value.map((v) => withMemberTokens(context, v, at));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0]![0] === 'memberToken' && typeof entries[0]![1] === 'string') {
    const memberId = entries[0]![1];
    const secret = context.memberSecret(memberId);
    if (secret === undefined)
      throw new ScriptError(at, `member ${memberId} is not in this till's member list, so its app code cannot be made`);
    return memberToken(hmac, memberId, secret, context.clock.now());
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, withMemberTokens(context, v, at)]));
}

function parseLine(text: string, lineNo: number): z.infer<typeof scriptLine> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ScriptError(lineNo, 'not JSON');
  }
  const parsed = scriptLine.safeParse(json);
  if (!parsed.success) {
    const hint =
      json !== null && typeof json === 'object' && !('call' in json) && !('staff' in json)
        ? 'a line is a call ({"at", "as", "call", "params", "expect"}) or a staff declaration'
        : null;
    const issue = parsed.error.issues[0];
    throw new ScriptError(lineNo, hint ?? `${issue ? `${issue.path.join('.') || '(line)'}: ${issue.message}` : 'not a script line'}`);
  }
  return parsed.data;
}

function checkOutcome(outcome: Outcome, line: { call: string; expect?: { error: string } | undefined }, lineNo: number): void {
  const wanted = line.expect?.error;
  if (outcome.ok) {
    if (wanted) throw new ScriptError(lineNo, `${line.call} succeeded, but the script expected it to fail with ${wanted}`);
    return;
  }
  const { code, message } = outcome.error;
  if (!wanted) throw new ScriptError(lineNo, `${line.call} failed: ${code}: ${message}`);
  if (code !== wanted) throw new ScriptError(lineNo, `${line.call} failed with ${code} (${message}), but the script expected ${wanted}`);
}
