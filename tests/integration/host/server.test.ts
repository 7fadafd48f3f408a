// Browser mode's front door: only the paired page of this till may drive it. Another local web
// page (wrong or no token, its own Origin, a rebound host name) gets nothing; a paired client
// gets typed errors for malformed frames and the connection survives them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { MAX_FRAME_BYTES } from '../../../core/contract/index.ts';
import { DEMO_CONFIG, parseConfig } from '../../../host/config.ts';
import { CONTENT_SECURITY_POLICY, serve, type RunningServer } from '../../../host/server.ts';
import { startTerminal, type TerminalRuntime } from '../../../host/terminal-runtime.ts';
import { tempDir } from '../../helpers/ledger.ts';

const dir = tempDir('tillproof-server-');
let runtime: TerminalRuntime;
let server: RunningServer;

beforeAll(async () => {
  const staticDir = join(dir.path, 'dist');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>till</title>');
  writeFileSync(join(dir.path, 'secret.txt'), 'outside the renderer');
  runtime = startTerminal({ dataDir: join(dir.path, 'data'), config: parseConfig(DEMO_CONFIG, 'demo'), demo: true });
  server = await serve({ runtime, port: 0, staticDir, log: { error: () => undefined } });
});

afterAll(async () => {
  await server.close();
  await runtime.close();
  dir.cleanup();
});

function get(
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** Opens the API socket; resolves with the socket, or with the HTTP status the upgrade got. */
function connectApi(token: string, headers: Record<string, string> = {}): Promise<WebSocket | number> {
  return new Promise((done, fail) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${encodeURIComponent(token)}`, { headers });
    ws.once('open', () => done(ws));
    ws.once('unexpected-response', (_req, res) => done(res.statusCode ?? 0));
    ws.once('error', fail);
  });
}

function call(ws: WebSocket, frame: string): Promise<{ ok: boolean; error?: { code: string }; result?: unknown }> {
  return new Promise((done) => {
    const onMessage = (data: Buffer) => {
      const msg = JSON.parse(data.toString('utf8')) as { type: string; ok: boolean };
      if (msg.type !== 'result') return;
      ws.off('message', onMessage);
      done(msg);
    };
    ws.on('message', onMessage);
    ws.send(frame);
  });
}

describe('browser mode server', () => {
  it('pairs only through the token in the URL fragment, which no request carries', () => {
    expect(server.pairingUrl).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the screens with a strict Content-Security-Policy and nothing outside the renderer folder', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const escape = await get('/..%2fsecret.txt');
    expect(escape.body).not.toContain('outside the renderer');
    expect((await get('/', {}, 'POST')).status).toBe(405);
  });

  it('answers nothing to a page that reached it through another host name (DNS rebinding)', async () => {
    const page = await get('/', { Host: `attacker.example:${server.port}` });
    expect(page.status).toBe(421);
    expect(page.body).not.toContain('<title>till');
    expect(
      await connectApi(server.token, { Host: `attacker.example:${server.port}`, Origin: `http://attacker.example:${server.port}` }),
    ).toBe(403);
  });

  it('refuses the API without the right token, and to any other origin even with it', async () => {
    expect(await connectApi('')).toBe(403);
    expect(await connectApi(`${server.token.slice(0, -1)}x`)).toBe(403);
    expect(await connectApi(server.token, { Origin: 'http://evil.example' })).toBe(403);
    expect(await connectApi(server.token, { Origin: 'null' })).toBe(403);
    expect(await connectApi(server.token, { Origin: `http://127.0.0.1:${server.port + 1}` })).toBe(403);
  });

  it('lets the paired page in, and answers malformed frames with typed errors without dropping it', async () => {
    const ws = await connectApi(server.token, { Origin: `http://127.0.0.1:${server.port}` });
    expect(ws).toBeInstanceOf(WebSocket);
    const socket = ws as WebSocket;
    try {
      expect((await call(socket, 'not json')).error?.code).toBe('payload.invalid');
      expect((await call(socket, JSON.stringify({ type: 'call', id: 1, method: 'drawer.open.now', params: {} }))).ok).toBe(false);
      const bad = await call(socket, JSON.stringify({ type: 'call', id: 2, method: 'sale.scan', params: { code: '', source: 'hid' } }));
      expect(bad.error?.code).toMatch(/^payload\./);
      // Nobody is signed in: selling is refused by the host, whatever the page claims.
      const scan = await call(
        socket,
        JSON.stringify({ type: 'call', id: 3, method: 'sale.scan', params: { code: '4711037000012', source: 'hid' } }),
      );
      expect(scan.ok).toBe(false);
      expect(scan.error?.code).toBe('auth.required');
      const state = await call(socket, JSON.stringify({ type: 'call', id: 4, method: 'session.state', params: {} }));
      expect(state.ok).toBe(true);
      expect((state.result as { operator: unknown }).operator).toBeNull();
    } finally {
      socket.close();
    }
  });

  it('gives the customer display its own address, which can read the sale but never sell or open the drawer', async () => {
    expect(server.displayUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/#display&token=[\\w-]{32}$`));
    const displayToken = new URLSearchParams(server.displayUrl.split('#')[1]).get('token')!;
    expect(displayToken).not.toBe(server.token);
    const socket = (await connectApi(displayToken, { Origin: `http://127.0.0.1:${server.port}` })) as WebSocket;
    try {
      expect((await call(socket, JSON.stringify({ type: 'call', id: 1, method: 'session.state', params: {} }))).ok).toBe(true);
      for (const [method, params] of [
        ['session.login', { method: 'pin', staffId: 'S003', pin: '3333' }],
        ['drawer.noSale', { reason: 'x' }],
        ['sale.scan', { code: '4711037000012', source: 'hid' }],
      ] as const) {
        const refused = await call(socket, JSON.stringify({ type: 'call', id: 2, method, params }));
        expect(refused.error?.code, method).toBe('permission.denied');
      }
    } finally {
      socket.close();
    }
  });

  it('closes a socket that sends a frame larger than the contract allows', async () => {
    const socket = (await connectApi(server.token)) as WebSocket;
    const closed = new Promise<number>((done) => socket.once('close', (code) => done(code)));
    socket.send('x'.repeat(MAX_FRAME_BYTES + 1024));
    expect(await closed).toBe(1009);
  });
});
