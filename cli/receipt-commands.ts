import { parseArgs } from 'node:util';
import { verifyReceiptQr, parseReceiptQr } from '../core/receipts/receipt-qr.ts';
import { keyIdOf } from '../core/ledger/entry.ts';
import { nodeLedgerCrypto } from '../platform/node-crypto.ts';
import { readPublicKeyFile } from '../platform/terminal-key.ts';
import { UsageError, EXIT, type CommandIo } from './io.ts';

export const RECEIPT_USAGE = `Usage:
  tillproof receipt verify "QR-TEXT" --pubkey FILE [--json]   check a receipt's QR code offline`;

export function receiptCommand(args: string[], io: CommandIo): number {
  const [sub, ...rest] = args;
  if (sub !== 'verify') throw new UsageError(sub ? `unknown receipt command "${sub}"` : 'missing receipt command');
  const { values, positionals } = parseArgs({
    args: rest,
    options: { pubkey: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  const qr = positionals[0];
  if (!qr || positionals.length > 1) throw new UsageError('give the receipt QR text as one argument (quote it)');
  if (!values.pubkey) throw new UsageError("give the terminal's public key with --pubkey FILE (from tillproof ledger pubkey)");
  const publicKey = readPublicKeyFile(values.pubkey);
  const check = verifyReceiptQr(nodeLedgerCrypto, publicKey, keyIdOf(nodeLedgerCrypto, publicKey), qr);
  if (values.json)
    io.out(
      JSON.stringify(
        check.ok
          ? { ok: true, ...check.claim }
          : { ok: false, reason: check.reason, message: check.message, claim: parseReceiptQr(qr)?.claim ?? null },
      ),
    );
  else if (check.ok) {
    const c = check.claim;
    io.out(
      `GENUINE ${c.kind} receipt ${c.receiptNo} from terminal ${c.terminalId}, ${c.issuedAt}, total ${c.total} (${c.currency} minor units), key ${c.keyId}`,
    );
  } else io.out(`NOT GENUINE: ${check.message}`);
  return check.ok ? EXIT.ok : EXIT.failed;
}
