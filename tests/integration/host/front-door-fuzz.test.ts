// The browser-mode front door never falls over, whatever a local process sends it: a seeded,
// bounded fuzz over request lines, methods, paths (malformed escapes included), headers, huge
// and slow requests, and WebSocket frames (malformed at the byte level, huge, binary, wrong JSON,
// wrong schema, unauthenticated). The host runs in its own process, so a crash is the process
// exiting; after every case the till must still answer /healthz and a paired client's call.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { MAX_FRAME_BYTES, methods } from '../../../core/contract/index.ts';
import { tempDir } from '../../helpers/ledger.ts';

const HOST = join(import.meta.dirname, 'fixtures/front-door-host.ts');
const HEADERS_TIMEOUT_MS = 1_000;

/** mulberry32: the same cases on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dir = tempDir('tillproof-front-door-');
let child: ChildProcess;
let port = 0;
let token = '';
let displayToken = '';
let exited: string | null = null;

beforeAll(async () => {
  const staticDir = join(dir.path, 'dist');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>till</title>');
  child = spawn(process.execPath, [HOST, join(dir.path, 'data'), staticDir, String(HEADERS_TIMEOUT_MS)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  child.on('exit', (code, signal) => (exited = `host exited (${code ?? signal}): ${err.slice(-2000)}`));
  const first = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) done(out.split('\n')[0]!);
    });
    child.once('exit', () => fail(new Error(exited ?? 'host exited')));
  });
  ({ port, token, displayToken } = JSON.parse(first) as { port: number; token: string; displayToken: string });
}, 60_000);

afterAll(async () => {
  if (child.exitCode === null && child.signalCode === null) {
    const gone = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await gone;
  }
  dir.cleanup();
});

function healthz(): Promise<number> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', agent: false, headers: { Host: `127.0.0.1:${port}` } }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
    });
    req.on('error', fail);
    req.end();
  });
}

function openApi(withToken: string): Promise<WebSocket> {
  return new Promise((done, fail) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${encodeURIComponent(withToken)}`);
    ws.once('open', () => done(ws));
    ws.once('error', fail);
  });
}

/** A paired client's call gets its answer: the till still works, not only its health page. */
async function pairedCallWorks(): Promise<boolean> {
  const ws = await openApi(token);
  const reply = await new Promise<{ ok: boolean }>((done) => {
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString('utf8')) as { type: string; id: number; ok: boolean };
      if (msg.type === 'result' && msg.id === 1) done(msg);
    });
    ws.send(JSON.stringify({ type: 'call', id: 1, method: 'session.state', params: {} }));
  });
  ws.close();
  return reply.ok;
}

async function stillServing(what: string): Promise<void> {
  expect(exited, what).toBeNull();
  expect(await healthz(), what).toBe(200);
}

/** Sends raw bytes, ends its side, and waits until the server has closed the connection. */
function rawExchange(bytes: Buffer | string, endAfter = true): Promise<string> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.on('data', (d: Buffer) => (reply += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => done(reply));
    socket.on('connect', () => {
      socket.write(bytes, (e) => {
        if (e) fail(e);
        else if (endAfter) socket.end();
      });
    });
  });
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT', 'FOO', 'G ET', '', 'GET\0'];
const PATH_PIECES = [
  '/',
  '/healthz',
  '/index.html',
  '/api',
  '/%E0%A4%A',
  '/%',
  '/%%',
  '/%ZZ',
  '/%00',
  '/%C0%AF',
  '/%ff%fe',
  '/..%2f..%2fetc%2fpasswd',
  '/../../secret.txt',
  '//',
  '\\\\',
  '/assets/%E0%A4%A.js',
  '/縮',
  '*',
  'http://[',
  'http://127.0.0.1:1/%E0',
  '/?token=%E0%A4%A',
  '/api?token=%',
  '/a'.repeat(3000),
];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'HTTX/1.1', ''];

