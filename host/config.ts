import { readFileSync } from 'node:fs';
import { terminalConfigSchema, type TerminalConfig, type TerminalConfigInput } from '../core/config/terminal-config.ts';

export class ConfigError extends Error {
  readonly code = 'config.invalid';
  readonly issues: Array<{ path: string; message: string }>;
  constructor(message: string, issues: Array<{ path: string; message: string }>) {
    super(message);
    this.issues = issues;
  }
}

/** The embedded default: a demo convenience store in Taipei, prices tax-inclusive at 5 %. */
export const DEMO_CONFIG: TerminalConfigInput = {
  store: {
    storeId: 'DEMO-STORE',
    name: 'Tillproof Demo 示範商店',
    address: ['No. 1, Demo Rd., Xinyi Dist., Taipei'],
    taxNumber: '12345675',
    timeZone: 'Asia/Taipei',
    rolloverHour: 4,
    currency: 'TWD',
    locale: 'zh-TW',
  },
  terminal: { terminalId: 'DEMO-01' },
  tax: {
    mode: 'inclusive',
    rounding: 'per-receipt',
    classes: [
      { id: 'standard', rates: [{ id: 'VAT', bp: 500, label: '營業稅 5%' }] },
      { id: 'zero', rates: [] },
    ],
  },
  receipt: { width: 48, header: ['歡迎光臨 Welcome'], footer: ['謝謝惠顧 Thank you'], emailEnabled: false },
};

export function parseConfig(input: unknown, source: string): TerminalConfig {
  const parsed = terminalConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }));
    throw new ConfigError(`${source}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return parsed.data;
}

export function loadConfigFile(path: string): TerminalConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`${path}: cannot read the config file (${e instanceof Error ? e.message : String(e)})`, [{ path: '(file)', message: 'unreadable' }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${path}: not valid JSON (${e instanceof Error ? e.message : String(e)})`, [{ path: '(file)', message: 'not JSON' }]);
  }
  return parseConfig(json, path);
}
