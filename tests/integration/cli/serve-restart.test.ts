// Browser mode across a restart of the host (issue #15, item 4): `tillproof serve` killed as in a
// crash and started again on the same data folder keeps its address and pairing tokens, so the
// open screens reconnect; what they get then is the host's fresh state (signed out), never the
// old session. Rotating the tokens un-pairs every screen with a clear close code, and a port
// taken by another program stops the start instead of moving the till to a new address.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { PAIRING_REFUSED_CLOSE } from '../../../core/contract/index.ts';
import { CLI, killServe, startServe, stopServe, type Served } from '../../e2e/serve-process.ts';
import { tempDir } from '../../helpers/ledger.ts';

const dir = tempDir('tillproof-serve-restart-');
const dataDir = join(dir.path, '.tillproof');
let served: Served | undefined;
afterAll(async () => {
  await stopServe(served);
  dir.cleanup();
});

const addressOf = (url: string) => {
  const u = new URL(url);
  return { port: Number(u.port), token: new URLSearchParams(u.hash.slice(1)).get('token')! };
};

type Opened = { ws: WebSocket } | { status: number } | { closeCode: number };

/** Opens the API socket as the till's own page does (its Origin): open, refused by status, or closed at once with a code. */
function openApi(port: number, token: string, origin: boolean): Promise<Opened> {
  return new Promise((done, fail) => {
    const headers: Record<string, string> = origin ? { Origin: `http://127.0.0.1:${port}` } : {};
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${encodeURIComponent(token)}`, { headers });
    let opened = false;
    ws.once('unexpected-response', (_req, res) => done({ status: res.statusCode ?? 0 }));
    ws.once('close', (code) => done({ closeCode: code }));
    ws.once('error', (e) => (opened ? undefined : fail(e)));
    ws.once('open', () => {
      opened = true;
      // A refused token is closed straight after the handshake: wait for a first answer to tell.
      call(ws, 'session.state', {}).then(
        () => done({ ws }),
        () => undefined,
      );
    });
  });
}

let nextId = 1;
function call(ws: WebSocket, method: string, params: unknown): Promise<Record<string, unknown>> {
  const id = nextId++;
  return new Promise((done, fail) => {
    const onMessage = (data: Buffer) => {
      const msg = JSON.parse(data.toString('utf8')) as { type: string; id?: number; ok: boolean; result?: unknown; error?: unknown };
      if (msg.type !== 'result' || msg.id !== id) return;
      ws.off('message', onMessage);
      if (msg.ok) done(msg.result as Record<string, unknown>);
      else fail(new Error(JSON.stringify(msg.error)));
    };
    ws.on('message', onMessage);
    ws.once('close', () => fail(new Error('closed')));
    ws.send(JSON.stringify({ type: 'call', id, method, params }));
  });
}

function opened(o: Opened): WebSocket {
  if (!('ws' in o)) throw new Error(`not let in: ${JSON.stringify(o)}`);
  return o.ws;
}

function rotate() {
  return spawnSync(process.execPath, [CLI, 'pairing', 'rotate', '--data-dir', dataDir], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, TILLPROOF_CONFIG: '' },
  });
}

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

function logText(): string {
  const logs = join(dataDir, 'logs');
  return readdirSync(logs)
    .map((f) => readFileSync(join(logs, f), 'utf8'))
    .join('\n');
}

describe('tillproof serve restarted on the same data folder', () => {
  let first: { port: number; token: string };
  let firstDisplay: string;

  it(
    'remembers its port and tokens owner-only, and a killed host comes back at the same address signed out',
    { timeout: 180_000 },
    async () => {
      served = await startServe(dataDir);
      first = addressOf(served.pairingUrl);
      firstDisplay = served.displayUrl;
      const file = join(dataDir, 'pairing.json');
      expect(modeOf(file)).toBe('600');
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ port: first.port, token: first.token });

      const ws = opened(await openApi(first.port, first.token, true));
      expect(await call(ws, 'session.login', { method: 'pin', staffId: 'S001', pin: '1111' })).toMatchObject({ staffId: 'S001' });
      expect(await call(ws, 'session.state', {})).toMatchObject({ operator: { staffId: 'S001' } });
      const dropped = new Promise((done) => ws.once('close', done));

      await killServe(served);
      await dropped;
      served = await startServe(dataDir, { port: 'remembered' });
      expect(served.pairingUrl).toBe(`http://127.0.0.1:${first.port}/#token=${first.token}`);
      expect(served.displayUrl).toBe(firstDisplay);

      // The same address and token work; the session is the new host's: nobody is signed in.
      const again = opened(await openApi(first.port, first.token, true));
      const state = await call(again, 'session.state', {});
      expect(state.operator).toBeNull();
      await expect(call(again, 'sale.scan', { code: '4711037000012', source: 'wedge' })).rejects.toThrow(/auth/);
      // The display's token works too, and only for reading.
      const display = opened(await openApi(first.port, addressOf(served.displayUrl.replace('#display&', '#')).token, true));
      expect((await call(display, 'session.state', {})).operator).toBeNull();
      again.close();
      display.close();
    },
  );

  it('never writes a pairing token to its log', () => {
    const text = logText();
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toContain(first.token);
  });

  it(
    '"pairing rotate" while the host runs tells the open screens to pair again; the new tokens work at once',
    { timeout: 120_000 },
    async () => {
      const before = JSON.parse(readFileSync(join(dataDir, 'pairing.json'), 'utf8')) as { token: string };
      const ws = opened(await openApi(first.port, before.token, true));
      const closed = new Promise<number>((done) => ws.once('close', (code) => done(code)));
      const r = rotate();
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/A running host takes them within a few seconds/);
      expect(await closed).toBe(PAIRING_REFUSED_CLOSE);

      const after = JSON.parse(readFileSync(join(dataDir, 'pairing.json'), 'utf8')) as { port: number; token: string };
      expect(after.port).toBe(first.port);
      expect(after.token).not.toBe(before.token);
      expect(await openApi(first.port, before.token, true)).toEqual({ closeCode: PAIRING_REFUSED_CLOSE });
      const again = opened(await openApi(first.port, after.token, true));
      expect((await call(again, 'session.state', {})).operator).toBeNull();
      again.close();
      expect(logText()).not.toContain(after.token);
      expect(served!.output.join('')).toMatch(/The pairing tokens were rotated/);
    },
  );

  it(
    'after "pairing rotate" and a restart, old screens are told to pair again; the new tokens work at the same port',
    { timeout: 180_000 },
    async () => {
      await stopServe(served);
      served = undefined;
      const r = rotate();
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/else at its next start/);
      expect(r.stdout).not.toContain(first.token);

      served = await startServe(dataDir, { port: 'remembered' });
      const now = addressOf(served.pairingUrl);
      expect(now.port).toBe(first.port);
      expect(now.token).not.toBe(first.token);
      expect(served.displayUrl).not.toBe(firstDisplay);

      // The till's own page with the old token: let in only to be told, by the close code.
      expect(await openApi(first.port, first.token, true)).toEqual({ closeCode: PAIRING_REFUSED_CLOSE });
      // Anything else with it (no Origin: a script) is refused outright.
      expect(await openApi(first.port, first.token, false)).toEqual({ status: 403 });
      const ws = opened(await openApi(now.port, now.token, true));
      expect((await call(ws, 'session.state', {})).operator).toBeNull();
      ws.close();
    },
  );

  it('refuses to start when its port is taken, naming it, instead of moving to another address', { timeout: 120_000 }, async () => {
    await stopServe(served);
    served = undefined;
    const before = readFileSync(join(dataDir, 'pairing.json'), 'utf8');
    const taken: Server = createServer();
    await new Promise<void>((done) => taken.listen(first.port, '127.0.0.1', () => done()));
    try {
      const r = spawnSync(process.execPath, [CLI, 'serve', '--data-dir', dataDir], {
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, TILLPROOF_CONFIG: '' },
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`port ${first.port} on 127.0.0.1 is taken by another program`);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(readFileSync(join(dataDir, 'pairing.json'), 'utf8')).toBe(before);
    } finally {
      await new Promise((done) => taken.close(done));
    }
  });
});
