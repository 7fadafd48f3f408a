// Two programs, one ledger: `tillproof serve` runs with a sale open while IT runs `tillproof catalog
// import` on the same data folder, both as real processes on a real SQLite file. The import is
// refused with a message naming the running till and changes nothing; the till goes on selling
// and finishes the open sale. Once the till is killed (SIGKILL: no clean shutdown), the import
// takes over the lock it left and the ledger still verifies.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CLI, startServe, stopServe, type Served } from '../e2e/serve-process.ts';
import { tempDir } from '../helpers/ledger.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = tempDir('tillproof-two-writers-');
const dataDir = join(dir.path, 'terminal');
let served: Served | undefined;

afterAll(async () => {
  await stopServe(served);
  dir.cleanup();
});

/** The CLI as IT runs it: its own process, its exit code and output. */
function cli(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => done({ code, out, err }));
  });
}

interface Till {
  call(method: string, params?: unknown): Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }>;
  close(): void;
}

/** The till's API as the paired browser uses it. */
async function connect(pairingUrl: string): Promise<Till> {
  const url = new URL(pairingUrl);
  const token = url.hash.replace(/^#token=/, '');
  const ws = await new Promise<WebSocket>((done, fail) => {
    const socket = new WebSocket(`ws://${url.host}/api?token=${encodeURIComponent(token)}`, { headers: { origin: url.origin } });
    socket.once('open', () => done(socket));
    socket.once('error', fail);
  });
  let id = 0;
  return {
    call: (method, params = {}) =>
      new Promise((done) => {
        const mine = ++id;
        const onMessage = (data: Buffer) => {
          const msg = JSON.parse(data.toString('utf8')) as { type: string; id: number; ok: boolean };
          if (msg.type !== 'result' || msg.id !== mine) return;
          ws.off('message', onMessage);
          done(msg);
        };
        ws.on('message', onMessage);
        ws.send(JSON.stringify({ type: 'call', id: mine, method, params }));
      }),
    close: () => ws.close(),
  };
}

const GREEN_TEA = '4711037000012';
const CATALOG = [
  'product_id,sku,name,department,tax_class,unit,price_retail,barcodes,active',
  'TP-9001,9001,Jasmine tea 600ml,drinks,standard,each,30,4719999000019,1',
].join('\n');

describe('a catalog import while the till runs', () => {
  it('is refused with the running till named, and the till goes on selling; after a kill the import takes the lock over', async () => {
    served = await startServe(dataDir);
    const till = await connect(served.pairingUrl);
    expect((await till.call('session.login', { method: 'pin', staffId: 'S001', pin: '1111' })).ok).toBe(true);
    expect((await till.call('sale.scan', { code: GREEN_TEA, source: 'manual' })).ok).toBe(true);

    const csv = join(dir.path, 'catalog.csv');
    writeFileSync(csv, `${CATALOG}\n`);
    const refused = await cli('catalog', 'import', csv, '--data-dir', dataDir, '--merge');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`is in use by tillproof serve (pid ${served.child.pid}`);
    expect(refused.err).toMatch(/stop it \(or let it finish\), then try again/);
    expect(refused.out).not.toMatch(/catalog version/);

    // The till's writes still work: the open sale is finished and its receipt recorded.
    expect((await till.call('sale.scan', { code: GREEN_TEA, source: 'manual' })).ok).toBe(true);
    expect((await till.call('sale.present')).ok).toBe(true);
    expect((await till.call('sale.addTender', { type: 'card', amount: 50, reference: 'A1', last4: '4242' })).ok).toBe(true);
    const completed = await till.call('sale.complete');
    expect(completed.error).toBeUndefined();
    expect(completed.result).toMatchObject({ status: 'printed', total: 50 });
    // Not the new product: the import changed nothing.
    expect((await till.call('sale.scan', { code: '4719999000019', source: 'manual' })).error?.code).toBe('scan.unknown-product');
    till.close();

    const killed = served.child;
    const exited = new Promise((done) => killed.once('exit', done));
    killed.kill('SIGKILL');
    await exited;
    const imported = await cli('catalog', 'import', csv, '--data-dir', dataDir, '--merge');
    expect(imported.err).not.toMatch(/in use/);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/catalog version \S+: 1 inserted/);
    const verified = await cli('ledger', 'verify', '--data-dir', dataDir);
    expect(verified.code).toBe(0);
  });
});
