import type pg from 'pg';
import type { EntryBody } from '../../core/ledger/bodies.ts';
import { errorMessage } from '../../core/shared/errors.ts';
import { processLogger, type Logger } from '../../platform/logger.ts';
import type { EInvoiceConfig } from '../config.ts';
import { runWorkerLoop, scanNewEntries } from '../entry-scan.ts';
import type { IncidentLog } from '../incidents.ts';
import { migDate, periodCode, periodOfDate } from './fields.ts';
import { saleInvoiceMessage, saleVoidMessage } from './sale-invoices.ts';
import { allValid, assertValid } from './schema.ts';
import { documentFile, writeUpload, type DocumentMessage, type UploadFile } from './uploads.ts';
import { EInvoiceError } from './xml.ts';

// HQ making the upload files on its own (issue #17): as the tills' entries arrive, a worker in the
// HQ process reads the stored, verified entries of each terminal after its cursor (entry-scan.ts,
// table hq_einvoice_upload_scan), in seq order, and writes an F0401 for every e-invoice sale and
// an F0501 for every post-void of one into the Turnkey folder, tracked in hq_einvoice_uploads. A
// terminal's files are written in the order it issued its numbers. Exactly once: the uploads
// table is unique per message and document, so a rescan, a re-sent batch or a second HQ process
// finds the file written and moves on. An entry that cannot become a valid file (a control
// character in a product name, say) is reported as an incident and skipped; its file is missing
// until a person writes it.

// A file that cannot be valid never will be: reported and skipped. Anything else (the Turnkey
// folder not writable, the database gone) fails the round, which is tried again.
const REFUSALS: ReadonlySet<string> = new Set(['einvoice.invalid-text', 'einvoice.invalid-input', 'einvoice.schema']);
const isRefusal = (e: unknown): e is EInvoiceError => e instanceof EInvoiceError && REFUSALS.has(e.code);

interface ScannedEntry {
  seq: string;
  kind: 'sale' | 'void';
  body: string;
  endedAt: string;
}

/** An entry with the file it calls for (null: none, or already written), or why it gives none. */
interface PreparedEntry {
  seq: string;
  file: UploadFile | null;
  refusal: EInvoiceError | null;
}

export interface InvoiceUploaderOptions {
  pool: pg.Pool;
  config: EInvoiceConfig & { uploads: NonNullable<EInvoiceConfig['uploads']> };
  incidents?: IncidentLog;
  log?: Logger;
}

export class InvoiceUploader {
  private readonly pool: pg.Pool;
  private readonly config: InvoiceUploaderOptions['config'];
  private readonly incidents: IncidentLog | undefined;
  private readonly log: Logger;
  private readonly stopping = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(options: InvoiceUploaderOptions) {
    this.pool = options.pool;
    this.config = options.config;
    this.incidents = options.incidents;
    this.log = options.log ?? processLogger().child({ component: 'einvoice' });
  }

  /** One round: every terminal's new e-invoice sales and voids into files. Returns how many files were written. */
  scan(): Promise<number> {
    return scanNewEntries<PreparedEntry>(this.pool, {
      table: 'hq_einvoice_upload_scan',
      read: async (client, terminalId, after, upTo, limit) => {
        const rows = (
          await client.query<ScannedEntry>(
            `SELECT seq, kind, body, ended_at AS "endedAt" FROM ledger_entries
             WHERE terminal_id = $1 AND seq > $2 AND seq <= $3 AND kind IN ('sale', 'void') ORDER BY seq LIMIT ${limit}`,
            [terminalId, after, upTo],
          )
        ).rows;
        return this.prepare(client, terminalId, rows);
      },
      handle: async (_client, terminalId, e) => {
        if (e.refusal) {
          await this.refused(terminalId, Number(e.seq), e.refusal);
          return false;
        }
        return e.file !== null && (await this.write(e.file));
      },
    });
  }

