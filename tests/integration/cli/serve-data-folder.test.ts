// The README's default start, for real (`tillproof serve` as a child process on the embedded
// defaults): the data folder is the till's user's only (0700, every file 0600: ledger, WAL and
// shm, key, logs, emulator receipts and control token), the emulator's control port wants the
// token from that folder, and a start over a folder others can read stops naming the fix.
import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, startServe, stopServe, type Served } from '../../e2e/serve-process.ts';
import { tempDir } from '../../helpers/ledger.ts';
import { sendControl } from '../../helpers/printer-control.ts';

const dir = tempDir('tillproof-data-folder-');
const dataDir = join(dir.path, 'shop', '.tillproof');
let served: Served | undefined;
afterAll(async () => {
  await stopServe(served);
  dir.cleanup();
});

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

/** Raw ESC/POS to the emulated printer: a line and a cut, so the emulator writes a receipt. */
function printTestLine(port: number): Promise<void> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(Buffer.from('\x1b@mode check\n\x1dV\x00', 'latin1'), () => done()));
    socket.once('error', fail);
  });
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  expect(check(), what).toBe(true);
}

function serveOnce() {
  return spawnSync(process.execPath, [CLI, 'serve', '--data-dir', dataDir, '--port', '0'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, TILLPROOF_CONFIG: '' },
  });
}

describe('the data folder on the default start', () => {
  it('is created owner-only, with every file the till writes 0600', { timeout: 120_000 }, async () => {
    served = await startServe(dataDir);
    const printerPort = Number(/emulated receipt printer and drawer on 127\.0\.0\.1:(\d+)/.exec(served.output.join(''))?.[1]);
    await printTestLine(printerPort);
    await until(() => readdirSync(served!.receiptsDir).some((f) => f.endsWith('.png')), 'the emulator wrote the receipt');
    await until(() => readdirSync(join(dataDir, 'logs')).length > 0, 'the host log exists');

    expect(modeOf(dataDir)).toBe('700');
    for (const folder of ['keys', 'logs', 'emulator', 'emulator/receipts'])
      expect(`${folder} ${modeOf(join(dataDir, folder))}`).toBe(`${folder} 700`);
    const files = [
      'ledger.sqlite',
      'ledger.sqlite-wal',
      'ledger.sqlite-shm',
      'keys/terminal-ed25519.pem',
      'emulator/control-token',
      ...readdirSync(join(dataDir, 'logs')).map((f) => `logs/${f}`),
      ...readdirSync(served.receiptsDir).map((f) => `emulator/receipts/${f}`),
    ];
    expect(files.filter((f) => f.startsWith('emulator/receipts/')).length).toBeGreaterThanOrEqual(3);
    for (const file of files) expect(`${file} ${modeOf(join(dataDir, file))}`).toBe(`${file} 600`);
  });

  it('answers the emulator control port only with the token from the data folder', { timeout: 30_000 }, async () => {
    const token = readFileSync(join(dataDir, 'emulator', 'control-token'), 'utf8').trim();
    expect(await sendControl(served!.controlPort, 'not-the-token', 'paper-out')).toMatch(/^error send "token/);
    expect(await sendControl(served!.controlPort, token, 'status')).toMatch(/^ok .*"paperOut":false/);
    expect(await sendControl(served!.controlPort, token, 'close-drawer')).toBe('ok close-drawer');
  });

  it('refuses to start over a folder or ledger that others can read, naming it and the chmod', { timeout: 180_000 }, async () => {
    await stopServe(served);
    served = undefined;
    chmodSync(dataDir, 0o755);
    const folder = serveOnce();
    expect(folder.status).toBe(2);
    expect(folder.stderr).toContain(`${dataDir} is readable by others (mode 755)`);
    expect(folder.stderr).toContain(`chmod 700 ${dataDir}`);
    expect(folder.stderr).not.toMatch(/^\s+at /m);

    chmodSync(dataDir, 0o700);
    chmodSync(join(dataDir, 'ledger.sqlite'), 0o644);
    const ledger = serveOnce();
    expect(ledger.status).toBe(2);
    expect(ledger.stderr).toContain(`chmod 600 ${join(dataDir, 'ledger.sqlite')}`);

    chmodSync(join(dataDir, 'ledger.sqlite'), 0o600);
    served = await startServe(dataDir);
    expect(served.pairingUrl).toMatch(/#token=/);
  });
});
