import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { terminalConfigSchema, type TerminalConfig } from '../core/config/terminal-config.ts';
import { PERMISSIONS, type Permission } from '../core/config/permissions.ts';
import { HQ_CONFIG_FILE, type HqTerminalConfig } from './sync-runner.ts';

/**
 * Tax classes and role permissions published by HQ (written by the sync client to
 * `<data dir>/hq-config.json`, each change logged as a config-change entry) take precedence
 * over the local config file from the next start. Anything HQ sent that does not validate is
 * ignored with a warning: the till keeps selling on its local config.
 */
export function withHqConfig(config: TerminalConfig, dataDir: string, warn: (message: string) => void = (m) => console.error(`[config] ${m}`)): TerminalConfig {
  const path = join(dataDir, HQ_CONFIG_FILE);
  if (!existsSync(path)) return config;
  let hq: Partial<HqTerminalConfig>;
  try {
    hq = JSON.parse(readFileSync(path, 'utf8')) as Partial<HqTerminalConfig>;
  } catch (e) {
    warn(`${path} is not readable JSON; using the local config (${e instanceof Error ? e.message : String(e)})`);
    return config;
  }
  const classes = new Map(config.tax.classes.map((c) => [c.id, c]));
  for (const [id, record] of Object.entries(hq.taxClasses ?? {})) classes.set(id, record as (typeof config.tax.classes)[number]);
  const roles = { ...config.roles };
  for (const [role, record] of Object.entries(hq.roles ?? {})) {
    if (!Object.hasOwn(roles, role)) continue;
    const permissions = ((record as { permissions?: unknown }).permissions ?? []) as unknown[];
    roles[role as keyof typeof roles] = permissions.filter((p): p is Permission => typeof p === 'string' && (PERMISSIONS as readonly string[]).includes(p));
  }
  const merged = terminalConfigSchema.safeParse({ ...config, tax: { ...config.tax, classes: [...classes.values()] }, roles });
  if (!merged.success) {
    warn(`the tax classes or roles from HQ do not validate (${merged.error.issues[0]?.message ?? 'invalid'}); using the local config`);
    return config;
  }
  return merged.data;
}
