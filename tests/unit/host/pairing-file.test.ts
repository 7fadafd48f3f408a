// Browser mode's remembered address and pairing: a first start makes tokens, a restart finds the
// same ones and port, --port overrides and is remembered, rotation changes only the tokens, and a
// damaged file stops the start naming the fix without ever printing a token.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PairingFileError, pairingForStart, pairingPath, readPairing, rotatePairing, writePairing } from '../../../host/pairing-file.ts';
import { tempDir } from '../../helpers/ledger.ts';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir('tillproof-pairing-')));
afterEach(() => dir.cleanup());

describe('the pairing file', () => {
  it('gives a first start new, distinct tokens and a free port; a restart gets the same ones back', () => {
    expect(readPairing(dir.path)).toBeNull();
    const first = pairingForStart(dir.path, undefined);
    expect(first.port).toBe(0);
    expect(first.token).toMatch(/^[\w-]{32}$/);
    expect(first.displayToken).not.toBe(first.token);
    writePairing(dir.path, { ...first, port: 41_234 });
    expect((statSync(pairingPath(dir.path)).mode & 0o777).toString(8)).toBe('600');
    expect(pairingForStart(dir.path, undefined)).toEqual({ ...first, port: 41_234 });
  });

  it('takes the port given on the command line over the remembered one, keeping the tokens', () => {
    const first = pairingForStart(dir.path, undefined);
    writePairing(dir.path, { ...first, port: 41_234 });
    expect(pairingForStart(dir.path, 8080)).toEqual({ ...first, port: 8080 });
  });

  it('rotates both tokens and keeps the port', () => {
    const first = { ...pairingForStart(dir.path, undefined), port: 41_234 };
    writePairing(dir.path, first);
    const next = rotatePairing(dir.path);
    expect(next.port).toBe(41_234);
    expect(next.token).not.toBe(first.token);
    expect(next.displayToken).not.toBe(first.displayToken);
    expect(readPairing(dir.path)).toEqual(next);
  });

  it('refuses a damaged file with the fix, never quoting a token', () => {
    const path = pairingPath(dir.path);
    writeFileSync(path, '{"port": 1', { mode: 0o600 });
    expect(() => readPairing(dir.path)).toThrow(PairingFileError);
    expect(() => readPairing(dir.path)).toThrow(/not valid JSON.*tillproof pairing rotate/);
    writeFileSync(path, JSON.stringify({ port: 70_000, token: 'a'.repeat(32), displayToken: 'b'.repeat(32) }));
    expect(() => readPairing(dir.path)).toThrow(/"port"/);
    writeFileSync(path, JSON.stringify({ port: 1, token: 'short-secret', displayToken: 'b'.repeat(32) }));
    expect(() => readPairing(dir.path)).toThrow(/"token"/);
    try {
      readPairing(dir.path);
    } catch (e) {
      expect((e as Error).message).not.toContain('short-secret');
    }
    // The damaged file is left for IT to look at.
    expect(readFileSync(path, 'utf8')).toContain('short-secret');
  });
});
