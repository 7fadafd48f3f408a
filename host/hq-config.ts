import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { terminalConfigSchema, type TerminalConfig } from '../core/config/terminal-config.ts';
import { PERMISSIONS, type Permission } from '../core/config/permissions.ts';
import { HQ_CONFIG_FILE, type HqTerminalConfig } from './sync-runner.ts';
import { errorMessage } from '../core/shared/errors.ts';
import { processLogger } from '../platform/logger.ts';

/**
 * Tax classes, price tiers, member tiers, role permissions, department names, approval limits and loss-prevention
 * thresholds published by HQ (written by the
 * sync client to `<data dir>/hq-config.json`, each change logged as a config-change entry) take
 * precedence over the local config file: at start, and live whenever a sync brings a change
 * (host/terminal-runtime.ts). Anything HQ sent that does not validate is ignored as a whole:
 * the till keeps selling on the configuration it has.
 */
export function mergeHqConfig(config: TerminalConfig, hq: Partial<HqTerminalConfig>): { config: TerminalConfig; problem: string | null } {
  const classes = new Map(config.tax.classes.map((c) => [c.id, c]));
  for (const [id, record] of Object.entries(hq.taxClasses ?? {})) classes.set(id, record as (typeof config.tax.classes)[number]);
  const roles = { ...config.roles };
  for (const [role, record] of Object.entries(hq.roles ?? {})) {
    if (!Object.hasOwn(roles, role)) continue;
    const permissions = ((record as { permissions?: unknown }).permissions ?? []) as unknown[];
    // A permission this version does not know (from a newer HQ) grants nothing here.
    roles[role as keyof typeof roles] = permissions.filter(
      (p): p is Permission => typeof p === 'string' && (PERMISSIONS as readonly string[]).includes(p),
    );
  }
  const tiers = [...config.pricing.tiers];
  const tierNames: Record<string, unknown> = { ...config.pricing.tierNames };
  for (const [tier, record] of Object.entries(hq.priceTiers ?? {})) {
    if (!tiers.includes(tier)) tiers.push(tier);
    tierNames[tier] = (record as { name?: unknown }).name;
  }
  const memberTiers: Record<string, unknown> = { ...config.pricing.memberTiers };
  for (const [tier, record] of Object.entries(hq.memberTiers ?? {})) {
    const r = record as { name?: unknown; priceTier?: unknown };
    memberTiers[tier] = { name: r.name, priceTier: r.priceTier };
  }
  const departments: Record<string, unknown> = { ...config.departments };
  for (const [code, record] of Object.entries(hq.departments ?? {})) departments[code] = (record as { names?: unknown }).names;
  // The chain's approval limits replace the local ones (the older key names too: the plain ones win anyway).
  const limits = hq.approvals?.chain as
    { discountPercent?: unknown; discountAmountMajor?: unknown; freeReprints?: unknown; overShortThreshold?: unknown } | undefined;
  const approvals = limits
    ? {
        ...config.approvals,
        discountPercent: limits.discountPercent,
        discountAmountMajor: limits.discountAmountMajor,
        freeReprints: limits.freeReprints,
      }
    : config.approvals;
  const till = limits ? { ...config.till, overShortThreshold: limits.overShortThreshold } : config.till;
  // The loss-prevention thresholds the till's Loss prevention screen scans with.
  const lossRules = (hq.lossRules?.chain as { rules?: unknown } | undefined)?.rules ?? config.lossRules;
  const merged = terminalConfigSchema.safeParse({
    ...config,
    departments,
    approvals,
    till,
    lossRules,
    tax: { ...config.tax, classes: [...classes.values()] },
    roles,
    pricing: { ...config.pricing, tiers, tierNames, memberTiers },
  });
  if (!merged.success) {
    const issue = merged.error.issues[0];
    return {
      config,
      problem: `the tax classes, tiers or roles from HQ do not validate (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}); using the local config`,
    };
  }
  return { config: merged.data, problem: null };
}

/** Reads `<data dir>/hq-config.json`; null when there is none. Throws when it is not readable JSON. */
export function readHqConfigFile(dataDir: string): Partial<HqTerminalConfig> | null {
  const path = join(dataDir, HQ_CONFIG_FILE);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Partial<HqTerminalConfig>;
  } catch (e) {
    throw new Error(`${path} is not readable JSON; using the local config (${errorMessage(e)})`, { cause: e });
  }
}

/** The local config with what HQ published applied; a problem is reported through `warn` and leaves the local config. */
const warnOnConsole = (message: string) => processLogger().warn(message, { component: 'config' });

export function withHqConfig(config: TerminalConfig, dataDir: string, warn: (message: string) => void = warnOnConsole): TerminalConfig {
  let hq: Partial<HqTerminalConfig> | null;
  try {
    hq = readHqConfigFile(dataDir);
  } catch (e) {
    warn(errorMessage(e));
    return config;
  }
  if (!hq) return config;
  const result = mergeHqConfig(config, hq);
  if (result.problem) warn(result.problem);
  return result.config;
}