function pick<T>(rng: () => number, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)]!;
}

function randomText(rng: () => number, max: number): string {
  const n = Math.floor(rng() * max);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(rng() * (rng() < 0.8 ? 128 : 0x3000)));
  return s;
}

function randomHeaders(rng: () => number): string[] {
  const lines: string[] = [];
  const host = pick(rng, [`127.0.0.1:${port}`, `localhost:${port}`, 'evil.example', '', `127.0.0.1:${port}\r\nHost: x`]);
  if (rng() < 0.9) lines.push(`Host: ${host}`);
  const extras = Math.floor(rng() * 5);
  for (let i = 0; i < extras; i++) {
    lines.push(
      pick(rng, [
        `X-${randomText(rng, 12)}: ${randomText(rng, 40)}`,
        `Content-Length: ${pick(rng, ['-1', '0', '5', '99999999999999999999', 'abc', '10, 12'])}`,
        'Transfer-Encoding: chunked',
        'Transfer-Encoding: gzip, chunked',
        `Origin: ${pick(rng, ['null', 'http://evil.example', `http://127.0.0.1:${port}`, '%E0%A4%A'])}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${pick(rng, ['', 'short', randomBytes(16).toString('base64')])}`,
        'Sec-WebSocket-Version: 13',
        `Cookie: ${randomText(rng, 200)}`,
        'Expect: 100-continue',
        `: no name`,
        `Bad Header Name: x`,
      ]),
    );
  }
  return lines;
}

function randomRequest(rng: () => number): string {
  const path =
    rng() < 0.7
      ? pick(rng, PATH_PIECES)
      : pick(rng, PATH_PIECES) + encodeURI(randomText(rng, 20)).replace(/%/g, pick(rng, ['%', '%%', '%E']));
  const head = [`${pick(rng, METHODS)} ${path} ${pick(rng, VERSIONS)}`, ...randomHeaders(rng)].join(
    pick(rng, ['\r\n', '\r\n', '\n', '\r']),
  );
  const body = rng() < 0.3 ? randomText(rng, 300) : '';
  return `${head}\r\n\r\n${body}`;
}

