import { existsSync, readFileSync } from 'node:fs';
import { terminalConfigSchema, type TerminalConfig, type TerminalConfigInput } from '../core/config/terminal-config.ts';
import { CONFIG_ENV, machineConfigPath, withoutSchemaKey } from '../core/config/provisioning.ts';
import { errorMessage, TillproofError } from '../core/shared/errors.ts';

export type { TerminalConfig } from '../core/config/terminal-config.ts';

export class ConfigError extends TillproofError<'config.invalid'> {
  readonly issues: Array<{ path: string; message: string }>;
  constructor(message: string, issues: Array<{ path: string; message: string }>) {
    super('config.invalid', message);
    this.name = 'ConfigError';
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
  // The demo catalogue's departments (host/demo/catalog.csv) as screens and reports name them.
  departments: {
    drinks: { en: 'Drinks', 'zh-TW': '飲料', 'zh-CN': '饮料' },
    snacks: { en: 'Snacks', 'zh-TW': '零食', 'zh-CN': '零食' },
    bento: { en: 'Bento and meals', 'zh-TW': '便當餐盒', 'zh-CN': '便当餐盒' },
    dairy: { en: 'Dairy', 'zh-TW': '乳品', 'zh-CN': '乳品' },
    frozen: { en: 'Frozen', 'zh-TW': '冷凍', 'zh-CN': '冷冻' },
    'hot-food': { en: 'Hot food', 'zh-TW': '熱食', 'zh-CN': '热食' },
    household: { en: 'Household', 'zh-TW': '日用品', 'zh-CN': '日用品' },
    noodles: { en: 'Noodles', 'zh-TW': '泡麵', 'zh-CN': '方便面' },
    produce: { en: 'Fruit and vegetables', 'zh-TW': '蔬果', 'zh-CN': '蔬果' },
  },
  // Quick keys for what has no barcode: the bag, and produce and hot food sold by the kg.
  quickKeys: [
    { productId: 'TP-0058', label: { en: 'Bag', 'zh-TW': '購物袋', 'zh-CN': '购物袋' } },
    { productId: 'TP-0059' },
    { productId: 'TP-0060' },
    { productId: 'TP-0061' },
    { productId: 'TP-0046' },
  ],
  // The demo's scale prints "21 IIIII WWWWW C" (weight in grams) and "22 IIIII PPPPP C" (price in
  // whole TWD) for the produce and hot food sold by the kg (item codes in host/demo/catalog.csv).
  scan: {
    variableMeasure: [
      { name: 'scale-weight', prefix: '21', itemCode: { start: 2, length: 5 }, measure: 'weight', value: { start: 7, length: 5 } },
      { name: 'scale-price', prefix: '22', itemCode: { start: 2, length: 5 }, measure: 'price', value: { start: 7, length: 5 } },
    ],
  },
};

export function parseConfig(input: unknown, source: string): TerminalConfig {
  const parsed = terminalConfigSchema.safeParse(withoutSchemaKey(input));
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
    throw new ConfigError(`${path}: cannot read the config file (${errorMessage(e)})`, [{ path: '(file)', message: 'unreadable' }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ConfigError(`${path}: not valid JSON (${errorMessage(e)})`, [{ path: '(file)', message: 'not JSON' }]);
  }
  return parseConfig(json, path);
}

export interface ConfigLocation {
  path: string;
  /** Which rule chose it: the command line, the environment, or the OS-conventional place. */
  from: '--config' | typeof CONFIG_ENV | 'machine';
}

export interface FindConfigOptions {
  /** The --config value, when given. */
  flag?: string | undefined;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  exists?: (path: string) => boolean;
}

/**
 * Which config file this terminal uses: --config, else $TILLPROOF_CONFIG, else the machine-wide
 * file (core/config/provisioning.ts) when it exists; null when there is none. A file named on
 * the command line or in the environment is returned even if missing, so loading it reports
 * the mistake instead of silently using another file.
 */
export function findConfigFile(options: FindConfigOptions = {}): ConfigLocation | null {
  const env = options.env ?? process.env;
  if (options.flag) return { path: options.flag, from: '--config' };
  const fromEnv = env[CONFIG_ENV];
  if (fromEnv) return { path: fromEnv, from: CONFIG_ENV };
  const machine = machineConfigPath(options.platform ?? process.platform, env);
  return (options.exists ?? existsSync)(machine) ? { path: machine, from: 'machine' } : null;
}