  /**
   * The files a page of entries calls for, those not written yet checked against their schemas in
   * one run per message type (one file at a time only to find the culprit when a run fails).
   */
  private async prepare(client: pg.PoolClient, terminalId: string, rows: readonly ScannedEntry[]): Promise<PreparedEntry[]> {
    const prepared: PreparedEntry[] = [];
    for (const e of rows) {
      try {
        const message = await this.messageOf(client, terminalId, e);
        prepared.push({ seq: e.seq, file: message && documentFile(message), refusal: null });
      } catch (err) {
        if (!isRefusal(err)) throw err;
        prepared.push({ seq: e.seq, file: null, refusal: err });
      }
    }
    const files = prepared.flatMap((p) => (p.file ? [p.file] : []));
    const written = new Set(
      (
        await client.query<{ key: string }>(
          `SELECT message_type || ' ' || document AS key FROM hq_einvoice_uploads WHERE seller_ubn = $1 AND document = ANY($2::text[])`,
          [this.config.sellerUbn, files.map((f) => f.document)],
        )
      ).rows.map((r) => r.key),
    );
    const fresh = (p: PreparedEntry) => p.file !== null && !written.has(`${p.file.messageType} ${p.file.document}`);
    for (const p of prepared) if (p.file && !fresh(p)) p.file = null;
    for (const type of new Set(prepared.flatMap((p) => (p.file ? [p.file.messageType] : [])))) {
      const ofType = prepared.filter((p) => p.file?.messageType === type);
      if (
        await allValid(
          type,
          ofType.map((p) => p.file!.xml),
        )
      )
        continue;
      for (const p of ofType) {
        try {
          await assertValid(type, p.file!.xml);
        } catch (err) {
          if (!isRefusal(err)) throw err;
          p.file = null;
          p.refusal = err;
        }
      }
    }
    return prepared;
  }

  /** The message an entry calls for, or null (no e-invoice, a line void, a void of another period). */
  private async messageOf(client: pg.PoolClient, terminalId: string, e: ScannedEntry): Promise<DocumentMessage | null> {
    const seller = { ubn: this.config.sellerUbn, name: this.config.uploads.sellerName };
    if (e.kind === 'sale') return saleInvoiceMessage(JSON.parse(e.body) as EntryBody<'sale'>, e.endedAt, seller);
    const body = JSON.parse(e.body) as EntryBody<'void'>;
    if (body.scope !== 'post-void') return null;
    const sale = await client.query<{ body: string; endedAt: string }>(
      `SELECT body, ended_at AS "endedAt" FROM ledger_entries
       WHERE terminal_id = $1 AND seq < $2 AND kind = 'sale' AND body::jsonb ->> 'saleId' = $3 ORDER BY seq DESC LIMIT 1`,
      [terminalId, e.seq, body.saleId],
    );
    const row = sale.rows[0];
    const invoice = row ? (JSON.parse(row.body) as EntryBody<'sale'>).einvoice : undefined;
    if (!row || !invoice) return null;
    // A sale voided in a later period is taken back with an allowance (G0401), not a void.
    if (periodCode(periodOfDate(migDate(e.endedAt, 'voidedAt'))) !== invoice.period)
      throw new EInvoiceError(
        'einvoice.invalid-input',
        `invoice ${invoice.number} of ${invoice.period} was voided in a later period: it needs an allowance (G0401), not a void`,
        { field: 'period' },
      );
    const buyerUbn = invoice.buyer?.kind === 'ubn' ? invoice.buyer.value : null;
    return saleVoidMessage(body, e.endedAt, { invoiceNumber: invoice.number, issuedAt: row.endedAt, buyerUbn }, this.config.sellerUbn);
  }

  /** Writes the (validated) file; false when it was already written (another HQ process). */
  private async write(file: UploadFile): Promise<boolean> {
    try {
      await writeUpload(this.pool, this.config.turnkeyDir, file, { validated: true });
      return true;
    } catch (e) {
      if (e instanceof EInvoiceError && e.code === 'einvoice.duplicate') return false;
      throw e;
    }
  }

  private async refused(terminalId: string, seq: number, err: EInvoiceError): Promise<void> {
    const message = `entry ${seq} of terminal ${terminalId} gives no valid e-invoice file, none was written: ${err.message}`;
    this.log.error(message);
    await this.incidents?.record({ kind: 'einvoice-refused', terminalId, seq, message, details: { code: err.code, ...err.details } });
  }

  /** Scans every `uploads.pollMs` until stop(). Never throws: a failed round is logged and tried again. */
  start(): void {
    if (this.loop) return;
    this.loop = runWorkerLoop(
      this.stopping.signal,
      this.config.uploads.pollMs,
      async () => {
        await this.scan();
      },
      (e) => this.log.error(`e-invoice uploads: ${errorMessage(e)}`),
    );
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }
}
