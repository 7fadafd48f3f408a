// `tillproof hq serial show` over the entries HQ holds from every till (issue #14): a piece sold at
// one store and sold again at another without coming back is marked, with both entries named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hqCommand } from '../../../cli/hq-commands.ts';
import type { RunningHq } from '../../../hq/server.ts';
import { HttpHqClient } from '../../../platform/hq-client.ts';
import { draft, saleBody } from '../../helpers/ledger.ts';
import { enroll, hqSummary, openTestTerminal, removeTerminal, startTestHq, waitFor, type TestTerminal } from '../../helpers/hq.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const postgres = usePostgres();
let hq: RunningHq;
let dir: string;
let configFile: string;
const terminals: TestTerminal[] = [];

beforeAll(async () => {
  hq = await startTestHq(postgres.pool);
  dir = mkdtempSync(join(tmpdir(), 'tillproof-hq-serial-'));
  configFile = join(dir, 'hq.json');
  writeFileSync(configFile, JSON.stringify({ databaseUrl: postgres.url, currency: 'TWD' }));
});

afterAll(async () => {
  for (const t of terminals) removeTerminal(t);
  await hq?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A till that sold the watch with `serial` (to `member`, if any) at `at`, its entries pushed to HQ. */
async function tillSelling(terminalId: string, storeId: string, serial: string, at: string, member?: string): Promise<number> {
  const t = openTestTerminal(terminalId, storeId);
  terminals.push(t);
  await enroll(hq, t);
  const seq = t.store.write((tx) => {
    const body = saleBody(tx.nextReceiptNo());
    body.lines[0]!.serial = { value: serial, entry: 'scanned' };
    if (member) body.member = { memberId: member, tier: 'vip', verification: 'app-code' };
    return tx.append(draft('sale', body, at, at.slice(0, 10), 'S-101')).seq;
  });
  const client = new HttpHqClient({ baseUrl: hq.url, terminalId, signer: t.signer });
  try {
    await client.pushEntries({ terminalId, entries: [...t.store.entries()], bytes: 0 });
  } finally {
    client.close();
  }
  await waitFor(async () => (await hqSummary(postgres.pool, terminalId)).lastSeq === t.store.head().seq, 20_000, `${terminalId} at HQ`);
  return seq;
}

async function show(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io = { out: (t: string) => void (out += `${t}\n`), err: (t: string) => void (out += `${t}\n`) };
  const code = await hqCommand(['serial', 'show', ...args, '--config', configFile], io);
  return { code, out };
}

describe('tillproof hq serial show', () => {
  it('reads a serial across stores from HQ and marks a piece sold twice', async () => {
    const first = await tillSelling('T-A1', 'STORE-A', 'WX-77', '2026-11-20T02:00:00.000Z', 'M-0002');
    let r = await show('wx-77');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`SOLD\\s+to M-0002\\s+store STORE-A .*entry T-A1#${first} `));
    expect(r.out).toMatch(/owner of record: M-0002/);

    const second = await tillSelling('T-B1', 'STORE-B', 'WX-77', '2026-11-20T06:00:00.000Z');
    r = await show('WX-77', '--json');
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.out.split('\n')[0]!) as { owner: unknown; events: Array<Record<string, unknown>> };
    expect(parsed.events.map((e) => [e.terminalId, e.seq, e.storeId, e.anomaly ?? null])).toEqual([
      ['T-A1', first, 'STORE-A', null],
      ['T-B1', second, 'STORE-B', 'sold-while-sold'],
    ]);
    expect(parsed.owner).toEqual({ status: 'sold', memberId: null });
    expect((await show('NOPE-1')).out).toMatch(/owner of record: none: never sold/);
  });
});
