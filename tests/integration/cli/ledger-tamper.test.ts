// Every way a person holding the SQLite file might try to rewrite history, checked through
// the real `tillproof ledger verify` command: exit 1 and the first bad seq.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteLedgerStore } from '../../../db/sqlite-ledger.ts';
import { nodeLedgerCrypto as crypto } from '../../../platform/node-crypto.ts';
import { sealEntry, entryHash } from '../../../core/ledger/entry.ts';
import { canonicalJson } from '../../../core/ledger/canonical.ts';
import { rowToEntry, type EntryRow } from '../../../db/sqlite-ledger.ts';
import type { FileSigner } from '../../../platform/terminal-key.ts';
import { appendSale, newSigner, tempDir } from '../../helpers/ledger.ts';

const CLI = join(import.meta.dirname, '../../../cli/main.ts');

function verifyCli(db: string, ...extra: string[]): { code: number; out: Record<string, unknown>; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'ledger', 'verify', '--db', db, '--json', ...extra], { encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout ? (JSON.parse(r.stdout) as Record<string, unknown>) : {}, stderr: r.stderr };
}

let dir: ReturnType<typeof tempDir>;
let path: string;
let signer: FileSigner;
const SALES = 8; // seq 1 is the genesis entry, sales are seq 2..9

beforeEach(() => {
  dir = tempDir();
  path = join(dir.path, 'ledger.sqlite');
  signer = newSigner();
  const store = SqliteLedgerStore.create(path, crypto, signer, {
    terminalId: 'T-001',
    storeId: 'S-1',
    software: 'test',
    businessDay: '2026-11-20',
    at: '2026-11-20T08:00:00.000Z',
  });
  for (let i = 0; i < SALES; i++) store.write((tx) => appendSale(tx));
  store.close();
});
afterEach(() => dir.cleanup());

/** Opens the file the way an attacker would: plain SQLite, triggers dropped. */
function tamper(fn: (db: Database.Database) => void): void {
  const db = new Database(path);
  db.exec(
    'DROP TRIGGER IF EXISTS ledger_entries_no_update; DROP TRIGGER IF EXISTS ledger_entries_no_delete; DROP TRIGGER IF EXISTS ledger_entries_gap_free;',
  );
  fn(db);
  db.close();
}

function rows(db: Database.Database): EntryRow[] {
  return db.prepare('SELECT * FROM ledger_entries ORDER BY seq').all() as EntryRow[];
}

