import { appendFileSync } from 'node:fs';
import type pg from 'pg';
import { errorMessage } from '../core/shared/errors.ts';
import { backoffDelay } from '../core/sync/backoff.ts';
import { processLogger, type Logger } from '../platform/logger.ts';
import { runWorkerLoop, scanNewEntries } from './entry-scan.ts';
import type { MailConfig, MessageProviderConfig, NoticeConfig } from './config.ts';
import { signNoticeToken } from './notice-token.ts';
import { renderMemberNotice, type NoticeFacts, type NoticeKind, type NoticeLine, type NoticeLocale } from './notice-text.ts';
import type { MailTransport } from './receipt-mail.ts';

// Purchase notices to members (issue #14): for every sale, return or post-void on a member's
// account, the member of record is told what was bought, where, by whom, at which tier price, with
// a signed "this wasn't me" link (disputes.ts). As the e-receipts (receipt-mail.ts): a scanner
// reads stored, verified entries after a per-terminal cursor and puts one outbox row per entry
// (primary key terminal + seq: a re-sent batch or a rescan never notifies twice); a worker sends
// due rows by the member's channel (e-mail through SMTP, SMS or LINE through a provider) with
// exponential backoff. Opted-out members get a row saying so and no message.

export type NoticeChannel = 'email' | 'sms' | 'line';
export type NoticeStatus = 'pending' | 'sent' | 'opted-out' | 'no-address' | 'failed' | 'too-old';
export const NOTICE_STATUSES: readonly NoticeStatus[] = ['pending', 'sent', 'opted-out', 'no-address', 'failed', 'too-old'];

/** An SMS or LINE message. */
export interface ShortMessage {
  channel: 'sms' | 'line';
  to: string;
  text: string;
  /** Stable per notice, so a gateway can drop a duplicate after a crash between send and record. */
  messageId: string;
}

/** Where SMS or LINE messages go: a gateway in production, a file in tests. */
export interface MessageProvider {
  send(message: ShortMessage): Promise<{ messageId: string }>;
  close(): void;
}

/** Appends each message as one JSON line to a file: the test provider, and a hand-off to a gateway that reads the file. No network. */
export function fileMessageProvider(path: string, now: () => Date = () => new Date()): MessageProvider {
  return {
    send(message) {
      appendFileSync(path, `${JSON.stringify({ at: now().toISOString(), ...message })}\n`, 'utf8');
      return Promise.resolve({ messageId: message.messageId });
    },
    close: () => undefined,
  };
}

