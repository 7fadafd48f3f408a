// Starting the till with a mistake in its config or on its command line ends with a message that
// names the mistake and exit 2: never a stack trace, never a process left hanging on open ports.
// The CLI runs as a child process, exactly as IT starts it.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG } from '../../../host/config.ts';
import { tempDir } from '../../helpers/ledger.ts';

const CLI = join(import.meta.dirname, '../../../cli/main.ts');
const dir = tempDir('tillproof-serve-start-');
afterAll(() => dir.cleanup());

/** Runs the CLI; a start that neither serves nor ends within the ceiling is killed (status null). */
function tillproof(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 45_000, env: { ...process.env, TILLPROOF_CONFIG: '' } });
}

function writeConfig(name: string, store: Record<string, unknown>): string {
  const path = join(dir.path, name);
  writeFileSync(path, JSON.stringify({ ...DEMO_CONFIG, store: { ...DEMO_CONFIG.store, ...store } }));
  return path;
}

function expectNoStackTrace(output: string): void {
  expect(output).not.toMatch(/^\s+at .+[:(]/m);
  expect(output).not.toMatch(/RangeError|TypeError|node:internal/);
}

describe('tillproof serve and config check with a mistaken config', () => {
  const bad = writeConfig('taipie.json', { timeZone: 'Asia/Taipie', currency: 'XYZ' });

  it('config check names the unknown time zone and currency', () => {
    const r = tillproof('config', 'check', bad);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/store\.timeZone: "Asia\/Taipie" is not a known time zone/);
    expect(r.stdout).toMatch(/store\.currency: "XYZ" is not an ISO 4217 currency code/);
  });

  it('serve refuses it with exit 2 and the same clear message, before creating anything', { timeout: 60_000 }, () => {
    const dataDir = join(dir.path, 'data-bad-config');
    const r = tillproof('serve', '--config', bad, '--data-dir', dataDir, '--port', '0');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/store\.timeZone: "Asia\/Taipie" is not a known time zone/);
    expect(r.stderr).toMatch(/store\.currency: "XYZ"/);
    expectNoStackTrace(r.stderr + r.stdout);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('serve refuses a config that is not JSON with exit 2', { timeout: 60_000 }, () => {
    const path = join(dir.path, 'broken.json');
    writeFileSync(path, '{ "store": ');
    const r = tillproof('serve', '--config', path, '--data-dir', join(dir.path, 'data-broken'), '--port', '0');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/broken\.json: not valid JSON/);
    expectNoStackTrace(r.stderr + r.stdout);
  });
});

describe('tillproof serve with a mistake on the command line or the machine', () => {
  it('refuses a bad --hq address and ends (nothing left listening)', { timeout: 60_000 }, () => {
    const r = tillproof('serve', '--data-dir', join(dir.path, 'data-hq'), '--port', '0', '--hq', 'ftp://hq.example');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--hq must be https:\/\//);
    expectNoStackTrace(r.stderr);
  });

  it('says the port is taken and ends, instead of hanging on the emulator it had started', { timeout: 60_000 }, async () => {
    const taken: Server = createServer();
    const port = await new Promise<number>((done) => taken.listen(0, '127.0.0.1', () => done((taken.address() as { port: number }).port)));
    try {
      const r = tillproof('serve', '--data-dir', join(dir.path, 'data-port'), '--port', String(port));
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`EADDRINUSE.*127\\.0\\.0\\.1:${port}`));
      expectNoStackTrace(r.stderr);
    } finally {
      await new Promise((done) => taken.close(done));
    }
  });

  it('says the data folder is a file and ends', { timeout: 60_000 }, () => {
    const file = join(dir.path, 'not-a-folder');
    writeFileSync(file, 'x');
    const r = tillproof('serve', '--data-dir', file, '--port', '0');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not-a-folder/);
    expectNoStackTrace(r.stderr);
  });
});
