// Taiwan e-invoice uploads at HQ against a real PostgreSQL and a real Turnkey folder on disk:
// every message type written atomically into UpCast/B2SSTORAGE/<type>/SRC and recorded with its
// deadline; a duplicate or a schema-invalid file refused with nothing written; statuses followed
// as Turnkey moves files (picked up, BAK, ERR); overdue files shown by `tillproof hq einvoice
// status`; tracks and non-overlapping terminal ranges; the E0402 files of a closed period.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { hqCommand } from '../../../cli/hq-commands.ts';
import type { CommandIo } from '../../../cli/io.ts';
import type { InvoiceIssue } from '../../../hq/einvoice/invoice-message.ts';
import { messageFolder, srcFolder } from '../../../hq/einvoice/turnkey-folder.ts';
import { assignRange, listRanges, writeBlankNumberFiles } from '../../../hq/einvoice/tracks.ts';
import { listUploads, refreshUploadStatuses, uploadDocument } from '../../../hq/einvoice/uploads.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const postgres = usePostgres();
let pool: pg.Pool;
let dir: string;
let turnkey: string;
let configFile: string;

const SELLER = { ubn: '04595257', name: 'Tillproof 示範店' };

function capture(): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

function issue(invoiceNumber: string, issuedAt: string, buyer: InvoiceIssue['buyer'] = null): InvoiceIssue {
  return {
    invoiceNumber,
    issuedAt,
    seller: SELLER,
    buyer,
    identification: { kind: 'print' },
    randomNumber: '0122',
    lines: [{ description: '乾電池', quantity: 1, unitPrice: 105, amount: 105, taxType: 'taxable' }],
    taxAmount: buyer ? 5 : 0,
  };
}

