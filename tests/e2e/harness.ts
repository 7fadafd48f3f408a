// End-to-end harness: the real host in this process (ledger in a temp folder, demo master data,
// in-memory printer and drawer the test can inspect and break), served in browser mode with the
// freshly built renderer, driven in Debian's Chromium through playwright-core.
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { DeviceStatus, EventName, EventPayload } from '../../core/contract/index.ts';
import { memberToken } from '../../core/sales/member-token.ts';
import { DEMO_CONFIG, parseConfig } from '../../host/config.ts';
import type { TerminalConfigInput } from '../../core/config/terminal-config.ts';
import { DEMO_MEMBERS } from '../../host/demo-data.ts';
import { serve, type RunningServer } from '../../host/server.ts';
import { startTerminal, type EventListener, type TerminalRuntime } from '../../host/terminal-runtime.ts';
import { MemoryDrawer, MemoryPrinter } from '../../hardware/virtual/memory-devices.ts';
import { tillPages } from './pages/index.ts';
import { E2E_BUILDS_ENV } from '../helpers/e2e-builds.ts';

const ROOT = resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = join(ROOT, 'test-artifacts', 'screenshots');

/** Builds one of the web apps (its folder holds its own vite config) into a fresh folder. */
async function buildAppInto(app: 'renderer' | 'console', outDir: string): Promise<void> {
  // vitest sets NODE_ENV=test, which would give React's development build: test what ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: join(ROOT, app),
      configFile: join(ROOT, app, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'error',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

/**
 * One of the web apps, built once per test run (tests/helpers/e2e-builds.ts): the first file to ask
 * builds it, the others wait for the build to be marked done. Outside vitest (a bench), a fresh build.
 */
async function buildApp(app: 'renderer' | 'console'): Promise<string> {
  const shared = process.env[E2E_BUILDS_ENV];
  if (!shared) {
    const outDir = mkdtempSync(join(tmpdir(), `tillproof-${app}-`));
    await buildAppInto(app, outDir);
    return outDir;
  }
  const outDir = join(shared, app);
  const done = `${outDir}.done`;
  const failed = `${outDir}.failed`;
  let mine = true;
  try {
    mkdirSync(`${outDir}.lock`);
  } catch {
    mine = false;
  }
  if (mine) {
    try {
      await buildAppInto(app, outDir);
      writeFileSync(done, '');
    } catch (e) {
      writeFileSync(failed, String(e));
      throw e;
    }
    return outDir;
  }
  // Another file is building it: wait (bounded) for its mark.
  for (let waited = 0; waited < 600_000; waited += 100) {
    if (existsSync(done)) return outDir;
    if (existsSync(failed)) throw new Error(`the ${app} build failed in another test file: ${readFileSync(failed, 'utf8')}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  throw new Error(`the ${app} build did not finish within 10 minutes`);
}

/** Builds the till's renderer into a fresh folder. */
export function buildRenderer(): Promise<string> {
  return buildApp('renderer');
}

/** Builds the HQ console into a fresh folder, for HQ's `consoleDir`. */
export function buildConsole(): Promise<string> {
  return buildApp('console');
}

/** Demo barcodes from host/demo/catalog.csv. */
export const DEMO = {
  greenTea: { barcode: '4711037000012', sku: '1001', price: 25 },
  oolong: { barcode: '4711074000020', price: 29 },
  cola: { barcode: '4711185000124', price: 29 },
  milk: { barcode: '4711185000193', price: 92 },
  cashier: { staffId: 'S001', pin: '1111', badge: 'DEMO-BADGE-1001' },
  supervisor: { staffId: 'S002', pin: '2222', badge: 'DEMO-BADGE-2002' },
  manager: { staffId: 'S003', pin: '3333', badge: 'DEMO-BADGE-3003' },
} as const;

const nodeHmac = {
  hmac: (algorithm: 'sha1' | 'sha256', key: Uint8Array, data: Uint8Array) => createHmac(algorithm, key).update(data).digest(),
};

/** What the member app would show right now for a demo member. */
export function demoMemberToken(memberId = 'M0001'): string {
  const m = DEMO_MEMBERS.find((x) => x.memberId === memberId)!;
  return memberToken(nodeHmac, m.memberId, m.tokenSecret, new Date());
}

export interface Till {
  readonly page: Page;
  readonly printer: MemoryPrinter;
  /** The till's second receipt printer ('back-printer'), when started with `secondPrinter`. */
  readonly secondPrinter: MemoryPrinter | null;
  readonly drawer: MemoryDrawer;
  readonly runtime: TerminalRuntime;
  readonly server: RunningServer;
  /** Stops the host and starts it again on the same ledger (a power cut, a crash), then reloads the page. */
  restartHost(): Promise<void>;
  /** Sends a host event to the page as the device layer would (drawer alarm, device status). */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  devices: DeviceStatus[];
  close(): Promise<void>;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let browser: Browser | null = null;

export async function startTill(
  staticDir: string,
  options: {
    locale?: string;
    /** Replaces sections of the demo config (e.g. a short idle lock). */ config?: Partial<TerminalConfigInput>;
    /** A second receipt printer, 'back-printer', offered when a receipt fails. */ secondPrinter?: boolean;
    /** A touch screen: `locator.tap()` works and the page sees touch input. */ touch?: boolean;
    /** Runs in the page before its own scripts, on every load (e.g. to count sounds played). */ initScript?: string;
  } = {},
): Promise<Till> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tillproof-e2e-'));
  const printer = new MemoryPrinter('receipt-printer');
  const secondPrinter = options.secondPrinter ? new MemoryPrinter('back-printer') : null;
  const drawer = new MemoryDrawer('cash-drawer');
  const state = {
    devices: [
      { device: 'printer', id: 'receipt-printer', state: 'idle', detail: 'memory printer' },
      ...(secondPrinter ? [{ device: 'printer', id: secondPrinter.id, state: 'idle', detail: 'memory printer' }] : []),
      { device: 'drawer', id: 'cash-drawer', state: 'idle', flags: { sensor: true, open: false } },
      { device: 'scanner', id: 'wedge', state: 'idle', detail: 'keyboard wedge' },
      { device: 'display', id: 'customer-display', state: 'offline', detail: 'not connected' },
      { device: 'sync', id: 'hq', state: 'idle', flags: { pending: false } },
    ] as DeviceStatus[],
  };
  const listeners = new Set<EventListener>();
  const config = parseConfig({ ...DEMO_CONFIG, ...options.config }, 'demo');
  const open = async (port: number) => {
    const runtime = startTerminal({
      dataDir,
      config,
      demo: true,
      printer,
      ...(secondPrinter ? { alternatePrinters: [secondPrinter] } : {}),
      drawer,
      devices: () => state.devices,
    });
    // The test's own line to the page: the same listener set the server uses for host events.
    const wrapped: TerminalRuntime = {
      ...runtime,
      handlers: runtime.handlers,
      subscribe(listener) {
        listeners.add(listener);
        const off = runtime.subscribe(listener);
        return () => {
          listeners.delete(listener);
          off();
        };
      },
    };
    const server = await serve({ runtime: wrapped, port, staticDir, log: { error: (m, c) => console.error(`[host] ${m}`, c) } });
    return { runtime, server };
  };
  let host = await open(0);
  const context = await (
    await sharedBrowser()
  ).newContext({
    viewport: { width: 1366, height: 800 },
    locale: options.locale ?? 'en-US',
    timezoneId: 'Asia/Taipei',
    ...(options.touch ? { hasTouch: true } : {}),
  });
  const page = await context.newPage();
  if (options.initScript) await page.addInitScript(options.initScript);
  // Waits are for conditions; the ceiling leaves room for a busy CI machine.
  page.setDefaultTimeout(20_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  await page.goto(host.server.pairingUrl);
  return {
    page,
    printer,
    secondPrinter,
    drawer,
    get runtime() {
      return host.runtime;
    },
    get server() {
      return host.server;
    },
    async restartHost() {
      const port = host.server.port;
      await host.server.close();
      host.runtime.close();
      host = await open(port);
      await page.goto('about:blank');
      await page.goto(host.server.pairingUrl);
    },
    get devices() {
      return state.devices;
    },
    set devices(d: DeviceStatus[]) {
      state.devices = d;
    },
    emit(event, payload) {
      for (const l of listeners) l(event, payload);
    },
    async close() {
      await context.close();
      await host.server.close();
      host.runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (problems.length) throw new Error(`the page reported problems:\n${problems.join('\n')}`);
    },
  };
}

/** Debian's Chromium, launched once per test file and shared (closeBrowser() ends it). */
export async function sharedBrowser(): Promise<Browser> {
  browser ??= await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return browser;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = null;
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/**
 * Types like a keyboard-wedge scanner: each character a key press stamped 4 ms after the last
 * (through CDP, so the page sees scanner timing however busy this machine is), then Enter.
 */
export async function wedgeScan(page: Page, code: string, terminator: 'Enter' | 'Tab' | null = 'Enter'): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    // All events are queued at once (CDP keeps their order), so they also arrive close together.
    const sends: Array<Promise<unknown>> = [];
    const start = Date.now() / 1000;
    let i = 0;
    for (const ch of code) {
      const timestamp = start + i++ * 0.004;
      sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: ch, text: ch, unmodifiedText: ch, timestamp }));
      sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch, timestamp: timestamp + 0.001 }));
    }
    if (terminator) {
      const timestamp = start + i * 0.004;
      const vk = terminator === 'Enter' ? 13 : 9;
      sends.push(
        cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: terminator, code: terminator, windowsVirtualKeyCode: vk, timestamp }),
      );
      if (terminator === 'Enter') sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'char', key: 'Enter', text: '\r', timestamp }));
      sends.push(
        cdp.send('Input.dispatchKeyEvent', {
          type: 'keyUp',
          key: terminator,
          code: terminator,
          windowsVirtualKeyCode: vk,
          timestamp: timestamp + 0.001,
        }),
      );
    }
    await Promise.all(sends);
  } finally {
    await cdp.detach();
  }
}

export async function login(page: Page, who: { staffId: string; pin: string }, options: { training?: boolean } = {}): Promise<void> {
  const { login, sale } = tillPages(page);
  await login.submit(who, options);
  await sale.screen().waitFor();
}

/** Opens the cash drawer session with a counted float (cash sales need one), through the UI: counts by note or coin value. */
export async function countFloat(page: Page, counts: Record<number, number>): Promise<void> {
  const { sale, manager } = tillPages(page);
  await sale.countFloat().click();
  await manager.drawerCount().waitFor();
  for (const [value, n] of Object.entries(counts)) await manager.countOf(Number(value)).fill(String(n));
  await manager.submitCount().click();
  await manager.drawerCount().waitFor({ state: 'detached' });
}

/** Approves in the manager dialog with staff number and PIN. */
export async function approve(page: Page, who: { staffId: string; pin: string }): Promise<void> {
  await tillPages(page).dialogs.approve(who);
}
