// Each receipt the virtual printer cuts, written for preview: .txt (the text a cashier reads on
// the paper), .png (scannable barcodes and QR codes) and .bin (the bytes as received).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceLog } from '../../device.ts';
import { errorWithCode } from '../../error-message.ts';
import type { Printout } from '../../protocols/printout/printout.ts';
import { printoutToPng } from '../../protocols/printout/printout-png.ts';

export interface ReceiptFiles {
  text: string;
  png: string;
  bin: string;
}

/** Writes receipt-NNNN.txt/.png/.bin to `outDir`; a failed write is logged, never thrown. */
export function writeReceiptFiles(
  outDir: string,
  number: number,
  receipt: { printout: Printout; text: string; bytes: Uint8Array },
  log: DeviceLog,
): ReceiptFiles {
  const base = join(outDir, `receipt-${String(number).padStart(4, '0')}`);
  const files = { text: `${base}.txt`, png: `${base}.png`, bin: `${base}.bin` };
  try {
    // A receipt names the member and what they bought: the owner's only.
    writeFileSync(files.text, receipt.text, { mode: 0o600 });
    writeFileSync(files.png, printoutToPng(receipt.printout), { mode: 0o600 });
    writeFileSync(files.bin, receipt.bytes, { mode: 0o600 });
  } catch (e) {
    log.error(`virtual printer: cannot write ${base}: ${errorWithCode(e)}`);
  }
  return files;
}