beforeAll(() => {
  pool = postgres.pool;
  dir = mkdtempSync(join(tmpdir(), 'tillproof-einvoice-'));
  turnkey = join(dir, 'EINVTurnkey');
  configFile = join(dir, 'hq.json');
  writeFileSync(configFile, JSON.stringify({ databaseUrl: postgres.url, einvoice: { turnkeyDir: turnkey, sellerUbn: SELLER.ubn } }));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('e-invoice upload files', () => {
  it('writes each message type into its SRC folder and records it with its deadline', async () => {
    const at = '2026-11-20T05:00:00Z';
    const records = [
      await uploadDocument(pool, turnkey, { type: 'F0401', issue: issue('AB11223300', at) }),
      await uploadDocument(pool, turnkey, { type: 'F0401', issue: issue('AB11223301', at, { ubn: '22099131', name: '買方公司' }) }),
      await uploadDocument(pool, turnkey, {
        type: 'F0501',
        void: {
          invoiceNumber: 'AB11223300',
          invoiceIssuedAt: at,
          sellerUbn: SELLER.ubn,
          buyerUbn: null,
          at: '2026-11-20T06:00:00Z',
          reason: '退貨',
        },
      }),
      await uploadDocument(pool, turnkey, {
        type: 'F0701',
        cancel: { invoiceNumber: 'AB11223301', invoiceIssuedAt: at, sellerUbn: SELLER.ubn, buyerUbn: '22099131', at, reason: '重開' },
      }),
      await uploadDocument(pool, turnkey, {
        type: 'G0401',
        allowance: {
          allowanceNumber: 'AL2026112000001',
          issuedAt: at,
          seller: SELLER,
          buyer: null,
          allowanceType: '2',
          lines: [
            {
              originalInvoiceNumber: 'AB11223302',
              originalInvoiceIssuedAt: at,
              originalDescription: '乾電池',
              quantity: 1,
              unitPrice: 100,
              amount: 100,
              tax: 5,
              taxType: 'taxable',
            },
          ],
        },
      }),
      await uploadDocument(pool, turnkey, {
        type: 'G0501',
        void: {
          allowanceNumber: 'AL2026112000001',
          allowanceIssuedAt: at,
          allowanceType: '2',
          sellerUbn: SELLER.ubn,
          buyerUbn: null,
          at,
          reason: '有誤',
        },
      }),
    ];
    expect(records.map((r) => [r.messageType, r.document, r.status, r.deadline])).toEqual([
      ['F0401', 'AB11223300', 'written', '2026-11-22T05:00:00.000Z'],
      ['F0401', 'AB11223301', 'written', '2026-11-27T05:00:00.000Z'],
      ['F0501', 'AB11223300', 'written', '2026-11-22T06:00:00.000Z'],
      ['F0701', 'AB11223301', 'written', '2026-11-27T05:00:00.000Z'],
      ['G0401', 'AL2026112000001', 'written', '2026-11-22T05:00:00.000Z'],
      ['G0501', 'AL2026112000001', 'written', '2026-11-22T05:00:00.000Z'],
    ]);
    expect(readdirSync(srcFolder(turnkey, 'F0401')).sort()).toEqual(['F0401_AB11223300.xml', 'F0401_AB11223301.xml']);
    const xml = readFileSync(join(srcFolder(turnkey, 'F0501'), 'F0501_AB11223300.xml'), 'utf8');
    expect(xml).toContain('<CancelInvoiceNumber>AB11223300</CancelInvoiceNumber>');
  });

  it('refuses a second file for the same document and keeps the first', async () => {
    await expect(
      uploadDocument(pool, turnkey, { type: 'F0401', issue: { ...issue('AB11223300', '2026-11-21T05:00:00Z'), randomNumber: '9999' } }),
    ).rejects.toMatchObject({
      code: 'einvoice.duplicate',
    });
    expect(readFileSync(join(srcFolder(turnkey, 'F0401'), 'F0401_AB11223300.xml'), 'utf8')).toContain('<RandomNumber>0122</RandomNumber>');
  });

  it('a file its schema refuses is neither recorded nor written', async () => {
    const tooLong = { ...issue('AB11223399', '2026-11-20T05:00:00Z'), seller: { ...SELLER, name: '店'.repeat(61) } };
    await expect(uploadDocument(pool, turnkey, { type: 'F0401', issue: tooLong })).rejects.toMatchObject({
      code: 'einvoice.schema',
      message: expect.stringMatching(/Name/),
    });
    expect(existsSync(join(srcFolder(turnkey, 'F0401'), 'F0401_AB11223399.xml'))).toBe(false);
    expect((await pool.query(`SELECT 1 FROM hq_einvoice_uploads WHERE document = 'AB11223399'`)).rowCount).toBe(0);
  });

  it('a file that cannot be written leaves no row behind', async () => {
    // A plain file where the F0701 folder should be: the write fails.
    const blocked = join(dir, 'blocked');
    mkdirSync(join(blocked, 'UpCast', 'B2SSTORAGE'), { recursive: true });
    writeFileSync(join(blocked, 'UpCast', 'B2SSTORAGE', 'F0701'), 'not a folder');
    await expect(
      uploadDocument(pool, blocked, {
        type: 'F0701',
        cancel: {
          invoiceNumber: 'AB11223398',
          invoiceIssuedAt: '2026-11-20T05:00:00Z',
          sellerUbn: SELLER.ubn,
          buyerUbn: null,
          at: '2026-11-20T05:00:00Z',
          reason: '重開',
        },
      }),
    ).rejects.toMatchObject({ code: 'einvoice.folder' });
    expect((await pool.query(`SELECT 1 FROM hq_einvoice_uploads WHERE document = 'AB11223398'`)).rowCount).toBe(0);
  });

  it('follows the files as Turnkey takes them, and lists the overdue ones', async () => {
    const f0401 = messageFolder(turnkey, 'F0401');
    mkdirSync(join(f0401, 'BAK', '20261120', '13'), { recursive: true });
    renameSync(join(f0401, 'SRC', 'F0401_AB11223300.xml'), join(f0401, 'BAK', '20261120', '13', 'F0401_AB11223300.xml'));
    const g0401 = messageFolder(turnkey, 'G0401');
    mkdirSync(join(g0401, 'ERR', '20261120'), { recursive: true });
    renameSync(join(g0401, 'SRC', 'G0401_AL2026112000001.xml'), join(g0401, 'ERR', '20261120', 'G0401_AL2026112000001_1787020405256.xml'));
    rmSync(join(srcFolder(turnkey, 'F0501'), 'F0501_AB11223300.xml')); // taken, no result yet

    const now = new Date('2026-11-23T00:00:00Z');
    expect(await refreshUploadStatuses(pool, turnkey, now)).toBe(3);
    expect(await refreshUploadStatuses(pool, turnkey, now)).toBe(0);
    const all = await listUploads(pool, { now });
    const status = Object.fromEntries(all.map((r) => [`${r.messageType} ${r.document}`, [r.status, r.overdue]]));
    expect(status).toEqual({
      'F0401 AB11223300': ['accepted', false],
      'F0501 AB11223300': ['picked-up', false],
      'G0401 AL2026112000001': ['rejected', true],
      'G0501 AL2026112000001': ['written', true],
      'F0401 AB11223301': ['written', false],
      'F0701 AB11223301': ['written', false],
    });
    expect((await listUploads(pool, { now, overdue: true })).map((r) => r.messageType)).toEqual(['G0401', 'G0501']);
    expect((await listUploads(pool, { now, pending: true })).length).toBe(5);

    // Turnkey picks up the rest: nothing is overdue any more but the refused allowance.
    for (const type of ['G0501', 'F0401', 'F0701'] as const)
      for (const f of readdirSync(srcFolder(turnkey, type))) rmSync(join(srcFolder(turnkey, type), f));
    await refreshUploadStatuses(pool, turnkey, now);
    expect((await listUploads(pool, { now, overdue: true })).map((r) => `${r.messageType} ${r.status}`)).toEqual(['G0401 rejected']);
  });

  it('tillproof hq einvoice status lists the pending files, flags the overdue ones and exits 1', async () => {
    const io = capture();
    expect(await hqCommand(['einvoice', 'status', '--config', configFile], io)).toBe(1);
    expect(io.stdout.some((l) => l.startsWith('G0401 AL2026112000001 rejected OVERDUE deadline 2026-11-22T05:00:00.000Z'))).toBe(true);
    expect(io.stdout.some((l) => l.includes('accepted'))).toBe(false);
    expect(io.stderr.join('\n')).toMatch(/some are overdue/);
    const json = capture();
    expect(await hqCommand(['einvoice', 'status', '--all', '--json', '--config', configFile], json)).toBe(1);
    expect(json.stdout.map((l) => (JSON.parse(l) as { status: string }).status).sort()).toEqual([
      'accepted',
      'picked-up',
      'picked-up',
      'picked-up',
      'picked-up',
      'rejected',
    ]);
    const usage = capture();
    expect(await hqCommand(['einvoice', 'status', '--status', 'lost', '--config', configFile], usage)).toBe(2);
  });
});

describe('tracks and terminal ranges', () => {
  it('records tracks in blocks of 50 and refuses overlaps', async () => {
    const io = capture();
    expect(
      await hqCommand(
        [
          'einvoice',
          'track',
          'add',
          '--period',
          '2026-11',
          '--track',
          'AB',
          '--from',
          '11223300',
          '--to',
          '11223399',
          '--config',
          configFile,
        ],
        io,
      ),
    ).toBe(0);
    expect(io.stdout).toEqual(['track AB11223300-11223399 of 11512 recorded (100 numbers)']);
    expect(
      await hqCommand(
        [
          'einvoice',
          'track',
          'add',
          '--period',
          '11512',
          '--track',
          'CD',
          '--from',
          '00000000',
          '--to',
          '00000049',
          '--config',
          configFile,
        ],
        capture(),
      ),
    ).toBe(0);

    const overlap = capture();
    expect(
      await hqCommand(
        [
          'einvoice',
          'track',
          'add',
          '--period',
          '2026-12',
          '--track',
          'AB',
          '--from',
          '11223350',
          '--to',
          '11223449',
          '--config',
          configFile,
        ],
        overlap,
      ),
    ).toBe(1);
    expect(overlap.stderr.join('')).toMatch(/overlaps track AB11223300-11223399 of 11512 \[einvoice.track\]/);
    const unaligned = capture();
    expect(
      await hqCommand(
        [
          'einvoice',
          'track',
          'add',
          '--period',
          '2026-11',
          '--track',
          'EF',
          '--from',
          '00000010',
          '--to',
          '00000059',
          '--config',
          configFile,
        ],
        unaligned,
      ),
    ).toBe(1);
    expect(unaligned.stderr.join('')).toMatch(/blocks of 50/);
    const list = capture();
    expect(await hqCommand(['einvoice', 'track', 'list', '--period', '11512', '--config', configFile], list)).toBe(0);
    expect(list.stdout).toEqual([
      '11512 AB11223300-11223399 type 07 seller 04595257: 0 of 100 assigned',
      '11512 CD00000000-00000049 type 07 seller 04595257: 0 of 50 assigned',
    ]);
  });

  it('gives terminals ranges no other terminal has, lowest first, and refuses when the tracks run out', async () => {
    const io = capture();
    expect(await hqCommand(['einvoice', 'assign', 'T-1', '50', '--period', '11512', '--config', configFile], io)).toBe(0);
    expect(io.stdout).toEqual(['T-1: AB11223300-AB11223349 (50 numbers)']);
    const bad = capture();
    expect(await hqCommand(['einvoice', 'assign', 'T-2', '30', '--period', '11512', '--config', configFile], bad)).toBe(1);
    expect(bad.stderr.join('')).toMatch(/blocks of 50/);
    // Two terminals asking at once: each gets its own numbers, across both tracks.
    const [a, b] = await Promise.all([
      assignRange(pool, { period: { year: 2026, firstMonth: 11 }, terminalId: 'T-2', count: 50 }),
      assignRange(pool, { period: { year: 2026, firstMonth: 11 }, terminalId: 'T-3', count: 50 }),
    ]);
    const given = [...a!, ...b!].map((r) => `${r.letters}${r.start}-${r.end}`).sort();
    expect(given).toEqual(['AB11223350-11223399', 'CD0-49']);
    const out = capture();
    expect(await hqCommand(['einvoice', 'assign', 'T-4', '50', '--period', '11512', '--config', configFile], out)).toBe(1);
    expect(out.stderr.join('')).toMatch(/only 0 numbers are left in the tracks of 11512; add a track first/);
    const ranges = await listRanges(pool, { year: 2026, firstMonth: 11 });
    expect(ranges.map((r) => r.terminalId).sort()).toEqual(['T-1', 'T-2', 'T-3']);
    for (let i = 0; i < ranges.length; i++)
      for (let j = i + 1; j < ranges.length; j++) {
        const x = ranges[i]!;
        const y = ranges[j]!;
        expect(x.letters !== y.letters || x.end < y.start || y.end < x.start).toBe(true);
      }
  });

  it('never gives two terminals the same number, however the requests come (property)', async () => {
    const period = { year: 2027, firstMonth: 1 } as const;
    await hqCommand(
      ['einvoice', 'track', 'add', '--period', '11602', '--track', 'EF', '--from', '00000000', '--to', '00000999', '--config', configFile],
      capture(),
    );
    await hqCommand(
      ['einvoice', 'track', 'add', '--period', '11602', '--track', 'GH', '--from', '50000000', '--to', '50000499', '--config', configFile],
      capture(),
    );
    // A deterministic mix of sizes from 8 terminals asking at once until the 1,500 numbers run out.
    let seed = 17;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const requests = Array.from({ length: 24 }, (_, i) => ({
      terminalId: `P-${i % 8}`,
      count: ((Math.floor(next() / 2 ** 16) % 4) + 1) * 50,
    }));
    const results = await Promise.allSettled(requests.map((r) => assignRange(pool, { period, ...r })));
    const given = results.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0); // the requests ask for more than the tracks hold
    for (const r of refused) expect(String((r as PromiseRejectedResult).reason)).toMatch(/numbers are left/);
    const numbers = given.flatMap((g) => Array.from({ length: g.end - g.start + 1 }, (_, i) => `${g.letters}${g.start + i}`));
    expect(new Set(numbers).size).toBe(numbers.length);
    const asked = requests.filter((_, i) => results[i]!.status === 'fulfilled').reduce((s, r) => s + r.count, 0);
    expect(numbers.length).toBe(asked);
    expect(asked).toBeLessThanOrEqual(1500);
    for (const g of given) expect([g.start % 50, (g.end + 1) % 50]).toEqual([0, 0]); // whole blocks of 50
  });

  it('writes the E0402 files of a closed period from the numbers used, and refuses an open period', async () => {
    const period = { year: 2026, firstMonth: 11 } as const;
    await expect(writeBlankNumberFiles(pool, turnkey, { period, used: [], now: new Date('2026-12-20T00:00:00Z') })).rejects.toThrow(
      /not over yet/,
    );
    await expect(
      writeBlankNumberFiles(pool, turnkey, { period, used: ['AB11223300', 'ZZ00000001'], now: new Date('2027-01-02T00:00:00Z') }),
    ).rejects.toThrow(/ZZ00000001 is in no track of 11512/);
    const usedFile = join(dir, 'used.txt');
    const used = [
      'AB11223300',
      'AB11223301',
      'AB11223302',
      'AB11223350',
      ...Array.from({ length: 50 }, (_, i) => `CD${String(i).padStart(8, '0')}`),
    ];
    writeFileSync(usedFile, `${used.join('\n')}\n`);
    // The CLI runs with the real clock (December 2026): 11512 ends 2026-12-31, so use the function for a closed period.
    const written = await writeBlankNumberFiles(pool, turnkey, { period, used, now: new Date('2027-01-02T00:00:00Z') });
    expect(written.map((w) => [w.fileName, w.deadline])).toEqual([['E0402_04595257-11512-AB11223300.xml', '2027-01-10T16:00:00.000Z']]);
    const xml = readFileSync(join(srcFolder(turnkey, 'E0402'), 'E0402_04595257-11512-AB11223300.xml'), 'utf8');
    expect(xml).toContain('<YearMonth>11512</YearMonth>');
    expect(
      [...xml.matchAll(/<InvoiceBeginNo>(\d+)<\/InvoiceBeginNo>\s*<InvoiceEndNo>(\d+)<\/InvoiceEndNo>/g)].map((m) => `${m[1]}-${m[2]}`),
    ).toEqual(['11223303-11223349', '11223351-11223399']);
    const cli = capture();
    expect(await hqCommand(['einvoice', 'blank', '--period', '11512', '--used', usedFile, '--config', configFile], cli)).toBe(1);
    expect(cli.stderr.join('')).toMatch(/not over yet/);

    // A period long closed, from the command line: July-August 2026.
    expect(
      await hqCommand(
        [
          'einvoice',
          'track',
          'add',
          '--period',
          '11508',
          '--track',
          'KL',
          '--from',
          '00000000',
          '--to',
          '00000049',
          '--config',
          configFile,
        ],
        capture(),
      ),
    ).toBe(0);
    writeFileSync(usedFile, 'KL00000000\nKL00000001\n');
    const closed = capture();
    expect(await hqCommand(['einvoice', 'blank', '--period', '2026-07', '--used', usedFile, '--config', configFile], closed)).toBe(0);
    expect(closed.stdout).toEqual(['E0402_04595257-11508-KL00000000.xml: written, due 2026-09-10T16:00:00.000Z']);
    expect(readFileSync(join(srcFolder(turnkey, 'E0402'), 'E0402_04595257-11508-KL00000000.xml'), 'utf8')).toContain(
      '<InvoiceBeginNo>00000002</InvoiceBeginNo>',
    );
    // Its deadline has passed and Turnkey has not taken it: status shows it overdue.
    const late = capture();
    expect(await hqCommand(['einvoice', 'status', '--overdue', '--config', configFile], late)).toBe(1);
    expect(late.stdout.some((l) => l.startsWith('E0402 04595257-11508-KL00000000 written OVERDUE'))).toBe(true);
    const badPeriod = capture();
    expect(await hqCommand(['einvoice', 'blank', '--period', '2026-13', '--used', usedFile, '--config', configFile], badPeriod)).toBe(2);
  });
});
