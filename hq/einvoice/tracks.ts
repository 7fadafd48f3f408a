import type pg from 'pg';
import { blankNumbersXml, unusedRanges, type BlankNumbersReport, type NumberRange } from './blank-numbers-message.ts';
import { blankNumbersDeadline } from './deadlines.ts';
import { isInvoiceNumber } from '../../core/fiscal/tw-einvoice/invoice-number.ts';
import { checkUbn, migDate, periodCode, periodEnd, periodOfDate, type InvoicePeriod } from './fields.ts';
import { writeUpload, type UploadRecord } from './uploads.ts';
import { EInvoiceError } from './xml.ts';

// Invoice number tracks (字軌): MOF assigns a business tracks per two-month period (two letters
// and numbers in blocks of 50); HQ records them and gives each terminal ranges no other terminal
// has, in blocks of 50, lowest numbers first. After the period, the numbers nobody used are
// reported in one E0402 file per track.

export const BLOCK = 50;

export interface TrackInput {
  readonly sellerUbn: string;
  readonly period: InvoicePeriod;
  readonly letters: string;
  readonly start: number;
  readonly end: number;
  readonly invoiceType?: '07' | '08';
}

export interface Track {
  readonly trackId: number;
  readonly sellerUbn: string;
  readonly period: string;
  readonly invoiceType: '07' | '08';
  readonly letters: string;
  readonly start: number;
  readonly end: number;
  /** How many of its numbers are assigned to terminals. */
  readonly assigned: number;
}

export interface AssignedRange {
  readonly trackId: number;
  readonly terminalId: string;
  readonly letters: string;
  readonly start: number;
  readonly end: number;
}

function trackError(message: string): never {
  throw new EInvoiceError('einvoice.track', message);
}

const eight = (n: number) => String(n).padStart(8, '0');

/** Records a track; refuses one not in blocks of 50 or overlapping a track of the same letters and period. */
export async function addTrack(pool: pg.Pool, t: TrackInput): Promise<Track> {
  checkUbn(t.sellerUbn, 'seller UBN');
  if (!/^[A-Z]{2}$/.test(t.letters)) trackError(`track letters "${t.letters}" are not 2 capital letters`);
  if (!Number.isSafeInteger(t.start) || !Number.isSafeInteger(t.end) || t.start < 0 || t.end > 99_999_999 || t.end <= t.start)
    trackError(`${t.start}-${t.end} is not a range of 8-digit numbers`);
  if (t.start % BLOCK !== 0 || (t.end + 1) % BLOCK !== 0)
    trackError(
      `MOF assigns numbers in blocks of ${BLOCK}: a track starts at ..00 or ..50 and ends at ..49 or ..99, not ${eight(t.start)}-${eight(t.end)}`,
    );
  const period = periodCode(t.period);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      await client.query('LOCK TABLE hq_einvoice_tracks IN SHARE ROW EXCLUSIVE MODE');
      const overlap = await client.query<{ start_no: number; end_no: number }>(
        `SELECT start_no, end_no FROM hq_einvoice_tracks WHERE period = $1 AND letters = $2 AND start_no <= $4 AND end_no >= $3`,
        [period, t.letters, t.start, t.end],
      );
      const o = overlap.rows[0];
      if (o)
        trackError(
          `${t.letters}${eight(t.start)}-${eight(t.end)} overlaps track ${t.letters}${eight(o.start_no)}-${eight(o.end_no)} of ${period}`,
        );
      const r = await client.query<{ track_id: string }>(
        `INSERT INTO hq_einvoice_tracks (seller_ubn, period, invoice_type, letters, start_no, end_no) VALUES ($1, $2, $3, $4, $5, $6) RETURNING track_id`,
        [t.sellerUbn, period, t.invoiceType ?? '07', t.letters, t.start, t.end],
      );
      await client.query('COMMIT');
      return {
        trackId: Number(r.rows[0]!.track_id),
        sellerUbn: t.sellerUbn,
        period,
        invoiceType: t.invoiceType ?? '07',
        letters: t.letters,
        start: t.start,
        end: t.end,
        assigned: 0,
      };
    } catch (e) {
      await client.query('ROLLBACK');
      throw e;
    }
  } finally {
    client.release();
  }
}

