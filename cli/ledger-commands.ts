import { parseArgs } from 'node:util';
import { verifyLedgerFile, rebuildProjections } from '../db/ledger-verify.ts';
import { ledgerPublicKeys, readLedgerEntries } from '../db/ledger-file.ts';
import { withLedgerDatabase } from '../db/sqlite-ledger.ts';
import { nodeLedgerCrypto, publicKeyFromRaw } from '../platform/node-crypto.ts';
import { readPublicKeyFile } from '../platform/terminal-key.ts';
import { fromBase64 } from '../core/ledger/bytes.ts';
import { ENTRY_SIGNATURE_CONTEXT } from '../core/ledger/entry.ts';
import { ledgerPath } from '../host/terminal-ledger.ts';
import { hqConfigDigest } from '../host/ledger-integrity.ts';
import { UsageError, EXIT, type CommandIo } from './io.ts';

export const LEDGER_USAGE = `Usage:
  tillproof ledger verify  (--db FILE | --data-dir DIR) [--pubkey FILE] [--json] [--chain-only]
  tillproof ledger export  (--db FILE | --data-dir DIR) [--from SEQ] [--to SEQ]
  tillproof ledger pubkey  (--db FILE | --data-dir DIR) [--format pem|raw] [--all]
  tillproof ledger rebuild (--db FILE | --data-dir DIR)

verify exits 0 when the ledger is intact, 1 naming the first bad seq (a damaged file, master data changed outside the till),
2 on usage or I/O errors.`;

function dbPath(values: { db?: string | undefined; 'data-dir'?: string | undefined }): string {
  if (values.db) return values.db;
  if (values['data-dir']) return ledgerPath(values['data-dir']);
  throw new UsageError('give the ledger file with --db FILE (or the terminal data directory with --data-dir DIR)');
}

function seqOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--${name} takes a positive whole number, not "${value}"`);
  return Number(value);
}

const common = { db: { type: 'string' }, 'data-dir': { type: 'string' } } as const;

export function ledgerCommand(args: string[], io: CommandIo): number {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'verify':
      return verify(rest, io);
    case 'export':
      return exportLedger(rest, io);
    case 'pubkey':
      return pubkey(rest, io);
    case 'rebuild':
      return rebuild(rest, io);
    default:
      throw new UsageError(sub ? `unknown ledger command "${sub}"` : 'missing ledger command');
  }
}

function verify(args: string[], io: CommandIo): number {
  const { values } = parseArgs({
    args,
    options: { ...common, pubkey: { type: 'string' }, json: { type: 'boolean' }, 'chain-only': { type: 'boolean' } },
    strict: true,
  });
  const path = dbPath(values);
  const trusted = values.pubkey ? readPublicKeyFile(values.pubkey) : undefined;
  const { result, info } = verifyLedgerFile(path, nodeLedgerCrypto, {
    ...(trusted ? { trustedPublicKey: trusted } : {}),
    chainOnly: values['chain-only'] ?? false,
    // The HQ configuration file is master data the chain commits, when it is beside the ledger.
    ...(values['data-dir'] ? { hqConfigDigest: hqConfigDigest(values['data-dir']) } : {}),
    onProgress: values.json ? undefined : (n, total) => io.err(`verified ${n} of ${total} entries`),
  });
  if (values.json) {
    io.out(JSON.stringify({ path, terminalId: info.terminalId, storeId: info.storeId, ...result }));
  } else if (result.ok) {
    const keyNote =
      result.keySource === 'external'
        ? 'signatures checked against the given public key'
        : "signatures checked against the key recorded in the ledger's first entry (give --pubkey to check against a key held elsewhere)";
    io.out(
      `OK ${path}: ${result.entries} entries, seq 1..${result.lastSeq}, terminal ${info.terminalId}, last hash ${result.lastHash.slice(0, 16)}…, keys ${result.keyIds.join(' -> ')}; ${keyNote}`,
    );
  } else {
    io.out(`TAMPERED ${path}: seq ${result.seq}: ${result.reason}: ${result.message}`);
  }
  return result.ok ? EXIT.ok : EXIT.failed;
}

function exportLedger(args: string[], io: CommandIo): number {
  const { values } = parseArgs({ args, options: { ...common, from: { type: 'string' }, to: { type: 'string' } }, strict: true });
  const path = dbPath(values);
  const from = seqOption(values.from, 'from');
  const to = seqOption(values.to, 'to');
  const { terminalId, keys } = ledgerPublicKeys(path);
  const header = {
    format: 'tillproof-ledger-export/v1',
    terminalId,
    canonicalization: 'RFC 8785 (JCS) of the entry without "hash" and "signature"',
    hash: 'hex SHA-256(prevHash bytes || canonical bytes); the first entry chains from SHA-256(terminalId)',
    signature: `base64 Ed25519 over UTF-8("${ENTRY_SIGNATURE_CONTEXT}") || 0x00 || hash bytes`,
    publicKeys: keys.map((k) => ({
      ...k,
      pem: publicKeyFromRaw(fromBase64(k.publicKey)).export({ type: 'spki', format: 'pem' }).toString(),
    })),
  };
  io.out(JSON.stringify(header));
  for (const entry of readLedgerEntries(path, { ...(from ? { from } : {}), ...(to ? { to } : {}) })) io.out(JSON.stringify(entry));
  return EXIT.ok;
}

function pubkey(args: string[], io: CommandIo): number {
  const { values } = parseArgs({
    args,
    options: { ...common, format: { type: 'string', default: 'pem' }, all: { type: 'boolean' } },
    strict: true,
  });
  if (values.format !== 'pem' && values.format !== 'raw') throw new UsageError(`--format is pem or raw, not "${values.format}"`);
  const { keys } = ledgerPublicKeys(dbPath(values));
  const chosen = values.all ? keys : keys.slice(-1);
  for (const k of chosen) {
    if (values.format === 'raw') io.out(values.all ? `${k.keyId} ${k.publicKey}` : k.publicKey);
    else io.out(publicKeyFromRaw(fromBase64(k.publicKey)).export({ type: 'spki', format: 'pem' }).toString());
  }
  return EXIT.ok;
}

function rebuild(args: string[], io: CommandIo): number {
  const { values } = parseArgs({ args, options: common, strict: true });
  const n = withLedgerDatabase(dbPath(values), (db) => rebuildProjections(db));
  io.out(`rebuilt the read models from ${n} entries`);
  return EXIT.ok;
}
