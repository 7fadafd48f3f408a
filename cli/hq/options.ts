// What the HQ commands share: the --config option, argument checks, and a database opened for one command.
import { UsageError } from '../io.ts';
import { loadHqConfig, type HqConfig } from '../../hq/config.ts';
import type { PublishResult } from '../../hq/master-data.ts';
import { openHqDatabase, type HqDatabase } from '../../hq/service.ts';

export const common = { config: { type: 'string' } } as const;

export function positive(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) throw new UsageError(`--${name} takes a positive number, not "${value}"`);
  return Number(value);
}

export function required(value: string | undefined, name: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function describePublish(r: PublishResult, what: string): string {
  return r.version === null
    ? `${what}: nothing changed (no new version)`
    : `${what}: published as version ${r.version} (${r.changed} records changed${r.deactivated ? `, ${r.deactivated} deactivated` : ''})`;
}

export async function withDatabase<T>(configPath: string | undefined, fn: (db: HqDatabase, config: HqConfig) => Promise<T>): Promise<T> {
  const config = loadHqConfig(configPath);
  const db = await openHqDatabase(config);
  try {
    return await fn(db, config);
  } finally {
    await db.close();
  }
}