/** The tracks of a period (all periods without one), with how much of each is assigned. */
export async function listTracks(pool: pg.Pool, period?: InvoicePeriod): Promise<Track[]> {
  const r = await pool.query<{
    track_id: string;
    seller_ubn: string;
    period: string;
    invoice_type: '07' | '08';
    letters: string;
    start_no: number;
    end_no: number;
    assigned: string;
  }>(
    `SELECT t.*, COALESCE((SELECT SUM(end_no - start_no + 1) FROM hq_einvoice_ranges r WHERE r.track_id = t.track_id), 0) AS assigned
     FROM hq_einvoice_tracks t WHERE $1::text IS NULL OR t.period = $1 ORDER BY t.period, t.letters, t.start_no`,
    [period ? periodCode(period) : null],
  );
  return r.rows.map((t) => ({
    trackId: Number(t.track_id),
    sellerUbn: t.seller_ubn,
    period: t.period,
    invoiceType: t.invoice_type,
    letters: t.letters,
    start: t.start_no,
    end: t.end_no,
    assigned: Number(t.assigned),
  }));
}

/** The free spans of a track given its assigned ranges (sorted by start). */
function freeSpans(track: NumberRange, assigned: readonly NumberRange[]): NumberRange[] {
  const out: NumberRange[] = [];
  let next = track.start;
  for (const a of assigned) {
    if (a.start > next) out.push({ start: next, end: a.start - 1 });
    next = Math.max(next, a.end + 1);
  }
  if (next <= track.end) out.push({ start: next, end: track.end });
  return out;
}

/**
 * Gives a terminal `count` numbers of the period (a multiple of 50), lowest free numbers first,
 * possibly as several ranges across tracks; refuses when the period's tracks have fewer left.
 */
export async function assignRange(
  pool: pg.Pool,
  a: { period: InvoicePeriod; terminalId: string; count: number },
): Promise<AssignedRange[]> {
  if (!Number.isSafeInteger(a.count) || a.count <= 0 || a.count % BLOCK !== 0)
    throw new EInvoiceError('einvoice.range', `assign numbers in blocks of ${BLOCK} (50, 100, ...), not ${a.count}`);
  if (!/^[\w.-]{1,64}$/.test(a.terminalId)) throw new EInvoiceError('einvoice.range', `"${a.terminalId}" is not a terminal id`);
  const period = periodCode(a.period);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      // One assignment at a time: two terminals must never get the same numbers.
      await client.query('LOCK TABLE hq_einvoice_ranges IN SHARE ROW EXCLUSIVE MODE');
      const tracks = await client.query<{ track_id: string; letters: string; start_no: number; end_no: number }>(
        `SELECT track_id, letters, start_no, end_no FROM hq_einvoice_tracks WHERE period = $1 ORDER BY letters, start_no`,
        [period],
      );
      if (tracks.rows.length === 0) throw new EInvoiceError('einvoice.range', `no tracks recorded for ${period}: add one first`);
      const ranges = await client.query<{ track_id: string; start_no: number; end_no: number }>(
        `SELECT r.track_id, r.start_no, r.end_no FROM hq_einvoice_ranges r JOIN hq_einvoice_tracks t USING (track_id)
         WHERE t.period = $1 ORDER BY r.start_no`,
        [period],
      );
      let left = a.count;
      const taken: AssignedRange[] = [];
      for (const t of tracks.rows) {
        const assigned = ranges.rows.filter((r) => r.track_id === t.track_id).map((r) => ({ start: r.start_no, end: r.end_no }));
        for (const span of freeSpans({ start: t.start_no, end: t.end_no }, assigned)) {
          if (left === 0) break;
          const size = Math.min(left, span.end - span.start + 1);
          taken.push({
            trackId: Number(t.track_id),
            terminalId: a.terminalId,
            letters: t.letters,
            start: span.start,
            end: span.start + size - 1,
          });
          left -= size;
        }
      }
      if (left > 0)
        throw new EInvoiceError('einvoice.range', `only ${a.count - left} numbers are left in the tracks of ${period}; add a track first`);
      for (const r of taken)
        await client.query(`INSERT INTO hq_einvoice_ranges (track_id, terminal_id, start_no, end_no) VALUES ($1, $2, $3, $4)`, [
          r.trackId,
          r.terminalId,
          r.start,
          r.end,
        ]);
      await client.query('COMMIT');
      return taken;
    } catch (e) {
      await client.query('ROLLBACK');
      throw e;
    }
  } finally {
    client.release();
  }
}