describe('tillproof ledger verify', () => {
  it('passes an untouched ledger with exit 0 and a one-line summary', () => {
    const r = spawnSync(process.execPath, [CLI, 'ledger', 'verify', '--db', path], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/^OK .*9 entries, seq 1\.\.9, terminal T-001/);
    expect(r.stdout).toMatch(/key recorded in the ledger's first entry/);
  });

  it('checks against a public key held outside the file when given --pubkey', () => {
    const pem = join(dir.path, 'terminal.pub.pem');
    writeFileSync(pem, execFileSync(process.execPath, [CLI, 'ledger', 'pubkey', '--db', path], { encoding: 'utf8' }));
    expect(verifyCli(path, '--pubkey', pem)).toMatchObject({ code: 0, out: { ok: true, keySource: 'external' } });
    const stranger = join(dir.path, 'other.pub.pem');
    writeFileSync(stranger, newSigner().publicKeyPem());
    expect(verifyCli(path, '--pubkey', stranger)).toMatchObject({ code: 1, out: { ok: false, seq: 1, reason: 'untrusted-key' } });
  });

  it('catches a body edited after dropping the append-only trigger', () => {
    tamper((db) => {
      const body = JSON.parse((db.prepare('SELECT body FROM ledger_entries WHERE seq = 5').get() as { body: string }).body);
      body.total = 1; // the "VIP tier" trick: make the sale look cheaper
      db.prepare('UPDATE ledger_entries SET body = ? WHERE seq = 5').run(canonicalJson(body));
    });
    expect(verifyCli(path)).toMatchObject({ code: 1, out: { ok: false, seq: 5, reason: 'hash-mismatch' } });
  });

  it('catches the last entry deleted, and still catches it when the head row is also rewound', () => {
    tamper((db) => db.prepare('DELETE FROM ledger_entries WHERE seq = 9').run());
    expect(verifyCli(path)).toMatchObject({ code: 1, out: { ok: false, seq: 9, reason: 'truncated' } });
    tamper((db) => db.prepare('UPDATE business_days SET last_seq = 8').run());
    // The sale's receipt and totals are still in the read models: the rebuild check names it.
    expect(verifyCli(path)).toMatchObject({ code: 1, out: { ok: false, seq: 9, reason: 'projection-mismatch' } });
  });

  it('catches a deleted middle entry by its seq', () => {
    tamper((db) => db.prepare('DELETE FROM ledger_entries WHERE seq = 4').run());
    expect(verifyCli(path)).toMatchObject({ code: 1, out: { ok: false, seq: 4, reason: 'seq-gap' } });
  });

  it('catches a forged entry appended with a correct hash but no valid signature', () => {
    tamper((db) => {
      const last = rowToEntry(db.prepare('SELECT * FROM ledger_entries WHERE seq = 9').get() as EntryRow);
      const forged = { ...last, seq: 10, prevHash: last.hash, body: { reason: 'drawer jam' }, kind: 'no-sale' };
      forged.hash = entryHash(crypto, forged);
      db.prepare(
        `INSERT INTO ledger_entries VALUES (@seq, @v, @terminalId, @kind, @businessDay, @startedAt, @endedAt, @operatorId, @body, @prevHash, @hash, @signature, @keyId)`,
      ).run({ ...forged, body: canonicalJson(forged.body) });
      db.prepare('UPDATE business_days SET last_seq = 10').run();
    });
    expect(verifyCli(path)).toMatchObject({ code: 1, out: { ok: false, seq: 10, reason: 'bad-signature' } });
  });

  it('catches two entries swapped', () => {
    tamper((db) => {
      const [a, b] = [3, 6].map((s) => db.prepare('SELECT * FROM ledger_entries WHERE seq = ?').get(s) as EntryRow);
      const put = db.prepare(
        'UPDATE ledger_entries SET kind = @kind, body = @body, prev_hash = @prev_hash, hash = @hash, signature = @signature, ended_at = @ended_at WHERE seq = @target',
      );
      put.run({ ...b, target: 3 });
      put.run({ ...a, target: 6 });
    });
    expect(verifyCli(path)).toMatchObject({ code: 1, out: { ok: false, seq: 3, reason: 'broken-prev-link' } });
  });

  it('catches the tail replaced by a re-hashed chain signed with another key', () => {
    const attacker = newSigner();
    tamper((db) => {
      const all = rows(db).map(rowToEntry);
      let prev = all[5]!; // keep seq 1..6, rewrite 7..9
      db.prepare('DELETE FROM ledger_entries WHERE seq > 6').run();
      const insert = db.prepare(
        `INSERT INTO ledger_entries VALUES (@seq, @v, @terminalId, @kind, @businessDay, @startedAt, @endedAt, @operatorId, @body, @prevHash, @hash, @signature, @keyId)`,
      );
      for (const original of all.slice(6)) {
        const body = { ...(original.body as Record<string, never>), total: 100 };
        const e = sealEntry(
          crypto,
          attacker,
          { ...original, body },
          { terminalId: original.terminalId, seq: original.seq, prevHash: prev.hash },
        );
        insert.run({ ...e, body: canonicalJson(e.body) });
        prev = e;
      }
    });
    expect(verifyCli(path)).toMatchObject({ code: 1, out: { ok: false, seq: 7, reason: 'unknown-key' } });
  });

  it('catches a tail re-signed with another key that claims the terminal key id', () => {
    const attacker = newSigner();
    const impostor = {
      algorithm: 'Ed25519' as const,
      keyId: signer.keyId,
      publicKey: signer.publicKey,
      sign: (m: Uint8Array) => attacker.sign(m),
    };
    tamper((db) => {
      const last = rowToEntry(db.prepare('SELECT * FROM ledger_entries WHERE seq = 9').get() as EntryRow);
      const prev = rowToEntry(db.prepare('SELECT * FROM ledger_entries WHERE seq = 8').get() as EntryRow);
      const e = sealEntry(
        crypto,
        impostor,
        { ...last, body: { ...(last.body as Record<string, never>), total: 100 } },
        { terminalId: last.terminalId, seq: 9, prevHash: prev.hash },
      );
      db.prepare('UPDATE ledger_entries SET body = ?, hash = ?, signature = ? WHERE seq = 9').run(
        canonicalJson(e.body),
        e.hash,
        e.signature,
      );
    });
    expect(verifyCli(path)).toMatchObject({ code: 1, out: { ok: false, seq: 9, reason: 'bad-signature' } });
  });

  it('a whole ledger re-created under another key passes on its own word but fails against the real key', () => {
    const pem = join(dir.path, 'real.pub.pem');
    writeFileSync(pem, signer.publicKeyPem());
    const fake = join(dir.path, 'fake.sqlite');
    const store = SqliteLedgerStore.create(fake, crypto, newSigner(), {
      terminalId: 'T-001',
      storeId: 'S-1',
      software: 'test',
      businessDay: '2026-11-20',
      at: '2026-11-20T08:00:00.000Z',
    });
    store.write((tx) => appendSale(tx));
    store.close();
    expect(verifyCli(fake)).toMatchObject({ code: 0, out: { ok: true, keySource: 'embedded' } });
    expect(verifyCli(fake, '--pubkey', pem)).toMatchObject({ code: 1, out: { ok: false, seq: 1, reason: 'untrusted-key' } });
  });

  it('catches a read model edited to hide a sale', () => {
    tamper((db) => db.prepare("UPDATE day_totals SET amount = amount - 500 WHERE key = 'sales'").run());
    expect(verifyCli(path)).toMatchObject({ code: 1, out: { ok: false, reason: 'projection-mismatch' } });
  });
});

describe('tillproof ledger verify: a damaged file and master data changed outside the till fail verification (exit 1)', () => {
  it('a ledger whose pages were damaged on disk is a failure naming the damage, not a usage error', () => {
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    // Garbage over every page after the schema page: the entries can no longer be read.
    for (let i = pageSize; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
    writeFileSync(path, bytes);
    const r = verifyCli(path);
    expect(r).toMatchObject({ code: 1, out: { ok: false, reason: 'damaged-file' } });
    expect(String(r.out.message)).toMatch(/damaged|malformed/);
  });

  it('a staff member added in the file without a config-change entry is named', () => {
    tamper((db) => db.prepare("INSERT INTO staff (staff_id, name, role, active) VALUES ('X9', 'Mallory', 'manager', 1)").run());
    const r = verifyCli(path);
    expect(r).toMatchObject({ code: 1, out: { ok: false, reason: 'master-data-mismatch' } });
    expect(String(r.out.message)).toMatch(/^staff \(staff\) was changed outside the till/);
  });
});

describe('tillproof ledger verify: usage and I/O errors exit 2', () => {
  it('missing file, not a database, another SQLite database, no arguments', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'ledger', 'verify', ...args], { encoding: 'utf8' });
    const missing = run('--db', join(dir.path, 'nope.sqlite'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no ledger at .*nope\.sqlite/);
    const text = join(dir.path, 'notes.txt');
    writeFileSync(text, 'this is not a database at all, just some text that is long enough '.repeat(20));
    expect(run('--db', text)).toMatchObject({ status: 2, stderr: expect.stringMatching(/not a SQLite database/) });
    const other = join(dir.path, 'other.sqlite');
    new Database(other).exec('CREATE TABLE t (x)');
    expect(run('--db', other)).toMatchObject({ status: 2, stderr: expect.stringMatching(/not a Tillproof ledger/) });
    expect(run()).toMatchObject({ status: 2, stderr: expect.stringMatching(/--db FILE/) });
    expect(run('--db', path, '--bogus')).toMatchObject({ status: 2 });
  });
});
