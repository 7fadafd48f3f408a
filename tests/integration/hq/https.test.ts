// HQ serving HTTPS itself (Fastify with the config's tls files), a terminal syncing over https
// with a private CA pinned, a terminal without that CA refused by TLS, and plain HTTP on a
// non-loopback address refused at start. Certificates are made for the test with the openssl CLI
// (Debian: the openssl package, pulled in by ca-certificates; scripts/setup-debian.sh).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import https from 'node:https';
import type pg from 'pg';
import type { RunningHq } from '../../../hq/server.ts';
import { startHqServer } from '../../../hq/server.ts';
import { enrollWithHq, startSyncRunner } from '../../../host/sync-runner.ts';
import { createEnrollmentCode } from '../../../hq/enrollment.ts';
import { assertSafeListen } from '../../../hq/config.ts';
import { SqliteCatalog } from '../../../db/master-data.ts';
import {
  enroll,
  hqSummary,
  hqTestConfig,
  openTestTerminal,
  removeTerminal,
  sell,
  startTestHq,
  terminalSummary,
  TEST_CLOCK,
  waitFor,
} from '../../helpers/hq.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const postgres = usePostgres();
let pool: pg.Pool;
let hq: RunningHq;
let dir: string;
let caPem: string;

/** A private CA and a server certificate for 127.0.0.1 / localhost signed by it. */
function makeCertificates(into: string): { ca: string; cert: string; key: string } {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: into, stdio: ['ignore', 'ignore', 'pipe'] });
  run(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=Tillproof Test CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  run(
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    'hq.key',
    '-out',
    'hq.csr',
  );
  writeFileSync(
    join(into, 'hq.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n',
  );
  run(
    'x509',
    '-req',
    '-in',
    'hq.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'hq.ext',
    '-out',
    'hq.pem',
  );
  return { ca: join(into, 'ca.pem'), cert: join(into, 'hq.pem'), key: join(into, 'hq.key') };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tillproof-hq-tls-'));
  const files = makeCertificates(dir);
  caPem = readFileSync(files.ca, 'utf8');
  ({ pool } = postgres);
  hq = await startTestHq(pool, { tls: { certFile: files.cert, keyFile: files.key } });
});

afterAll(async () => {
  await hq?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('HQ over HTTPS', () => {
  it('serves https; a terminal with the CA pinned enrolls, pushes its ledger and pulls master data', async () => {
    expect(hq.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const t = openTestTerminal('T-TLS-1');
    try {
      const { code } = await createEnrollmentCode(pool, { storeId: t.storeId, terminalId: t.terminalId, validHours: 1 });
      await enrollWithHq({ dataDir: t.dataDir, store: t.store, signer: t.signer, hqUrl: hq.url, code, ca: caPem });
      await hq.service.masterData.importCatalog(
        [
          {
            productId: 'p-tls',
            sku: 'TLS1',
            name: 'TLS tea',
            names: {},
            department: 'drinks',
            taxClass: 'standard',
            unit: 'each',
            prices: { retail: 1234 },
            barcodes: [],
            active: true,
            itemCode: null,
          },
        ],
        { source: 'test', merge: true },
      );
      sell(t, 25);
      const runner = startSyncRunner({
        dataDir: t.dataDir,
        store: t.store,
        signer: t.signer,
        hqUrl: hq.url,
        ca: caPem,
        timeZone: 'Asia/Taipei',
        rolloverHour: 4,
        clock: TEST_CLOCK,
        idleIntervalMs: 30,
        masterDataIntervalMs: 30,
        backoff: { baseMs: 20, maxMs: 100, factor: 2 },
      });
      try {
        await waitFor(
          () => runner.raw().pending === 0 && new SqliteCatalog(t.store.database).byId('p-tls') !== undefined,
          20_000,
          'sync over https',
        );
        const mine = terminalSummary(t);
        expect(await hqSummary(pool, t.terminalId)).toMatchObject({ count: mine.count, lastHash: mine.lastHash });
        expect(new SqliteCatalog(t.store.database).byId('p-tls')?.prices.retail).toBe(1234);
      } finally {
        await runner.stop();
      }
    } finally {
      removeTerminal(t);
    }
  });

  it('a terminal without the CA does not trust HQ: nothing is sent, the sync shows HQ unreachable', async () => {
    const t = openTestTerminal('T-TLS-2');
    try {
      const { code } = await createEnrollmentCode(pool, { storeId: t.storeId, terminalId: t.terminalId, validHours: 1 });
      await expect(enrollWithHq({ dataDir: t.dataDir, store: t.store, signer: t.signer, hqUrl: hq.url, code })).rejects.toThrow(
        /certificate|self.signed|unable to verify/i,
      );
      // Enrolled with the CA, then syncing without it: refused by TLS every time.
      await enrollWithHq({ dataDir: t.dataDir, store: t.store, signer: t.signer, hqUrl: hq.url, code, ca: caPem });
      sell(t, 5);
      const runner = startSyncRunner({
        dataDir: t.dataDir,
        store: t.store,
        signer: t.signer,
        hqUrl: hq.url,
        timeZone: 'Asia/Taipei',
        rolloverHour: 4,
        clock: TEST_CLOCK,
        idleIntervalMs: 30,
        backoff: { baseMs: 20, maxMs: 100, factor: 2 },
      });
      try {
        await waitFor(() => runner.status().state === 'offline' || runner.status().state === 'error', 20_000, 'the untrusted HQ');
        expect((await hqSummary(pool, t.terminalId)).count).toBe(0);
      } finally {
        await runner.stop();
      }
    } finally {
      removeTerminal(t);
    }
  });

  it('the console over HTTPS: its session cookie is Secure with the __Host- prefix, and the https Origin is the one admitted', async () => {
    await hq.service.users.add(
      { username: 'tls-admin', displayName: 'TLS admin', role: 'admin', stores: [], password: 'a long enough password', totp: false },
      'test',
    );
    const request = (origin: string, body: string) =>
      new Promise<{ status: number; cookies: string[] }>((resolve, reject) => {
        const req = https.request(
          `${hq.url}/console/api/session`,
          { method: 'POST', ca: caPem, headers: { origin, 'content-type': 'application/json' } },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, cookies: res.headers['set-cookie'] ?? [] }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const body = JSON.stringify({ username: 'tls-admin', password: 'a long enough password' });
    expect((await request(hq.url.replace('https:', 'http:'), body)).status).toBe(403);
    const ok = await request(hq.url, body);
    expect(ok.status).toBe(200);
    expect(ok.cookies[0]).toMatch(/^__Host-tillproof-hq=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
  });

  it('plain HTTP is refused on a non-loopback address (config.insecure-listen); with tls it is allowed by the rule', async () => {
    await expect(startHqServer({ config: hqTestConfig({ listen: { host: '0.0.0.0', port: 0 } }), pool })).rejects.toMatchObject({
      code: 'config.insecure-listen',
    });
    await expect(startHqServer({ config: hqTestConfig({ listen: { host: '192.0.2.10', port: 0 } }), pool })).rejects.toMatchObject({
      code: 'config.insecure-listen',
    });
    expect(() =>
      assertSafeListen({ listen: { host: '0.0.0.0', port: 443 }, tls: { certFile: 'hq.pem', keyFile: 'hq.key' } }),
    ).not.toThrow();
  });

  it('plain http:// to the TLS port gets no answer from HQ', async () => {
    const plain = hq.url.replace('https://', 'http://');
    const t = openTestTerminal('T-TLS-3');
    try {
      await expect(enroll({ ...hq, url: plain }, t)).rejects.toThrow();
    } finally {
      removeTerminal(t);
    }
  });
});