export function messageProvider(config: MessageProviderConfig): MessageProvider {
  return fileMessageProvider(config.path);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** What a stored entry is to the notices: a member's sale, or a return or post-void of some sale (its member found by the sale). */
export interface NoticeSubject {
  kind: NoticeKind;
  saleId: string;
  /** The sale's member; null on returns and post-voids (looked up by saleId). */
  memberId: string | null;
  amount: number;
  currency: string | null;
}

/** Bodies are read defensively: HQ checks signatures, not schemas. Training entries are nobody's purchase. */
export function noticeSubjectOf(kind: string, body: unknown): NoticeSubject | null {
  if (!isRecord(body) || body.training === true) return null;
  const amount = typeof body.total === 'number' ? body.total : typeof body.amount === 'number' ? body.amount : null;
  if (amount === null || !Number.isSafeInteger(amount)) return null;
  if (kind === 'sale') {
    const memberId = isRecord(body.member) ? str(body.member.memberId) : null;
    const saleId = str(body.saleId);
    return memberId && saleId ? { kind: 'sale', saleId, memberId, amount, currency: str(body.currency) } : null;
  }
  if (kind === 'return') {
    const saleId = str(body.originalSaleId);
    return saleId ? { kind: 'return', saleId, memberId: null, amount, currency: str(body.currency) } : null;
  }
  if (kind === 'void' && body.scope === 'post-void') {
    const saleId = str(body.saleId);
    return saleId ? { kind: 'post-void', saleId, memberId: null, amount, currency: null } : null;
  }
  return null;
}

/** Who sold a sale: the salespersons the entry names (`salespersons`, docs/ledger-format.md), else the staff member who rang it up. */
export function salespersonsOf(body: unknown, operatorId: string | null): string[] {
  const named = isRecord(body) && Array.isArray(body.salespersons) ? body.salespersons : [];
  const ids = named.map((p) => (isRecord(p) ? str(p.staffId) : null)).filter((x): x is string => x !== null);
  if (ids.length > 0) return [...new Set(ids)];
  return operatorId ? [operatorId] : [];
}

/** A serial number on a line, when the entry records one (serialized items, issue #14). */
function serialOf(line: Record<string, unknown>): string | null {
  if (Array.isArray(line.serials)) return line.serials.filter((x) => typeof x === 'string').join(', ') || null;
  return str(line.serial) ?? str(line.serialNo);
}

export interface StoredEntry {
  terminalId: string;
  seq: number;
  kind: string;
  hash: string;
  businessDay: string;
  endedAt: string;
  operatorId: string | null;
  storeId: string;
  body: Record<string, unknown>;
}

async function storedEntry(db: pg.Pool | pg.PoolClient, terminalId: string, seq: number): Promise<StoredEntry | null> {
  const r = await db.query<Omit<StoredEntry, 'body'> & { body: string; businessDay: Date | string }>(
    `SELECT e.terminal_id AS "terminalId", e.seq::int AS seq, e.kind, e.hash, e.business_day::text AS "businessDay", e.ended_at AS "endedAt",
            e.operator_id AS "operatorId", t.store_id AS "storeId", e.body
     FROM ledger_entries e JOIN hq_terminals t USING (terminal_id) WHERE e.terminal_id = $1 AND e.seq = $2`,
    [terminalId, seq],
  );
  const row = r.rows[0];
  if (!row) return null;
  const body: unknown = JSON.parse(row.body);
  return { ...row, businessDay: String(row.businessDay), body: isRecord(body) ? body : {} };
}

/** The member sale a return or post-void is about, as noticed (the sale row of the outbox). */
async function noticedSale(
  db: pg.Pool | pg.PoolClient,
  saleId: string,
): Promise<{ terminalId: string; seq: number; memberId: string; currency: string } | null> {
  const r = await db.query<{ terminalId: string; seq: string; memberId: string; currency: string }>(
    `SELECT terminal_id AS "terminalId", seq, member_id AS "memberId", currency FROM hq_member_notices WHERE kind = 'sale' AND sale_id = $1 ORDER BY created_at LIMIT 1`,
    [saleId],
  );
  const row = r.rows[0];
  return row ? { ...row, seq: Number(row.seq) } : null;
}

export interface NoticeEvidence {
  facts: NoticeFacts;
  /** The entries a dispute about this notice is linked to: the noticed entry, then the original sale of a return or post-void. */
  entries: Array<{ terminalId: string; seq: number; hash: string; kind: string }>;
  salespersonIds: string[];
  cashierId: string | null;
  businessDay: string;
}

/** Everything a notice (and the page behind its link) says about one entry, from the stored ledger and master data. */
export async function noticeEvidence(db: pg.Pool | pg.PoolClient, terminalId: string, seq: number): Promise<NoticeEvidence | null> {
  const entry = await storedEntry(db, terminalId, seq);
  if (!entry) return null;
  const subject = noticeSubjectOf(entry.kind, entry.body);
  if (!subject) return null;
  const saleRef = subject.kind === 'sale' ? { terminalId, seq } : await noticedSale(db, subject.saleId);
  const sale = saleRef ? (subject.kind === 'sale' ? entry : await storedEntry(db, saleRef.terminalId, saleRef.seq)) : null;
  if (!sale) return null;
  const member = isRecord(sale.body.member) ? sale.body.member : {};
  const memberId = str(member.memberId);
  if (!memberId) return null;
  const salespersonIds = salespersonsOf(sale.body, sale.operatorId);
  const saleLines = Array.isArray(sale.body.lines) ? sale.body.lines.filter(isRecord).filter((l) => l.voided !== true) : [];
  const lineSource = subject.kind === 'return' && Array.isArray(entry.body.lines) ? entry.body.lines.filter(isRecord) : saleLines;
  const productIds = [...new Set(lineSource.map((l) => str(l.productId)).filter((x): x is string => x !== null))];
  const staffIds = [...new Set([...salespersonIds, ...(entry.operatorId ? [entry.operatorId] : [])])];
  const names = await db.query<{ section: string; key: string; name: string | null; retail: string | null }>(
    `SELECT section, key, record->>'name' AS name, record->'prices'->>'retail' AS retail FROM hq_master_records
     WHERE (section = 'product' AND key = ANY($1::text[])) OR (section = 'staff' AND key = ANY($2::text[])) OR (section = 'member' AND key = $3)`,
    [productIds, staffIds, memberId],
  );
  const named = (section: string, key: string) => names.rows.find((r) => r.section === section && r.key === key);
  const person = (staffId: string) => ({ staffId, name: named('staff', staffId)?.name ?? null });
  const lines: NoticeLine[] = lineSource.map((l) => {
    const unitPrice = subject.kind === 'return' || typeof l.unitPrice !== 'number' ? null : l.unitPrice;
    const priceTier = subject.kind === 'return' ? null : str(l.priceTier);
    const retail = named('product', str(l.productId) ?? '')?.retail;
    return {
      name: str(l.name) ?? str(l.productId) ?? '?',
      qtyMilli: typeof l.qtyMilli === 'number' ? l.qtyMilli : 1000,
      unitPrice,
      priceTier,
      retailUnitPrice: priceTier && priceTier !== 'retail' && retail != null && Number(retail) !== unitPrice ? Number(retail) : null,
      amount: typeof l.amount === 'number' ? l.amount : 0,
      serial: serialOf(l),
    };
  });
  const receiptNo = typeof entry.body.receiptNo === 'number' ? entry.body.receiptNo : null;
  const facts: NoticeFacts = {
    kind: subject.kind,
    terminalId,
    seq,
    storeId: entry.storeId,
    endedAt: entry.endedAt,
    receiptNo,
    currency: subject.currency ?? str(sale.body.currency) ?? 'TWD',
    amount: subject.amount,
    memberId,
    memberName: named('member', memberId)?.name ?? null,
    memberTier: str(member.tier),
    lines,
    salespersons: salespersonIds.map(person),
    cashier: entry.operatorId ? person(entry.operatorId) : null,
  };
  const entries = [{ terminalId, seq, hash: entry.hash, kind: entry.kind }];
  if (sale !== entry) entries.push({ terminalId: sale.terminalId, seq: sale.seq, hash: sale.hash, kind: sale.kind });
  return { facts, entries, salespersonIds, cashierId: entry.operatorId, businessDay: entry.businessDay };
}

/** Store name, clock and language of notices and their pages. */
export function noticeStyle(config: NoticeConfig, mail: MailConfig | undefined, storeId: string) {
  return {
    storeName: (config.storeNames ?? mail?.storeNames ?? {})[storeId] ?? storeId,
    timeZone: config.timeZone ?? mail?.timeZone ?? 'UTC',
    locale: (config.locale ?? mail?.locale ?? 'en') satisfies NoticeLocale,
  };
}

export interface NoticeRow {
  terminalId: string;
  seq: number;
  kind: NoticeKind;
  memberId: string;
  channel: NoticeChannel;
  address: string | null;
  amount: number;
  currency: string;
  status: NoticeStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

interface NoticedEntry {
  seq: string;
  kind: string;
  body: string;
  businessDay: string;
  late: boolean;
}
const LEASE_MS = 5 * 60_000;

export class MemberNotifier {
  private readonly pool: pg.Pool;
  private readonly config: NoticeConfig;
  private readonly mail: MailConfig | undefined;
  private readonly mailTransport: MailTransport | null;
  private readonly providers: Partial<Record<'sms' | 'line', MessageProvider>>;
  private readonly secret: string;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly log: Logger;
  private loop: Promise<void> | null = null;
  private readonly stopping = new AbortController();

  constructor(options: {
    pool: pg.Pool;
    config: NoticeConfig;
    /** E-mail settings and transport; without them e-mail notices are 'no-address'. */
    mail?: MailConfig;
    mailTransport?: MailTransport | null;
    providers?: Partial<Record<'sms' | 'line', MessageProvider>>;
    secret: string;
    now?: () => number;
    random?: () => number;
    log?: Logger;
  }) {
    this.pool = options.pool;
    this.config = options.config;
    this.mail = options.mail;
    this.mailTransport = options.mailTransport ?? null;
    this.providers = options.providers ?? {
      ...(options.config.sms ? { sms: messageProvider(options.config.sms) } : {}),
      ...(options.config.line ? { line: messageProvider(options.config.line) } : {}),
    };
    this.secret = options.secret;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.log = options.log ?? processLogger();
  }

  /** Reads new stored entries of every terminal and queues their notices. Returns how many were queued. */
  scan(): Promise<number> {
    return scanNewEntries<NoticedEntry>(this.pool, {
      table: 'hq_member_notice_scan',
      read: async (client, terminalId, after, upTo, limit) =>
        (
          await client.query<NoticedEntry>(
            `SELECT seq, kind, body, business_day::text AS "businessDay", received_at < $4::timestamptz AS late FROM ledger_entries
             WHERE terminal_id = $1 AND seq > $2 AND seq <= $3 AND kind IN ('sale', 'return', 'void') ORDER BY seq LIMIT ${limit}`,
            [terminalId, after, upTo, new Date(this.now() - this.config.maxDelayHours * 3_600_000).toISOString()],
          )
        ).rows,
      handle: async (client, terminalId, e) => {
        const subject = noticeSubjectOf(e.kind, JSON.parse(e.body));
        return subject !== null && (await this.queue(client, terminalId, Number(e.seq), e.businessDay, subject, e.late));
      },
    });
  }

  /** One outbox row for a noticed entry, its channel and address as the member's preferences say now. */
  private async queue(
    client: pg.PoolClient,
    terminalId: string,
    seq: number,
    businessDay: string,
    subject: NoticeSubject,
    late: boolean,
  ): Promise<boolean> {
    let memberId = subject.memberId;
    let currency = subject.currency;
    if (!memberId) {
      // A return or post-void of a sale HQ noticed: the sale's member is told.
      const sale = await noticedSale(client, subject.saleId);
      if (!sale) return false;
      memberId = sale.memberId;
      currency ??= sale.currency;
    }
    const who = await client.query<{
      email: string | null;
      channel: NoticeChannel | null;
      optedOut: boolean | null;
      phone: string | null;
      lineId: string | null;
    }>(
      `SELECT (SELECT record->>'email' FROM hq_master_records WHERE section = 'member' AND key = $1) AS email,
              p.channel, p.opted_out AS "optedOut", p.phone, p.line_user_id AS "lineId"
       FROM (SELECT 1) one LEFT JOIN hq_member_notice_prefs p ON p.member_id = $1`,
      [memberId],
    );
    const m = who.rows[0]!;
    const channel: NoticeChannel = m.channel ?? 'email';
    const address = (channel === 'email' ? m.email : channel === 'sms' ? m.phone : m.lineId)?.trim() || null;
    const reachable = channel === 'email' ? this.mailTransport !== null && this.mail !== undefined : this.providers[channel] !== undefined;
    // A late row is still written: a later return or post-void finds its sale's member by it.
    const status: NoticeStatus = late ? 'too-old' : m.optedOut ? 'opted-out' : address && reachable ? 'pending' : 'no-address';
    const lastError =
      status === 'no-address'
        ? address
          ? `no ${channel === 'email' ? 'mail (SMTP)' : `${channel} provider`} is configured at HQ`
          : `member ${memberId} has no ${channel === 'email' ? 'e-mail' : channel === 'sms' ? 'phone number' : 'LINE id'} at HQ`
        : null;
    const r = await client.query(
      `INSERT INTO hq_member_notices (terminal_id, seq, kind, sale_id, member_id, business_day, amount, currency, channel, address, status, last_error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (terminal_id, seq) DO NOTHING`,
      [
        terminalId,
        seq,
        subject.kind,
        subject.saleId,
        memberId,
        businessDay,
        subject.amount,
        currency ?? 'TWD',
        channel,
        address,
        status,
        lastError,
      ],
    );
    return (r.rowCount ?? 0) > 0;
  }

  /** The signed "this wasn't me" link of a notice. */
  link(terminalId: string, seq: number, memberId: string): { url: string; expiresAt: string } {
    const expiresAt = Math.floor(this.now() / 1000) + this.config.linkDays * 86_400;
    const token = signNoticeToken({ terminalId, seq, memberId, expiresAt }, this.secret);
    return {
      url: `${this.config.publicUrl.replace(/\/+$/, '')}/notices/not-me?t=${token}`,
      expiresAt: new Date(expiresAt * 1000).toISOString(),
    };
  }

  /** Sends every pending notice that is due. Returns how many were sent. */
  async deliverDue(limit = 20): Promise<number> {
    const claimed = await this.pool.query<{ terminalId: string; seq: string; channel: NoticeChannel; address: string; attempts: number }>(
      `UPDATE hq_member_notices m SET next_attempt_at = now() + make_interval(secs => ${LEASE_MS / 1000})
       FROM (SELECT terminal_id, seq FROM hq_member_notices WHERE status = 'pending' AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
       WHERE m.terminal_id = due.terminal_id AND m.seq = due.seq
       RETURNING m.terminal_id AS "terminalId", m.seq, m.channel, m.address, m.attempts`,
      [limit],
    );
    let sent = 0;
    for (const row of claimed.rows) {
      const seq = Number(row.seq);
      try {
        const messageId = await this.send(row.terminalId, seq, row.channel, row.address);
        await this.pool.query(
          `UPDATE hq_member_notices SET status = 'sent', attempts = attempts + 1, sent_at = now(), message_id = $3, last_error = NULL WHERE terminal_id = $1 AND seq = $2`,
          [row.terminalId, seq, messageId],
        );
        sent++;
      } catch (e) {
        const attempts = row.attempts + 1;
        const error = errorMessage(e).slice(0, 1000);
        if (attempts >= this.config.maxAttempts) {
          await this.pool.query(
            `UPDATE hq_member_notices SET status = 'failed', attempts = $3, last_error = $4 WHERE terminal_id = $1 AND seq = $2`,
            [row.terminalId, seq, attempts, error],
          );
          this.log.error(`member notice ${row.terminalId} #${seq} by ${row.channel} failed for good after ${attempts} attempts: ${error}`);
        } else {
          const delay = backoffDelay(attempts, { baseMs: this.config.retryBaseMs, maxMs: this.config.retryMaxMs, factor: 2 }, this.random);
          await this.pool.query(
            `UPDATE hq_member_notices SET attempts = $3, last_error = $4, next_attempt_at = now() + make_interval(secs => $5::double precision / 1000) WHERE terminal_id = $1 AND seq = $2`,
            [row.terminalId, seq, attempts, error, delay],
          );
        }
      }
    }
    return sent;
  }

  private async send(terminalId: string, seq: number, channel: NoticeChannel, address: string): Promise<string> {
    const evidence = await noticeEvidence(this.pool, terminalId, seq);
    if (!evidence) throw new Error(`entry ${seq} of terminal ${terminalId} (or the sale it is about) is not stored at HQ`);
    const { facts } = evidence;
    const link = this.link(terminalId, seq, facts.memberId);
    const notice = renderMemberNotice(facts, {
      ...noticeStyle(this.config, this.mail, facts.storeId),
      link: link.url,
      linkExpiresAt: link.expiresAt,
    });
    const messageId = `<notice.${terminalId}.${seq}@tillproof>`;
    if (channel === 'email') {
      if (!this.mailTransport || !this.mail) throw new Error('no mail (SMTP) is configured at HQ');
      const info = await this.mailTransport.send({
        to: address,
        from: this.mail.from,
        subject: notice.subject,
        text: notice.text,
        html: notice.html,
        messageId,
        headers: { 'X-Tillproof-Notice': `${terminalId}/${seq}`, 'X-Tillproof-Total': `${facts.amount} ${facts.currency}` },
        attachments: [],
      });
      return info.messageId;
    }
    const provider = this.providers[channel];
    if (!provider) throw new Error(`no ${channel} provider is configured at HQ`);
    return (await provider.send({ channel, to: address, text: notice.short, messageId })).messageId;
  }

  /** Scans and delivers every `pollMs` until stop(). Never throws: a failure is logged and retried. */
  start(): void {
    if (this.loop) return;
    const signal = this.stopping.signal;
    this.loop = runWorkerLoop(
      signal,
      this.config.pollMs,
      async () => {
        await this.scan();
        await this.deliverDue();
      },
      (e) => this.log.error(`member notices: ${errorMessage(e)}`),
    );
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    this.mailTransport?.close();
    for (const p of Object.values(this.providers)) p.close();
  }
}

/** Sets how a member is told (HQ only; never published to terminals). Fields not given keep their value. */
export async function setNoticePreferences(
  pool: pg.Pool,
  input: { memberId: string; channel?: NoticeChannel; optedOut?: boolean; phone?: string | null; lineUserId?: string | null },
): Promise<void> {
  await pool.query(
    `INSERT INTO hq_member_notice_prefs AS p (member_id, channel, opted_out, phone, line_user_id)
     VALUES ($1, COALESCE($2, 'email'), COALESCE($3, false), $4, $5)
     ON CONFLICT (member_id) DO UPDATE SET channel = COALESCE($2, p.channel), opted_out = COALESCE($3, p.opted_out),
       phone = CASE WHEN $6 THEN $4 ELSE p.phone END, line_user_id = CASE WHEN $7 THEN $5 ELSE p.line_user_id END, updated_at = now()`,
    [
      input.memberId,
      input.channel ?? null,
      input.optedOut ?? null,
      input.phone ?? null,
      input.lineUserId ?? null,
      input.phone !== undefined,
      input.lineUserId !== undefined,
    ],
  );
}

export async function listMemberNotices(
  pool: pg.Pool,
  options: { status?: NoticeStatus; memberId?: string; limit?: number } = {},
): Promise<NoticeRow[]> {
  const r = await pool.query<
    Omit<NoticeRow, 'seq' | 'amount' | 'createdAt' | 'sentAt'> & { seq: string; amount: string; createdAt: Date; sentAt: Date | null }
  >(
    `SELECT terminal_id AS "terminalId", seq, kind, member_id AS "memberId", channel, address, amount, currency, status, attempts,
            last_error AS "lastError", created_at AS "createdAt", sent_at AS "sentAt"
     FROM hq_member_notices WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR member_id = $2)
     ORDER BY created_at DESC, terminal_id, seq DESC LIMIT $3`,
    [options.status ?? null, options.memberId ?? null, options.limit ?? 100],
  );
  return r.rows.map((x) => ({
    ...x,
    seq: Number(x.seq),
    amount: Number(x.amount),
    createdAt: x.createdAt.toISOString(),
    sentAt: x.sentAt ? x.sentAt.toISOString() : null,
  }));
}
