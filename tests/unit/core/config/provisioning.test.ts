import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  checkConfig,
  checkConfigText,
  configJsonSchema,
  machineConfigPath,
  withoutSchemaKey,
  type ConfigIssue,
} from '../../../../core/config/provisioning.ts';
import { terminalConfigSchema } from '../../../../core/config/terminal-config.ts';
import { DEMO_CONFIG, findConfigFile, loadConfigFile, parseConfig } from '../../../../host/config.ts';
import { configSchemaText } from '../../../../build/write-config-schema.ts';

const root = join(import.meta.dirname, '../../../..');
const samplesDir = join(root, 'build', 'config-samples');
const samples = readdirSync(samplesDir).filter((f) => f.endsWith('.json'));
const sample = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(samplesDir, name), 'utf8')) as Record<string, unknown>;

function issuesOf(input: unknown): ConfigIssue[] {
  const r = checkConfig(input);
  return r.ok ? [] : r.issues;
}

const DELETE = Symbol('delete');
type Edit = [path: string, value: unknown];

/** The Windows sample with some settings changed ("a.b.0.c" paths; DELETE removes one). */
function mistake(...edits: Edit[]): Record<string, unknown> {
  const c = structuredClone(sample('windows.json'));
  for (const [path, value] of edits) {
    const keys = path.split('.');
    const last = keys.pop()!;
    let node = c as Record<string, unknown>;
    for (const k of keys) node = node[k] as Record<string, unknown>;
    if (value === DELETE) delete node[last];
    else node[last] = value;
  }
  return c;
}