/** The ranges assigned in a period, by terminal. */
export async function listRanges(pool: pg.Pool, period: InvoicePeriod): Promise<AssignedRange[]> {
  const r = await pool.query<{ track_id: string; terminal_id: string; letters: string; start_no: number; end_no: number }>(
    `SELECT r.track_id, r.terminal_id, t.letters, r.start_no, r.end_no FROM hq_einvoice_ranges r JOIN hq_einvoice_tracks t USING (track_id)
     WHERE t.period = $1 ORDER BY t.letters, r.start_no`,
    [periodCode(period)],
  );
  return r.rows.map((x) => ({
    trackId: Number(x.track_id),
    terminalId: x.terminal_id,
    letters: x.letters,
    start: x.start_no,
    end: x.end_no,
  }));
}

/** The E0402 reports of a period: per track, its numbers not in `used` (invoice numbers like AB11223344). */
export async function blankNumberReports(
  pool: pg.Pool,
  period: InvoicePeriod,
  used: Iterable<string>,
): Promise<(BlankNumbersReport & { readonly trackStart: number })[]> {
  const byLetters = new Map<string, number[]>();
  for (const n of used) {
    if (!isInvoiceNumber(n)) throw new EInvoiceError('einvoice.invalid-input', `"${n}" is not an invoice number`, { field: 'used' });
    const list = byLetters.get(n.slice(0, 2)) ?? [];
    list.push(Number(n.slice(2)));
    byLetters.set(n.slice(0, 2), list);
  }
  const tracks = await listTracks(pool, period);
  // A number no track of the period holds means a terminal issued from the wrong period or track:
  // reporting the rest as blank would hide it.
  for (const [letters, numbers] of byLetters)
    for (const n of numbers)
      if (!tracks.some((t) => t.letters === letters && t.start <= n && n <= t.end))
        throw new EInvoiceError(
          'einvoice.track',
          `${letters}${eight(n)} is in no track of ${periodCode(period)}: check the terminal that used it`,
        );
  return tracks
    .map((t) => ({
      headUbn: t.sellerUbn,
      branchUbn: t.sellerUbn,
      invoiceType: t.invoiceType,
      period,
      track: t.letters,
      trackStart: t.start,
      ranges: unusedRanges({ start: t.start, end: t.end }, byLetters.get(t.letters) ?? []),
    }))
    .filter((r) => r.ranges.length > 0);
}

/**
 * Writes the E0402 files of a closed period into the Turnkey folder (one per track with unused
 * numbers). `used`: every number the terminals issued in the period (voided ones too: a voided
 * number was used).
 */
export async function writeBlankNumberFiles(
  pool: pg.Pool,
  root: string,
  a: { period: InvoicePeriod; used: Iterable<string>; now?: Date },
): Promise<UploadRecord[]> {
  const now = a.now ?? new Date();
  if (periodEnd(a.period).getTime() > now.getTime())
    throw new EInvoiceError('einvoice.track', `period ${periodCode(a.period)} is not over yet: report its unused numbers after it closes`);
  const reports = await blankNumberReports(pool, a.period, a.used);
  const out: UploadRecord[] = [];
  for (const r of reports) {
    out.push(
      await writeUpload(pool, root, {
        messageType: 'E0402',
        document: `${r.branchUbn}-${periodCode(r.period)}-${r.track}${eight(r.trackStart)}`,
        sellerUbn: r.branchUbn,
        eventAt: periodEnd(r.period).toISOString(),
        deadline: blankNumbersDeadline(r.period),
        xml: blankNumbersXml(r),
      }),
    );
  }
  return out;
}

/** A range as a terminal records it (core/fiscal/tw-einvoice/number-ranges.ts), with its period. */
export interface TerminalRange {
  readonly period: string;
  readonly track: string;
  readonly from: string;
  readonly to: string;
}

/**
 * The ranges assigned to a terminal in periods not yet over at `now` (the current one and any
 * later), as sync delivers them: by period, letters and first number, the order the till issues them.
 */
export async function terminalRanges(pool: pg.Pool, terminalId: string, now = new Date()): Promise<TerminalRange[]> {
  const current = periodCode(periodOfDate(migDate(now.toISOString(), 'now')));
  const r = await pool.query<{ period: string; letters: string; start_no: number; end_no: number }>(
    `SELECT t.period, t.letters, r.start_no, r.end_no FROM hq_einvoice_ranges r JOIN hq_einvoice_tracks t USING (track_id)
     WHERE r.terminal_id = $1 AND t.period >= $2 ORDER BY t.period, t.letters, r.start_no`,
    [terminalId, current],
  );
  return r.rows.map((x) => ({ period: x.period, track: x.letters, from: eight(x.start_no), to: eight(x.end_no) }));
}
