import { describe, expect, it } from 'vitest';
import {
  checkpointSignedBy,
  commitMasterData,
  signCheckpoint,
  type LedgerCheckpoint,
  type MasterDataCommitments,
} from '../../../../core/ledger/checkpoint.ts';
import { nodeLedgerCrypto } from '../../../../platform/node-crypto.ts';
import { newSigner } from '../../../helpers/ledger.ts';
import type { LedgerEntry } from '../../../../core/ledger/entry.ts';

const checkpoint: LedgerCheckpoint = {
  v: 1,
  terminalId: 'T-1',
  seq: 42,
  hash: 'a'.repeat(64),
  activeKeyId: '0123456789abcdef',
  publicKeys: { '0123456789abcdef': 'AAAA' },
  sealedDays: ['2026-11-20'],
  masterData: { staff: { seq: 7, digest: 'b'.repeat(64) } },
};

function configChange(seq: number, body: Record<string, unknown>): LedgerEntry {
  return {
    v: 1,
    terminalId: 'T-1',
    seq,
    kind: 'config-change',
    businessDay: '2026-11-20',
    startedAt: '',
    endedAt: '',
    operatorId: null,
    body: body as LedgerEntry['body'],
    prevHash: '',
    hash: '',
    signature: '',
    keyId: '',
  };
}

describe('the start-up checkpoint', () => {
  it("verifies with the till's own key and with no other, and any changed field breaks it", () => {
    const signer = newSigner();
    const signed = signCheckpoint(signer, checkpoint);
    expect(checkpointSignedBy(nodeLedgerCrypto, signed, signer.publicKey)).toBe(true);
    expect(checkpointSignedBy(nodeLedgerCrypto, signed, newSigner().publicKey)).toBe(false);
    const moved = { ...signed, checkpoint: { ...checkpoint, seq: 43 } };
    expect(checkpointSignedBy(nodeLedgerCrypto, moved, signer.publicKey)).toBe(false);
    const otherDigest = { ...signed, checkpoint: { ...checkpoint, masterData: { staff: { seq: 7, digest: 'c'.repeat(64) } } } };
    expect(checkpointSignedBy(nodeLedgerCrypto, otherDigest, signer.publicKey)).toBe(false);
    expect(checkpointSignedBy(nodeLedgerCrypto, { ...signed, signature: 'not base64!' }, signer.publicKey)).toBe(false);
  });

  it('follows the last config-change with a digest per committed section, and ignores the others', () => {
    const c: MasterDataCommitments = {};
    commitMasterData(c, configChange(3, { section: 'catalog', summary: 'import', digest: 'd1' }));
    commitMasterData(c, configChange(5, { section: 'catalog', summary: 'import', digest: 'd2' }));
    commitMasterData(c, configChange(6, { section: 'staff', summary: 'no digest' }));
    commitMasterData(c, configChange(8, { section: 'printer', summary: 'not master data', digest: 'x' }));
    expect(c).toEqual({ catalog: { seq: 5, digest: 'd2' } });
  });
});
