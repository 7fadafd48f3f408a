import { createHash } from 'node:crypto';
import type pg from 'pg';
import { allowanceXml, type AllowanceIssue } from './allowance-message.ts';
import {
  allowanceVoidXml,
  invoiceCancelXml,
  invoiceVoidXml,
  type AllowanceVoid,
  type InvoiceCancel,
  type InvoiceVoid,
} from './cancel-messages.ts';
import { documentDeadline } from './deadlines.ts';
import { invoiceXml, type InvoiceIssue } from './invoice-message.ts';
import { assertValid, MESSAGE_TYPES, type MessageType } from './schema.ts';
import { locateUploadFiles, uploadFileName, writeUploadFile, type FileLocation } from './turnkey-folder.ts';
import { EInvoiceError } from './xml.ts';

// The files HQ hands to the Turnkey client and what became of them (hq_einvoice_uploads): each
// message is built, validated against its schema, recorded and written in one transaction (a file
// that fails to write leaves no row; a second file for the same document is refused), and later
// followed through Turnkey's folders: picked up from SRC, accepted (BAK) or refused (ERR).

export type UploadStatus = 'written' | 'picked-up' | 'accepted' | 'rejected';
export const UPLOAD_STATUSES: readonly UploadStatus[] = ['written', 'picked-up', 'accepted', 'rejected'];

export interface UploadRecord {
  readonly uploadId: number;
  readonly messageType: MessageType;
  readonly sellerUbn: string;
  readonly document: string;
  readonly fileName: string;
  readonly sha256: string;
  readonly eventAt: string;
  readonly deadline: string;
  readonly status: UploadStatus;
  readonly writtenAt: string;
  readonly pickedUpAt: string | null;
  readonly resultAt: string | null;
  /** Past its deadline and not taken by Turnkey (still in SRC, or refused). */
  readonly overdue: boolean;
}

/** A file to write: its message type, document key, seller, event time, deadline and XML. */
export interface UploadFile {
  readonly messageType: MessageType;
  readonly document: string;
  readonly sellerUbn: string;
  readonly eventAt: string;
  readonly deadline: Date;
  readonly xml: string;
}

/** One message about an invoice or allowance, as the till side will hand it to HQ. */
export type DocumentMessage =
  | { readonly type: 'F0401'; readonly issue: InvoiceIssue }
  | { readonly type: 'F0501'; readonly void: InvoiceVoid }
  | { readonly type: 'F0701'; readonly cancel: InvoiceCancel }
  | { readonly type: 'G0401'; readonly allowance: AllowanceIssue }
  | { readonly type: 'G0501'; readonly void: AllowanceVoid };

/** The file of a message: its XML, document key and deadline. */
export function documentFile(m: DocumentMessage): UploadFile {
  switch (m.type) {
    case 'F0401': {
      const i = m.issue;
      const deadline = documentDeadline({ eventAt: i.issuedAt, buyerHasUbn: i.buyer !== null });
      return { messageType: m.type, document: i.invoiceNumber, sellerUbn: i.seller.ubn, eventAt: i.issuedAt, deadline, xml: invoiceXml(i) };
    }
    case 'F0501':
    case 'F0701': {
      const v = m.type === 'F0501' ? m.void : m.cancel;
      const xml = m.type === 'F0501' ? invoiceVoidXml(m.void) : invoiceCancelXml(m.cancel);
      const deadline = documentDeadline({ eventAt: v.at, buyerHasUbn: v.buyerUbn !== null });
      return { messageType: m.type, document: v.invoiceNumber, sellerUbn: v.sellerUbn, eventAt: v.at, deadline, xml };
    }
    case 'G0401': {
      const a = m.allowance;
      const deadline = documentDeadline({ eventAt: a.issuedAt, buyerHasUbn: a.buyer !== null });
      return {
        messageType: m.type,
        document: a.allowanceNumber,
        sellerUbn: a.seller.ubn,
        eventAt: a.issuedAt,
        deadline,
        xml: allowanceXml(a),
      };
    }
    case 'G0501': {
      const v = m.void;
      const deadline = documentDeadline({ eventAt: v.at, buyerHasUbn: v.buyerUbn !== null });
      return {
        messageType: m.type,
        document: v.allowanceNumber,
        sellerUbn: v.sellerUbn,
        eventAt: v.at,
        deadline,
        xml: allowanceVoidXml(v),
      };
    }
  }
}

interface UploadRow {
  upload_id: string;
  message_type: MessageType;
  seller_ubn: string;
  document: string;
  file_name: string;
  sha256: string;
  event_at: Date;
  deadline: Date;
  status: UploadStatus;
  written_at: Date;
  picked_up_at: Date | null;
  result_at: Date | null;
}

