// An auditor re-verifies an export with nothing of ours: node:crypto and an RFC 8785 library.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { join } from 'node:path';
import canonicalize from 'canonicalize';
import { SqliteLedgerStore } from '../../../db/sqlite-ledger.ts';
import { nodeLedgerCrypto } from '../../../platform/node-crypto.ts';
import { appendSale, newSigner, tempDir } from '../../helpers/ledger.ts';

const CLI = join(import.meta.dirname, '../../../cli/main.ts');

function independentVerify(lines: string[]): { ok: boolean; seq?: number } {
  const header = JSON.parse(lines[0]!) as { format: string; terminalId: string; publicKeys: Array<{ keyId: string; pem: string }> };
  expect(header.format).toBe('tillproof-ledger-export/v1');
  const keys = new Map(header.publicKeys.map((k) => [k.keyId, createPublicKey(k.pem)]));
  let prev = createHash('sha256').update(header.terminalId, 'utf8').digest('hex');
  for (const line of lines.slice(1)) {
    const entry = JSON.parse(line) as Record<string, unknown> & {
      seq: number;
      prevHash: string;
      hash: string;
      signature: string;
      keyId: string;
    };
    const { hash, signature, ...unsigned } = entry;
    const computed = createHash('sha256').update(Buffer.from(prev, 'hex')).update(canonicalize(unsigned)!, 'utf8').digest('hex');
    if (entry.prevHash !== prev || computed !== hash) return { ok: false, seq: entry.seq };
    const message = Buffer.concat([Buffer.from('tillproof/ledger-entry/v1', 'utf8'), Buffer.from([0]), Buffer.from(hash, 'hex')]);
    if (!verify(null, message, keys.get(entry.keyId)!, Buffer.from(signature, 'base64'))) return { ok: false, seq: entry.seq };
    prev = hash;
  }
  return { ok: true };
}

describe('tillproof ledger export', () => {
  it('writes JSON Lines with the public key that an auditor can verify without Tillproof code', () => {
    const dir = tempDir();
    try {
      const path = join(dir.path, 'ledger.sqlite');
      const store = SqliteLedgerStore.create(path, nodeLedgerCrypto, newSigner(), {
        terminalId: 'T-9',
        storeId: 'S-1',
        software: 'test',
        businessDay: '2026-11-20',
        at: '2026-11-20T08:00:00.000Z',
      });
      for (let i = 0; i < 12; i++) store.write((tx) => appendSale(tx));
      store.close();
      const r = spawnSync(process.execPath, [CLI, 'ledger', 'export', '--db', path], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines).toHaveLength(14);
      expect(independentVerify(lines)).toEqual({ ok: true });
      // A changed total in the exported file is caught by the same independent check.
      const tampered = [...lines];
      tampered[5] = tampered[5]!.replace(/"total":(\d+)/, '"total":1');
      expect(independentVerify(tampered)).toEqual({ ok: false, seq: 5 });

      const part = spawnSync(process.execPath, [CLI, 'ledger', 'export', '--db', path, '--from', '3', '--to', '5'], { encoding: 'utf8' });
      expect(
        part.stdout
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => (JSON.parse(l) as { seq: number }).seq),
      ).toEqual([3, 4, 5]);
      expect(spawnSync(process.execPath, [CLI, 'ledger', 'export', '--db', path, '--from', 'abc'], { encoding: 'utf8' })).toMatchObject({
        status: 2,
        stderr: expect.stringMatching(/--from takes a positive whole number/),
      });
    } finally {
      dir.cleanup();
    }
  });
});
