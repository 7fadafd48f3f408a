// The one logger on real files: JSON lines, rotation past the size limit with a bounded number
// of files, owner-only files, levels, readable console lines.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { consoleLogger, openLogger } from '../../../platform/logger.ts';

const AT = new Date('2026-01-02T03:04:05Z');
const now = () => AT;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function logDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'tp-log-')), 'logs');
}

function linesOf(path: string): unknown[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown);
}

function collected(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** `<name>.<n>.log` files, oldest first. */
function logFiles(dir: string, name: string): string[] {
  const number = (f: string) => Number(f.split('.').at(-2));
  return readdirSync(dir)
    .filter((f) => new RegExp(`^${name}\\.\\d+\\.log$`).test(f))
    .sort((a, b) => number(a) - number(b));
}

describe('file logger', () => {
  it('writes one JSON object per line: time, level, message, fields and bindings', async () => {
    const dir = logDir();
    const log = await openLogger({ file: { dir, name: 'host' }, console: false, now, env: {} });
    log.info('host ready', { terminalId: 'T-01', seq: 7 });
    log.child({ component: 'sync' }).warn('HQ unreachable', { attempt: 2 });
    log.error('closing the ledger failed', { message: 'disk full' });
    await log.close();
    const [file] = logFiles(dir, 'host');
    expect(linesOf(join(dir, file!))).toEqual([
      { at: AT.toISOString(), level: 'info', message: 'host ready', terminalId: 'T-01', seq: 7 },
      { at: AT.toISOString(), level: 'warn', message: 'HQ unreachable', component: 'sync', attempt: 2 },
      { at: AT.toISOString(), level: 'error', message: 'closing the ledger failed', _message: 'disk full' },
    ]);
  });

  it('keeps its files readable by their owner only', async () => {
    const dir = logDir();
    const log = await openLogger({ file: { dir, name: 'main', maxBytes: 150, keep: 2 }, console: false, env: {} });
    for (let i = 0; i < 6; i++) {
      log.info('a line long enough to roll the file over soon', { i });
      await nextTurn();
    }
    await log.close();
    const files = logFiles(dir, 'main');
    expect(files.length).toBeGreaterThan(1);
    if (process.platform !== 'win32') for (const f of files) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
  });

  it('rotates past the size limit and keeps a bounded number of old files', async () => {
    const dir = logDir();
    const log = await openLogger({ file: { dir, name: 'main', maxBytes: 200, keep: 2 }, console: false, now, env: {} });
    for (let i = 0; i < 20; i++) {
      log.info('host status', { state: 'running', i });
      await nextTurn();
    }
    await vi.waitFor(() => expect(logFiles(dir, 'main')).toHaveLength(3));
    await log.close();
    const files = logFiles(dir, 'main');
    const numbers = files.map((f) => Number(f.split('.').at(-2)));
    expect(numbers).toEqual([numbers[0], numbers[0]! + 1, numbers[0]! + 2]);
    expect(numbers[0]).toBeGreaterThan(1);
    for (const f of files) expect(statSync(join(dir, f)).size).toBeLessThan(400);
    const lines = files.flatMap((f) => linesOf(join(dir, f)));
    expect(lines.at(-1)).toEqual({ at: AT.toISOString(), level: 'info', message: 'host status', state: 'running', i: 19 });
  });

  it('stores lines another process wrote as they are', async () => {
    const dir = logDir();
    const log = await openLogger({ file: { dir, name: 'host' }, console: false, env: {} });
    log.line('{"level":"info","at":"2026-01-02T03:04:05.000Z","message":"host ready"}\nnot JSON: a native crash report\n');
    await log.close();
    const written = readFileSync(join(dir, logFiles(dir, 'host')[0]!), 'utf8');
    expect(written).toBe('{"level":"info","at":"2026-01-02T03:04:05.000Z","message":"host ready"}\nnot JSON: a native crash report\n');
  });
});

describe('levels', () => {
  it('drop lines below the level; TILLPROOF_LOG_LEVEL overrides the one given', async () => {
    const dir = logDir();
    const log = await openLogger({ file: { dir, name: 'host' }, console: false, level: 'warn', env: {} });
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    await log.close();
    expect(linesOf(join(dir, logFiles(dir, 'host')[0]!)).map((l) => (l as { message: string }).message)).toEqual(['w', 'e']);

    const out = collected();
    const debug = consoleLogger({ level: 'warn', console: 'json', consoleStream: out.stream, env: { TILLPROOF_LOG_LEVEL: 'debug' } });
    debug.debug('now shown');
    expect(debug.level).toBe('debug');
    expect(out.text()).toContain('"message":"now shown"');
  });

  it('an unknown level in the environment is reported and the given level used', () => {
    const out = collected();
    const log = consoleLogger({ level: 'error', console: 'json', consoleStream: out.stream, env: { TILLPROOF_LOG_LEVEL: 'verbose' } });
    log.warn('not shown');
    expect(log.level).toBe('error');
    expect(out.text()).not.toContain('not shown');
  });
});

describe('console', () => {
  it('prints readable lines: time, level, message and fields', () => {
    const out = collected();
    const log = consoleLogger({ consoleStream: out.stream, env: {}, now });
    log.child({ component: 'catalog' }).info('building search index product_search_phonetic: 100000 of 250000 products');
    const line =
      /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: building search index product_search_phonetic: 100000 of 250000 products \{"component":"catalog"\}\n$/;
    expect(out.text()).toMatch(line);
  });
});

describe('a log folder that cannot be written', () => {
  it('leaves the console only, saying why, instead of failing', async () => {
    const blocked = join(mkdtempSync(join(tmpdir(), 'tp-log-')), 'a-file');
    writeFileSync(blocked, 'not a folder');
    const out = collected();
    const log = await openLogger({
      file: { dir: join(blocked, 'logs'), name: 'main' },
      console: 'json',
      consoleStream: out.stream,
      env: {},
    });
    log.info('still logging');
    await log.close();
    expect(out.text()).toMatch(/"level":"error".*cannot write logs in .*a-file/);
    expect(out.text()).toContain('"message":"still logging"');
  });
});