describe('the front door under fuzzing', () => {
  it('answers 400 to the malformed escape that used to end the host, and keeps serving', async () => {
    const reply = await rawExchange(`GET /%E0%A4%A HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    await stillServing('after GET /%E0%A4%A');
    expect(await pairedCallWorks()).toBe(true);
  });

  it('survives 500 seeded malformed HTTP requests, answering /healthz after each', async () => {
    const rng = seeded(0x7111);
    for (let i = 0; i < 500; i++) {
      const req = randomRequest(rng);
      await rawExchange(req);
      await stillServing(`HTTP case ${i}: ${JSON.stringify(req.slice(0, 200))}`);
    }
    expect(await pairedCallWorks()).toBe(true);
  }, 60_000);

  it('answers huge requests (head, URL, body) without falling over', async () => {
    const huge = 'x'.repeat(200_000);
    expect(await rawExchange(`GET /${huge} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431/);
    expect(await rawExchange(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Big: ${huge}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431/);
    const body = Buffer.alloc(8 * 1024 * 1024, 0x41);
    const reply = await rawExchange(
      Buffer.concat([Buffer.from(`POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: ${body.length}\r\n\r\n`), body]),
    );
    expect(reply).toMatch(/^HTTP\/1\.1 405/);
    await stillServing('after huge requests');
  }, 30_000);

  it('cuts off slow clients that never finish their request head, while others are served', async () => {
    const slow: Socket[] = [];
    const closed: Promise<void>[] = [];
    const drips: NodeJS.Timeout[] = [];
    for (let i = 0; i < 20; i++) {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      closed.push(new Promise((done) => socket.on('close', () => done())));
      socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
      // One header byte every 100 ms: never a whole head.
      drips.push(setInterval(() => socket.writable && socket.write('X'), 100));
      slow.push(socket);
    }
    try {
      // While they hang on, a normal request and a paired call are answered.
      expect(await healthz()).toBe(200);
      expect(await pairedCallWorks()).toBe(true);
      // The server, not the test, ends them: each head is late past the headers timeout.
      await Promise.all(closed);
    } finally {
      for (const d of drips) clearInterval(d);
      for (const s of slow) s.destroy();
    }
    await stillServing('after slow clients');
  }, 20_000);

  it('survives seeded WebSocket abuse: bad JSON, wrong schema, binary, huge, unauthenticated', async () => {
    const rng = seeded(0x5eed);
    const names = Object.keys(methods);
    for (let i = 0; i < 120; i++) {
      const kind = Math.floor(rng() * 6);
      if (kind === 0) {
        // Unauthenticated or wrong token: refused at the upgrade.
        const given = pick(rng, ['', 'x', token.slice(1), `${token}%`, '%E0%A4%A', displayToken + 'x']);
        const refused = await new Promise<number>((done) => {
          const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${given}`);
          ws.once('unexpected-response', (_req, res) => done(res.statusCode ?? 0));
          ws.once('open', () => done(101));
          ws.once('error', () => done(0));
        });
        expect(refused, `WS case ${i}`).not.toBe(101);
      } else {
        const ws = await openApi(rng() < 0.8 ? token : displayToken);
        const gone = new Promise<void>((done) => ws.once('close', () => done()));
        ws.on('error', () => undefined);
        const frames: (string | Buffer)[] = [
          randomText(rng, 200),
          JSON.stringify({
            type: 'call',
            id: Math.floor(rng() * 1e6),
            method: pick(rng, names),
            params: JSON.parse(JSON.stringify({ a: randomText(rng, 30) })),
          }),
          JSON.stringify({
            type: 'call',
            id: i,
            method: pick(rng, names),
            params: pick(rng, [null, [], 1, 'x', { code: randomText(rng, 50) }, { lineNo: -1 }]),
          }),
          JSON.stringify(pick(rng, [null, 1, [], {}, { type: 'call' }, { type: 'event', id: 'x' }, { type: 'call', id: 'x', method: 1 }])),
          '{"type":"call","id":1,"method":"session.state","params":' + '['.repeat(5000),
          Buffer.from(randomText(rng, 100)),
          'x'.repeat(MAX_FRAME_BYTES + 1 + Math.floor(rng() * 1000)),
        ];
        const frame = frames[kind === 5 ? 6 : Math.floor(rng() * frames.length)]!;
        ws.send(frame, { binary: Buffer.isBuffer(frame) });
        ws.send(JSON.stringify({ type: 'call', id: 424242, method: 'session.state', params: {} }));
        await Promise.race([
          gone,
          new Promise<void>((done) =>
            ws.on('message', (data: Buffer) => (JSON.parse(data.toString('utf8')) as { id?: number }).id === 424242 && done()),
          ),
        ]);
        ws.terminate();
      }
      await stillServing(`WS case ${i}`);
    }
    expect(await pairedCallWorks()).toBe(true);
  }, 60_000);

  it('survives malformed WebSocket frames at the byte level after a valid handshake', async () => {
    const rng = seeded(0xf4a3e);
    for (let i = 0; i < 60; i++) {
      const key = randomBytes(16).toString('base64');
      const handshake = `GET /api?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`;
      const junk = Buffer.alloc(10 + Math.floor(rng() * 64));
      for (let b = 0; b < junk.length; b++) junk[b] = Math.floor(rng() * 256);
      // Some frames claim a 2^63-byte payload, some are unmasked, some use reserved bits or opcodes.
      if (i % 4 === 0) junk.set([0x81, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 0);
      await rawExchange(Buffer.concat([Buffer.from(handshake), junk]));
      await stillServing(`WS frame case ${i}`);
    }
    expect(await pairedCallWorks()).toBe(true);
  }, 60_000);
});