function toRecord(r: UploadRow, now: Date): UploadRecord {
  return {
    uploadId: Number(r.upload_id),
    messageType: r.message_type,
    sellerUbn: r.seller_ubn,
    document: r.document,
    fileName: r.file_name,
    sha256: r.sha256,
    eventAt: r.event_at.toISOString(),
    deadline: r.deadline.toISOString(),
    status: r.status,
    writtenAt: r.written_at.toISOString(),
    pickedUpAt: r.picked_up_at?.toISOString() ?? null,
    resultAt: r.result_at?.toISOString() ?? null,
    overdue: (r.status === 'written' || r.status === 'rejected') && r.deadline.getTime() < now.getTime(),
  };
}

/**
 * Validates, records and writes one file into the Turnkey folder under `root`. `validated`: the
 * caller has already checked this very XML against its schema (allValid, for a batch of files).
 */
export async function writeUpload(
  pool: pg.Pool,
  root: string,
  file: UploadFile,
  options: { validated?: boolean } = {},
): Promise<UploadRecord> {
  if (!options.validated) await assertValid(file.messageType, file.xml);
  const fileName = uploadFileName(file.messageType, file.document);
  const sha256 = createHash('sha256').update(file.xml, 'utf8').digest('hex');
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      const inserted = await client.query<UploadRow>(
        `INSERT INTO hq_einvoice_uploads (message_type, seller_ubn, document, file_name, sha256, event_at, deadline)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING *`,
        [file.messageType, file.sellerUbn, file.document, fileName, sha256, file.eventAt, file.deadline],
      );
      const row = inserted.rows[0];
      if (!row)
        throw new EInvoiceError('einvoice.duplicate', `${file.messageType} for ${file.document} was already written (${fileName})`, {
          fileName,
        });
      writeUploadFile(root, file.messageType, fileName, file.xml);
      await client.query('COMMIT');
      return toRecord(row, new Date());
    } catch (e) {
      await client.query('ROLLBACK');
      throw e;
    }
  } finally {
    client.release();
  }
}

/** Writes the file of an invoice or allowance message. */
export async function uploadDocument(pool: pg.Pool, root: string, message: DocumentMessage): Promise<UploadRecord> {
  return writeUpload(pool, root, documentFile(message));
}

const NEXT: Readonly<Record<Exclude<FileLocation, 'src'>, UploadStatus>> = {
  gone: 'picked-up',
  accepted: 'accepted',
  rejected: 'rejected',
};

/** Follows every file not yet accepted through Turnkey's folders; returns how many changed status. */
export async function refreshUploadStatuses(pool: pg.Pool, root: string, now = new Date()): Promise<number> {
  const open = await pool.query<{ upload_id: string; message_type: MessageType; file_name: string; status: UploadStatus }>(
    `SELECT upload_id, message_type, file_name, status FROM hq_einvoice_uploads WHERE status <> 'accepted'`,
  );
  let changed = 0;
  for (const type of MESSAGE_TYPES) {
    const rows = open.rows.filter((r) => r.message_type === type);
    if (rows.length === 0) continue;
    const where = locateUploadFiles(
      root,
      type,
      rows.map((r) => r.file_name),
    );
    for (const r of rows) {
      const location = where.get(r.file_name)!;
      const status = location === 'src' ? 'written' : NEXT[location];
      // A file gone from SRC stays picked up until a result shows; a refused one stays refused.
      if (status === r.status || (status === 'picked-up' && r.status === 'rejected')) continue;
      await pool.query(
        `UPDATE hq_einvoice_uploads SET status = $2,
           picked_up_at = CASE WHEN $2 = 'written' THEN NULL ELSE COALESCE(picked_up_at, $3) END,
           result_at = CASE WHEN $2 IN ('accepted', 'rejected') THEN $3 ELSE NULL END
         WHERE upload_id = $1`,
        [r.upload_id, status, now],
      );
      changed++;
    }
  }
  return changed;
}

export interface UploadQuery {
  /** Only files not yet accepted by Turnkey (written, picked up, or refused). */
  readonly pending?: boolean;
  /** Only overdue files (past the deadline, still in SRC or refused). */
  readonly overdue?: boolean;
  readonly status?: UploadStatus;
  readonly limit?: number;
  readonly now?: Date;
}

/** Uploads by deadline, soonest first. */
export async function listUploads(pool: pg.Pool, q: UploadQuery = {}): Promise<UploadRecord[]> {
  const now = q.now ?? new Date();
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.pending) where.push(`status IN ('written', 'picked-up', 'rejected')`);
  if (q.overdue) {
    params.push(now);
    where.push(`status IN ('written', 'rejected') AND deadline < $${params.length}`);
  }
  if (q.status) {
    params.push(q.status);
    where.push(`status = $${params.length}`);
  }
  params.push(q.limit ?? 100);
  const rows = await pool.query<UploadRow>(
    `SELECT * FROM hq_einvoice_uploads ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY deadline, upload_id LIMIT $${params.length}`,
    params,
  );
  return rows.rows.map((r) => toRecord(r, now));
}
