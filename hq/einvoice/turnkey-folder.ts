import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { FileExistsError, writeFileDurably } from '../../platform/durable-file.ts';
import { join } from 'node:path';
import { errorMessage } from '../../core/shared/errors.ts';
import type { MessageType } from './schema.ts';
import { EInvoiceError } from './xml.ts';

// The Turnkey client's upload folder: MIG 4.x messages (the F and G series and E0402) go under
// <root>/UpCast/B2SSTORAGE/<message type>/. Turnkey takes files from SRC, checks them, keeps the
// ones it accepted under BAK/ (in dated sub-folders) and the ones it refused under ERR/. HQ writes
// each file atomically: into a temporary file beside SRC (never inside it, where Turnkey could take
// half a file), flushed to disk, then renamed into SRC; owner-only permissions throughout.

export const UPLOAD_FAMILY = 'B2SSTORAGE';

export function messageFolder(root: string, type: MessageType): string {
  return join(root, 'UpCast', UPLOAD_FAMILY, type);
}

export function srcFolder(root: string, type: MessageType): string {
  return join(messageFolder(root, type), 'SRC');
}

/** The file name for a document: message type and document key, letters, digits and '-' only. */
export function uploadFileName(type: MessageType, documentKey: string): string {
  if (!/^[0-9A-Za-z-]{1,64}$/.test(documentKey))
    throw new EInvoiceError('einvoice.invalid-input', `"${documentKey}" cannot name an upload file`, { field: 'document' });
  return `${type}_${documentKey}.xml`;
}

/** Writes `xml` as SRC/<fileName> atomically; returns the final path. An existing file of that name is refused. */
export function writeUploadFile(root: string, type: MessageType, fileName: string, xml: string): string {
  const src = srcFolder(root, type);
  const target = join(src, fileName);
  try {
    mkdirSync(src, { recursive: true, mode: 0o700 });
    writeFileDurably(target, xml, { exclusive: true, dirMode: 0o700, tempDir: messageFolder(root, type) });
    return target;
  } catch (e) {
    if (e instanceof FileExistsError)
      throw new EInvoiceError('einvoice.duplicate', `${target} is already waiting for Turnkey`, { fileName });
    throw new EInvoiceError('einvoice.folder', `cannot write ${fileName} into the Turnkey folder ${src}: ${errorMessage(e)}`, {
      fileName,
    });
  }
}

export type FileLocation = 'src' | 'accepted' | 'rejected' | 'gone';

function namesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((p) => p.split(/[\\/]/).pop()!);
}

/**
 * Where Turnkey has each of the files of one message type now. Turnkey may add a suffix to a name
 * it files under BAK or ERR, so a file there matches by the name without its ".xml".
 */
export function locateUploadFiles(root: string, type: MessageType, fileNames: readonly string[]): Map<string, FileLocation> {
  const folder = messageFolder(root, type);
  const inSrc = new Set(namesUnder(join(folder, 'SRC')));
  const bak = namesUnder(join(folder, 'BAK'));
  const err = namesUnder(join(folder, 'ERR'));
  const out = new Map<string, FileLocation>();
  for (const name of fileNames) {
    const stem = name.replace(/\.xml$/, '');
    const found = (names: string[]) => names.some((n) => n === name || n.startsWith(`${stem}_`) || n.startsWith(`${stem}.`));
    // ERR before BAK: a file refused after an earlier copy was accepted is a problem to show.
    out.set(name, inSrc.has(name) ? 'src' : found(err) ? 'rejected' : found(bak) ? 'accepted' : 'gone');
  }
  return out;
}
