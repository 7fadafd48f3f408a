// A selling host for integration tests: a real SQLite ledger in a temp dir, small in-memory
// master data written for the tests, memory devices, a clock the test moves, and every call
// going through the same dispatcher (payload parsing, typed errors) as the real transports.
import type { WeighingScale } from '../../core/ports/scale.ts';
import { createHmac, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { ERROR_CODES } from '../../core/contract/index.ts';
import { join } from 'node:path';
import type { Catalog } from '../../core/ports/catalog.ts';
import type { Member } from '../../core/sales/member.ts';
import type { MemberDirectory } from '../../core/ports/member-directory.ts';
import type { Product } from '../../core/catalog/product.ts';
import type { StaffDirectory, StaffRoster } from '../../core/ports/staff-directory.ts';
import type { StaffMember } from '../../core/auth/staff-member.ts';
import { terminalConfigSchema, type TerminalConfigInput } from '../../core/config/terminal-config.ts';
import { createTerminal } from '../../core/terminal/create-terminal.ts';
import type { MethodName, ParamsInput, Result } from '../../core/contract/methods.ts';
import type { HostErrorShape } from '../../core/contract/errors.ts';
import type { SaleView } from '../../core/contract/views.ts';
import { memberToken } from '../../core/sales/member-token.ts';
import { SqliteLedgerStore } from '../../db/sqlite-ledger.ts';
import { verifyLedgerFile } from '../../db/ledger-verify.ts';
import { nodeAes128Cbc, nodeLedgerCrypto } from '../../platform/node-crypto.ts';
import { SqliteInvoiceNumbers } from '../../db/invoice-numbers.ts';
import { MemoryDrawer, MemoryPrinter } from '../../hardware/virtual/memory-devices.ts';
import { dispatchCall } from '../../host/dispatch.ts';
import { tempDir } from './ledger.ts';
import { createTerminalKey, terminalKeyPath, type FileSigner } from '../../platform/terminal-key.ts';
import { writeFileSync } from 'node:fs';

const hmac = { hmac: (alg: 'sha1' | 'sha256', key: Uint8Array, data: Uint8Array) => createHmac(alg, key).update(data).digest() };

export const PRODUCTS: Product[] = [
  {
    productId: 'p-tea',
    sku: 'TEA',
    name: '烏龍茶 Oolong tea',
    names: { en: 'Oolong tea' },
    department: 'drinks',
    taxClass: 'standard',
    unit: 'each',
    prices: { retail: 25, member: 22, vip: 20 },
    barcodes: ['04710000000011'],
    active: true,
  },
  {
    productId: 'p-cake',
    sku: 'CAKE',
    name: '鳳梨酥 Pineapple cake',
    names: {},
    department: 'snacks',
    taxClass: 'standard',
    unit: 'each',
    prices: { retail: 45, member: 40, vip: 36 },
    barcodes: ['04710000000028'],
    active: true,
  },
  {
    productId: 'p-noodle',
    sku: 'NOODLE',
    name: '牛肉麵 Beef noodles',
    names: {},
    department: 'food',
    taxClass: 'standard',
    unit: 'each',
    prices: { retail: 120 },
    barcodes: ['04710000000035'],
    active: true,
  },
  {
    productId: 'p-milk',
    sku: 'MILK',
    name: 'Soy milk 豆漿',
    names: {},
    department: 'drinks',
    taxClass: 'zero',
    unit: 'each',
    prices: { retail: 33 },
    barcodes: ['04710000000042'],
    active: true,
  },
  {
    productId: 'p-banana',
    sku: 'BANANA',
    name: '香蕉 Bananas',
    names: {},
    department: 'produce',
    taxClass: 'standard',
    unit: 'kg',
    prices: { retail: 60 },
    barcodes: ['04710000000059'],
    active: true,
  },
];

/** EAN-13 for a product above (its GTIN-14 without the leading 0). */
export const barcodeOf = (productId: string) => PRODUCTS.find((p) => p.productId === productId)!.barcodes[0]!.slice(1);

/** A staff member as a test sets them up: with the PIN and badge in the clear. */
export type TestStaff = StaffMember & { pin: string; badge?: string };

export const STAFF: TestStaff[] = [
  { staffId: '101', name: 'Amy 陳', role: 'cashier', active: true, pin: '1111', badge: 'BADGE-AMY-0001' },
  { staffId: '102', name: 'Ben 林', role: 'cashier', active: true, pin: '2222' },
  { staffId: '201', name: 'Sup 王', role: 'supervisor', active: true, pin: '3333' },
  { staffId: '301', name: 'Mgr 張', role: 'manager', active: true, pin: '4444', badge: 'BADGE-MGR-0301' },
];

export const MEMBERS: Member[] = [
  {
    memberId: 'M-1001',
    name: 'Lin Mei',
    tier: 'member',
    tokenSecret: 'JBSWY3DPEHPK3PXP',
    cardNumbers: ['9900000001'],
    email: 'lin@example.com',
    active: true,
  },
  {
    memberId: 'M-2001',
    name: 'VIP Chen',
    tier: 'vip',
    tokenSecret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
    cardNumbers: ['9900000002'],
    email: null,
    active: true,
  },
];

/** A product a test adds to the catalog; one sold from scale labels carries the labels' item code. */
export type TestProduct = Product & { itemCode?: string };

function memoryCatalog(products: TestProduct[]): Catalog {
  return {
    byGtin: (g) => products.find((p) => p.barcodes.includes(g)),
    bySku: (s) => products.find((p) => p.sku === s),
    byId: (id) => products.find((p) => p.productId === id),
    byItemCode: (code) => products.find((p) => p.itemCode !== undefined && p.itemCode === code),
    search: (q, limit) =>
      products
        .filter((p) => p.name.toLowerCase().includes(q.toLowerCase()))
        .slice(0, limit)
        .map((product) => ({ product, match: 'substring' as const })),
    version: () => 'test',
  };
}

const staffDirectoryOf = (staff: TestStaff[]): StaffDirectory => ({
  byId: (id) => staff.find((s) => s.staffId === id),
  verifyPin: (id, pin) => staff.find((s) => s.staffId === id && s.pin === pin),
  byBadge: (b) => staff.find((s) => s.badge === b),
});

const memberDirectory: MemberDirectory = {
  byId: (id) => MEMBERS.find((m) => m.memberId === id),
  byCard: (c) => MEMBERS.find((m) => m.cardNumbers.includes(c)),
  searchByName: (f, limit) => MEMBERS.filter((m) => m.active && m.name.toLowerCase().includes(f.toLowerCase())).slice(0, limit),
};

export const TEST_CONFIG: TerminalConfigInput = {
  store: { storeId: 'S-TPE', name: 'Test Store 測試店', timeZone: 'Asia/Taipei', rolloverHour: 4, currency: 'TWD', locale: 'en' },
  terminal: { terminalId: 'T-01' },
  tax: {
    mode: 'inclusive',
    rounding: 'per-receipt',
    classes: [
      { id: 'standard', rates: [{ id: 'VAT', bp: 500 }] },
      { id: 'zero', rates: [] },
    ],
  },
  approvals: { discountPercentBp: 1000, discountAmount: 50, freeReprints: 1 },
  till: { denominations: [], overShortThreshold: 20, requireSession: true },
};

export interface TestHost {
  call<M extends MethodName>(method: M, params?: ParamsInput<M>): Promise<Result<M>>;
  /** Calls and expects a typed error; returns it. */
  fail(method: MethodName, params?: unknown): Promise<HostErrorShape>;
  raw(method: string, params: unknown): ReturnType<typeof dispatchCall>;
  store: SqliteLedgerStore;
  printer: MemoryPrinter;
  drawer: MemoryDrawer;
  clock: { now: () => Date; set: (iso: string) => void; advance: (ms: number) => void };
  events: Array<{ event: string; payload: unknown }>;
  token(memberId: string, at?: Date): string;
  /** A read by a scanner the host drives (serial or HID), as host/terminal-runtime.ts hands it over: not a contract call. */
  scanner(code: string, source?: 'hid' | 'serial'): Promise<SaleView>;
  restart(): TestHost;
  verify(): ReturnType<typeof verifyLedgerFile>['result'];
  close(): void;
  path: string;
  dataDir: string;
}

/** Ports a test puts in place of the host's own (fault injection): each gets the host's port to wrap. */
export interface TestPorts {
  catalog?: (own: Catalog) => Catalog;
  /** The till's staff list as the settings and salesperson screens read it; none by default. */
  roster?: StaffRoster;
  /** The till's scale (issue #15); none by default. */
  scale?: WeighingScale;
}

export function startTestHost(
  overrides: Partial<TerminalConfigInput> = {},
  existing?: {
    dir: ReturnType<typeof tempDir>;
    signer: FileSigner;
    clock: TestHost['clock'];
    printer: MemoryPrinter;
    drawer: MemoryDrawer;
  },
  /** Products added to PRODUCTS and staff added to STAFF for this host; ports in place of the host's own. */
  options: TestPorts & { products?: TestProduct[]; staff?: TestStaff[] } = {},
): TestHost {
  const dir = existing?.dir ?? tempDir('tillproof-host-');
  // The key lives in the data dir as on a real terminal, so CLI commands can open it too.
  const signer = existing?.signer ?? createTerminalKey(terminalKeyPath(dir.path));
  const config = terminalConfigSchema.parse({ ...TEST_CONFIG, ...overrides });
  writeFileSync(join(dir.path, 'config.json'), JSON.stringify({ ...TEST_CONFIG, ...overrides }));
  const path = join(dir.path, 'ledger.sqlite');
  let current = new Date(existing?.clock.now() ?? '2026-11-20T02:00:00.000Z'); // 10:00 in Taipei
  const clock = existing?.clock ?? {
    now: () => new Date(current),
    set: (iso: string) => void (current = new Date(iso)),
    advance: (ms: number) => void (current = new Date(current.getTime() + ms)),
  };
  const store = existing
    ? SqliteLedgerStore.open(path, nodeLedgerCrypto, signer)
    : SqliteLedgerStore.create(path, nodeLedgerCrypto, signer, {
        terminalId: config.terminal.terminalId,
        storeId: config.store.storeId,
        software: 'test',
        businessDay: '2026-11-20',
        at: clock.now().toISOString(),
      });
  const printer = existing?.printer ?? new MemoryPrinter('front');
  const drawer = existing?.drawer ?? new MemoryDrawer('drawer-1');
  const events: TestHost['events'] = [];
  let n = 0;
  const terminal = createTerminal({
    config,
    store,
    catalog: (options.catalog ?? ((own: Catalog) => own))(memoryCatalog([...PRODUCTS, ...(options.products ?? [])])),
    staff: staffDirectoryOf([...STAFF, ...(options.staff ?? [])]),
    members: memberDirectory,
    printer,
    drawer,
    signer,
    crypto: { ...nodeLedgerCrypto, ...hmac },
    invoiceNumbers: new SqliteInvoiceNumbers(store.database),
    randomBytes: (k) => new Uint8Array(randomBytes(k)),
    aes: nodeAes128Cbc,
    clock,
    newId: () => `id-${store.head().seq}-${++n}`,
    emit: (event, payload) => events.push({ event, payload }),
    ...(options.roster ? { roster: options.roster } : {}),
    ...(options.scale ? { scale: options.scale } : {}),
  });
  const { handlers } = terminal;
  const log = { error: (m: string, c: Record<string, unknown>) => events.push({ event: 'log.error', payload: { m, c } }) };
  const host: TestHost = {
    async call(method, params) {
      const r = await dispatchCall(handlers, method, params ?? {}, log);
      if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code}: ${r.error.message}`), { shape: r.error });
      return r.result as never;
    },
    async fail(method, params) {
      const r = await dispatchCall(handlers, method, params ?? {}, log);
      if (r.ok) throw new Error(`${method} was expected to fail but returned ${JSON.stringify(r.result).slice(0, 200)}`);
      return r.error;
    },
    raw: (method, params) => dispatchCall(handlers, method, params, log),
    store,
    printer,
    drawer,
    clock,
    events,
    token: (memberId, at) => memberToken(hmac, memberId, MEMBERS.find((m) => m.memberId === memberId)!.tokenSecret, at ?? clock.now()),
    scanner: (code, source = 'serial') => terminal.scanFromScanner({ code, source }),
    restart() {
      store.close();
      return startTestHost(overrides, { dir, signer, clock, printer, drawer }, options);
    },
    verify: () => verifyLedgerFile(path, nodeLedgerCrypto, { trustedPublicKey: signer.publicKey }).result,
    close() {
      store.close();
      dir.cleanup();
    },
    path,
    dataDir: dir.path,
  };
  return host;
}

export async function loginAs(host: TestHost, staffId: string, training = false): Promise<void> {
  const s = STAFF.find((x) => x.staffId === staffId)!;
  await host.call('session.login', { method: 'pin', staffId, pin: s.pin, training });
}

export const approvalBy = (staffId: string) => ({ method: 'pin' as const, staffId, pin: STAFF.find((x) => x.staffId === staffId)!.pin });

/** Opens a drawer session with a float of `float` in 100s (TWD). */
export async function openDrawer(host: TestHost, float = 2000): Promise<string> {
  const r = await host.call('till.openDrawer', { counts: [{ value: 100, count: float / 100 }] });
  return r.sessionId;
}

/** A call the terminal refuses with `code`: a typed error a cashier can read, no stack trace, nothing written. */
export async function expectRefused(host: TestHost, method: string, params: unknown, code: string): Promise<void> {
  const before = host.store.head();
  const r = await host.raw(method, params);
  expect(r.ok).toBe(false);
  if (!r.ok) {
    expect(r.error.code).toBe(code);
    expect(ERROR_CODES).toContain(r.error.code);
    expect(r.error.messageKey).toBe(`error.${r.error.code}`);
    expect(r.error.message).not.toMatch(/\n\s+at /); // never a stack trace
  }
  expect(host.store.head()).toEqual(before);
}