describe('config samples', () => {
  it('has a sample for each OS', () => {
    expect(samples.sort()).toEqual(['linux.json', 'macos.json', 'windows.json']);
  });

  it.each(samples)('%s is a valid terminal config, devices included', (name) => {
    const r = checkConfigText(readFileSync(join(samplesDir, name), 'utf8'));
    expect(r.ok ? [] : r.issues).toEqual([]);
    // The host's own loader accepts it too ($schema included).
    expect(loadConfigFile(join(samplesDir, name)).terminal.terminalId).toMatch(/-T\d$/);
  });

  it.each(samples)('%s validates against the published JSON Schema', (name) => {
    const Ajv = createRequire(import.meta.url)('ajv') as new (options: object) => {
      validate(schema: object, data: unknown): boolean;
      errors: unknown;
    };
    const ajv = new Ajv({ allErrors: true, unknownFormats: 'ignore' });
    const schema = JSON.parse(readFileSync(join(root, 'build', 'config.schema.json'), 'utf8')) as object;
    const ok = ajv.validate(schema, sample(name));
    expect(ajv.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
});

describe('published JSON Schema', () => {
  it('build/config.schema.json is up to date with the zod schema (run: npm run build:config-schema)', () => {
    expect(readFileSync(join(root, 'build', 'config.schema.json'), 'utf8')).toBe(configSchemaText());
  });

  it('describes the file as written: $schema allowed, defaults optional, unknown keys refused', () => {
    const schema = configJsonSchema() as { properties: Record<string, unknown>; required: string[]; additionalProperties: boolean };
    expect(schema.properties).toHaveProperty('$schema');
    expect(schema.properties).toHaveProperty('devices');
    expect(schema.properties).toHaveProperty('kiosk');
    expect(schema.required.sort()).toEqual(['store', 'tax', 'terminal']);
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('config mistakes are reported with their path', () => {
  it.each<[string, Edit, ConfigIssue[]]>([
    ['a missing required setting', ['store.timeZone', DELETE], [{ path: 'store.timeZone', message: 'required (string)' }]],
    ['a missing section', ['tax', DELETE], [{ path: 'tax', message: 'required (object)' }]],
    ['a wrong type', ['store.rolloverHour', '4'], [{ path: 'store.rolloverHour', message: expect.stringContaining('expected number') }]],
    ['a value out of range', ['receipt.width', 100], [{ path: 'receipt.width', message: expect.stringContaining('<=64') }]],
    ['a malformed code', ['store.currency', 'twd'], [{ path: 'store.currency', message: expect.stringContaining('pattern') }]],
    ['a value not in the list', ['kiosk.mode', 'tablet'], [{ path: 'kiosk.mode', message: expect.stringContaining('"kiosk"') }]],
    [
      'a misspelt key',
      ['store.timezone', 'Asia/Taipei'],
      [{ path: 'store.timezone', message: expect.stringContaining('not a known setting') }],
    ],
    [
      'a secret in the file',
      ['hq.apiToken', 'abc'],
      [{ path: 'hq.apiToken', message: expect.stringContaining('secrets never go in the config file') }],
    ],
    [
      'a private key at the top',
      ['privateKey', '-----BEGIN'],
      [{ path: 'privateKey', message: expect.stringContaining('secrets never go') }],
    ],
    ['plain http to HQ', ['hq.url', 'http://hq.example.com'], [{ path: 'hq.url', message: 'an https:// address' }]],
    [
      'credentials in a URL',
      ['hq.updatesUrl', 'https://it:pw@updates.example.com/'],
      [{ path: 'hq.updatesUrl', message: expect.stringContaining('store it as a secret') }],
    ],
    ['an array item', ['tax.classes.0.rates.0.bp', -1], [{ path: 'tax.classes.0.rates.0.bp', message: expect.stringContaining('>=0') }]],
    [
      'an unknown device type',
      ['devices.fax', { type: 'fax' }],
      [{ path: 'devices.fax.type', message: expect.stringContaining("'printer'") }],
    ],
    [
      'an unknown transport',
      ['devices.receipt.transport', { kind: 'usb' }],
      [{ path: 'devices.receipt.transport.kind', message: expect.stringContaining("'spooler'") }],
    ],
    [
      'a bad baud rate',
      ['devices.pole.transport.baudRate', 9601],
      [{ path: 'devices.pole.transport.baudRate', message: expect.stringContaining('9600') }],
    ],
    [
      'a drawer on a printer that is not there',
      ['devices.drawer.connection.printer', 'kitchen'],
      [{ path: 'devices.drawer.connection.printer', message: 'no printer "kitchen" is configured' }],
    ],
    [
      'a bad device id',
      ['devices.Receipt Printer', { type: 'scanner', transport: { kind: 'serial', path: 'COM9' } }],
      [{ path: 'devices.Receipt Printer', message: expect.stringMatching(/^not a valid name: a device id is lower-case/) }],
    ],
  ])('%s', (_what, edit, expected) => {
    expect(issuesOf(mistake(edit))).toEqual(expected);
  });

  it('reports every mistake at once, not just the first', () => {
    const issues = issuesOf(
      mistake(
        ['store.timeZone', DELETE],
        ['store.currency', 'twd'],
        ['kiosk.mode', 'tablet'],
        ['devices.pole.transport.baudRate', 9601],
        ['hq.url', 'ftp://hq'],
        ['extra', true],
      ),
    );
    expect(issues.map((i) => i.path).sort()).toEqual([
      'devices.pole.transport.baudRate',
      'extra',
      'hq.url',
      'kiosk.mode',
      'store.currency',
      'store.timeZone',
    ]);
  });

  it('reports broken JSON with where it broke', () => {
    const r = checkConfigText('{ "store": { "storeId": "A", }');
    expect(r).toMatchObject({ ok: false, issues: [{ path: '(file)', message: expect.stringMatching(/^not valid JSON: .*position/) }] });
    expect(checkConfigText('[]')).toMatchObject({ ok: false, issues: [{ path: '(root)' }] });
  });

  it('accepts a UTF-8 byte order mark (Notepad) and ignores $schema', () => {
    expect(checkConfigText(`\uFEFF${JSON.stringify({ ...DEMO_CONFIG, $schema: './config.schema.json' })}`).ok).toBe(true);
    expect(withoutSchemaKey({ $schema: 'x', a: 1 })).toEqual({ a: 1 });
    expect(withoutSchemaKey([1])).toEqual([1]);
  });
});

describe('the shell sections are additive', () => {
  it('a config without kiosk, autoStart and hq is still valid, and they stay absent', () => {
    const parsed = terminalConfigSchema.parse(DEMO_CONFIG);
    expect(parsed.kiosk).toBeUndefined();
    expect(parsed.autoStart).toBeUndefined();
    expect(parsed.hq).toBeUndefined();
  });

  it('fills their defaults when present', () => {
    const parsed = parseConfig({ ...DEMO_CONFIG, kiosk: {}, autoStart: {}, hq: { url: 'https://hq.example.com' } }, 't');
    expect(parsed.kiosk).toEqual({ mode: 'window', customerDisplay: 'auto' });
    expect(parsed.autoStart).toEqual({ enabled: false });
    expect(parsed.hq).toEqual({ url: 'https://hq.example.com', autoUpdate: true });
  });
});

describe('config file location', () => {
  it('is the OS-conventional machine-wide file', () => {
    expect(machineConfigPath('win32', { ProgramData: 'D:\\ProgramData' })).toBe('D:\\ProgramData\\Tillproof\\config.json');
    expect(machineConfigPath('win32', { PROGRAMDATA: 'C:\\ProgramData\\' })).toBe('C:\\ProgramData\\Tillproof\\config.json');
    expect(machineConfigPath('win32', {})).toBe('C:\\ProgramData\\Tillproof\\config.json');
    expect(machineConfigPath('linux', {})).toBe('/etc/tillproof/config.json');
    expect(machineConfigPath('darwin', {})).toBe('/Library/Application Support/Tillproof/config.json');
  });

  it('--config beats TILLPROOF_CONFIG beats the machine file', () => {
    const env = { TILLPROOF_CONFIG: '/env/config.json' };
    const exists = () => true;
    expect(findConfigFile({ flag: '/flag.json', env, platform: 'linux', exists })).toEqual({ path: '/flag.json', from: '--config' });
    expect(findConfigFile({ env, platform: 'linux', exists })).toEqual({ path: '/env/config.json', from: 'TILLPROOF_CONFIG' });
    expect(findConfigFile({ env: {}, platform: 'linux', exists })).toEqual({ path: '/etc/tillproof/config.json', from: 'machine' });
    expect(findConfigFile({ env: {}, platform: 'linux', exists: () => false })).toBeNull();
  });

  it('never falls back silently from a file that was named but is missing', () => {
    expect(findConfigFile({ flag: '/nope.json', env: {}, platform: 'linux', exists: () => false })).toEqual({
      path: '/nope.json',
      from: '--config',
    });
    expect(() => loadConfigFile('/nope/config.json')).toThrow(/cannot read the config file/);
  });
});
