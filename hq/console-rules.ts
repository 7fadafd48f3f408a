import { z } from 'zod';
import { DEFAULT_ROLES, PERMISSIONS } from '../core/config/permissions.ts';
import { DEFAULT_LOSS_RULES, lossRulesSchema, type LossRules } from '../core/loss/loss-scan.ts';
import { minorDigitsOf } from '../core/money/currency.ts';
import { formatMinor, parseMinor } from '../core/money/money.ts';
import { DEFAULT_DISCOUNT_PERCENT_BP, discountLimits } from '../core/sales/discount-limit.ts';
import { STAFF_ROLES, type Role } from '../core/shared/enums.ts';
import type { MasterDataRecord } from '../platform/hq-protocol.ts';
import type { ConsoleRequest, ConsoleRoute } from './console-api.ts';
import { jsonBody } from './console-body.ts';
import { HqError } from './errors.ts';
import { HQ_ROLES, writeAudit } from './hq-users.ts';
import type { PublishResult } from './master-data.ts';

// Tiers, roles, approval limits and loss-prevention thresholds in the HQ console (docs/hq.md
// "Tiers, roles and limits in the console"). Each change is one master-data version published
// through MasterData.publish, the tills' pull path, so a till applies it with a config-change entry
// in its ledger; who changed what is in the version's summary and the audit log. Every HQ role
// reads them; only an admin changes them. Input is checked here, each refusal naming its field.

const TILL_DEFAULT_FREE_REPRINTS = 1;
const TILL_DEFAULT_OVER_SHORT = 100;
/** Leaves of the loss rules that are amounts of money (minor units), typed in the currency. */
const MONEY_LEAVES = new Set(['highValue', 'minAmount', 'tolerance', 'minTotal']);

export type LossRuleFieldKind = 'money' | 'number' | 'boolean' | 'text';

/** One threshold of the loss rules as the form shows it: `path` is "rule.threshold". */
export interface LossRuleField {
  path: string;
  kind: LossRuleFieldKind;
  value: string | boolean;
}

/** The thresholds of `rules` the console edits (lists such as the ignored exception kinds are left as they are). */
export function lossRuleFields(rules: LossRules, minorDigits: number): LossRuleField[] {
  const fields: LossRuleField[] = [];
  // In the order the rules define them (a record read back from PostgreSQL has its keys reordered).
  const values = rules as unknown as Record<string, Record<string, unknown>>;
  for (const [rule, thresholds] of Object.entries(DEFAULT_LOSS_RULES)) {
    for (const leaf of Object.keys(thresholds)) {
      const path = `${rule}.${leaf}`;
      const value = values[rule]?.[leaf];
      if (typeof value === 'boolean') fields.push({ path, kind: 'boolean', value });
      else if (typeof value === 'string') fields.push({ path, kind: 'text', value });
      else if (typeof value === 'number' && MONEY_LEAVES.has(leaf))
        fields.push({ path, kind: 'money', value: formatMinor(value, minorDigits) });
      else if (typeof value === 'number') fields.push({ path, kind: 'number', value: String(value) });
    }
  }
  return fields;
}

const invalid = (field: string, message: string) => new HqError('request.invalid', `${field}: ${message}`, { field });

/** The first zod issue of a refused form, named by its field. */
function issueOf(error: z.ZodError): HqError {
  const issue = error.issues[0];
  return invalid(issue?.path.join('.') || '(form)', issue?.message ?? 'invalid');
}

/**
 * The rules with the form's `values` applied over `current`: each value read as its field's kind
 * (money in the currency), then the whole checked against the rules' schema (ranges included).
 */
export function lossRulesFromForm(current: LossRules, values: Readonly<Record<string, string | boolean>>, minorDigits: number): LossRules {
  const kinds = new Map(lossRuleFields(current, minorDigits).map((f) => [f.path, f.kind]));
  const next = structuredClone(current) as unknown as Record<string, Record<string, unknown>>;
  for (const [path, raw] of Object.entries(values)) {
    const kind = kinds.get(path);
    if (!kind) throw invalid(path, 'not a threshold of the loss-prevention rules');
    const [rule, leaf] = path.split('.') as [string, string];
    let value: unknown;
    if (kind === 'boolean') {
      if (typeof raw !== 'boolean') throw invalid(path, 'on or off');
      value = raw;
    } else if (typeof raw !== 'string') {
      throw invalid(path, 'a value is required');
    } else if (kind === 'money') {
      const parsed = parseMinor(raw, minorDigits);
      if (!parsed.ok || parsed.value < 0) throw invalid(path, `"${raw}" is not an amount`);
      value = parsed.value;
    } else if (kind === 'number') {
      const n = raw.trim() === '' ? Number.NaN : Number(raw);
      if (!Number.isFinite(n)) throw invalid(path, `"${raw}" is not a number`);
      value = n;
    } else {
      value = raw.trim();
    }
    next[rule]![leaf] = value;
  }
  const parsed = lossRulesSchema.safeParse(next);
  if (!parsed.success) throw issueOf(parsed.error);
  return parsed.data;
}

type ApprovalLimits = MasterDataRecord<'approval-limits'>;

export interface ApprovalLimitsView {
  /** Percent of the sale, as typed ("10", "12.5"). */
  discountPercent: string;
  /** Amounts in the currency, as typed. */
  discountAmount: string;
  freeReprints: string;
  overShortThreshold: string;
  /** False: nothing published yet, these are the tills' defaults. */
  published: boolean;
}

/** What the form shows: the published limits, or the tills' defaults in this currency. */
export function approvalLimitsView(record: ApprovalLimits | null, currency: string, minorDigits: number): ApprovalLimitsView {
  const amount = record ? Math.round(record.discountAmountMajor * 10 ** minorDigits) : discountLimits({}, currency, minorDigits).amount;
  return {
    discountPercent: String(record?.discountPercent ?? DEFAULT_DISCOUNT_PERCENT_BP / 100),
    discountAmount: formatMinor(amount, minorDigits),
    freeReprints: String(record?.freeReprints ?? TILL_DEFAULT_FREE_REPRINTS),
    overShortThreshold: formatMinor(record?.overShortThreshold ?? TILL_DEFAULT_OVER_SHORT, minorDigits),
    published: record !== null,
  };
}

const limitsFormSchema = z.strictObject({
  discountPercent: z.string().max(32),
  discountAmount: z.string().max(32),
  freeReprints: z.string().max(16),
  overShortThreshold: z.string().max(32),
});

/** The record the form's text makes, every field checked. */
export function approvalLimitsFromForm(form: unknown, minorDigits: number): ApprovalLimits {
  const parsed = limitsFormSchema.safeParse(form);
  if (!parsed.success) throw issueOf(parsed.error);
  const f = parsed.data;
  const money = (field: 'discountAmount' | 'overShortThreshold'): number => {
    const m = parseMinor(f[field], minorDigits);
    if (!m.ok || m.value < 0) throw invalid(field, `"${f[field]}" is not an amount`);
    return m.value;
  };
  const number = (field: 'discountPercent' | 'freeReprints'): number => {
    const n = f[field].trim() === '' ? Number.NaN : Number(f[field]);
    if (!Number.isFinite(n)) throw invalid(field, `"${f[field]}" is not a number`);
    return n;
  };
  const record = {
    scope: 'chain' as const,
    discountPercent: number('discountPercent'),
    discountAmountMajor: money('discountAmount') / 10 ** minorDigits,
    freeReprints: number('freeReprints'),
    overShortThreshold: money('overShortThreshold'),
  };
  const checked = approvalLimitsRecordForm.safeParse(record);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const field = String(issue?.path[0] ?? '(form)');
    throw invalid(field === 'discountAmountMajor' ? 'discountAmount' : field, issue?.message ?? 'invalid');
  }
  return checked.data;
}

/** The published record's schema with the form's words for its ranges. */
const approvalLimitsRecordForm = z.strictObject({
  scope: z.literal('chain'),
  discountPercent: z
    .number()
    .min(0, 'a percentage from 0 to 100')
    .max(100, 'a percentage from 0 to 100')
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9, 'a percentage with at most two decimals'),
  discountAmountMajor: z.number().nonnegative().max(1e9, 'at most 1,000,000,000'),
  freeReprints: z
    .number()
    .int('a whole number from 0 to 100')
    .min(0, 'a whole number from 0 to 100')
    .max(100, 'a whole number from 0 to 100'),
  overShortThreshold: z.number().int().nonnegative().safe(),
});

const tierId = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'a tier id is lower-case letters, digits and "-", starting with a letter');
const memberTierSchema = z.strictObject({
  tier: tierId,
  name: z
    .string()
    .max(64, 'a name is at most 64 characters')
    .refine((n) => n.trim().length > 0, 'a name is required'),
  priceTier: tierId,
});
const roleSchema = z.strictObject({ permissions: z.array(z.enum(PERMISSIONS, 'not a permission the tills know')).max(PERMISSIONS.length) });
const lossRulesFormSchema = z.strictObject({ values: z.record(z.string().max(100), z.union([z.string().max(64), z.boolean()])) });

/** The body of a console request checked against `schema`, a refusal naming the field. */
const formBody = <T>(r: ConsoleRequest, schema: z.ZodType<T>): T => jsonBody(r, schema, issueOf);

async function records<S extends 'member-tier' | 'price-tier' | 'role'>(r: ConsoleRequest, section: S): Promise<MasterDataRecord<S>[]> {
  const q = await r.deps.pool.query<{ record: MasterDataRecord<S> }>(
    `SELECT record FROM hq_master_records WHERE section = $1 ORDER BY key`,
    [section],
  );
  return q.rows.map((x) => x.record);
}

/** Price tiers a member tier may buy at: retail and the published price tiers. */
async function priceTiers(r: ConsoleRequest): Promise<string[]> {
  return ['retail', ...(await records(r, 'price-tier')).map((x) => x.tier).filter((k) => k !== 'retail')];
}

/** Each role's permissions: published, else the tills' defaults. */
async function rolePermissions(r: ConsoleRequest): Promise<Record<Role, string[]>> {
  const published = new Map((await records(r, 'role')).map((x) => [x.role, x.permissions]));
  return Object.fromEntries(STAFF_ROLES.map((role) => [role, published.get(role) ?? [...DEFAULT_ROLES[role]]])) as Record<Role, string[]>;
}

async function published(r: ConsoleRequest, summary: string, result: PublishResult, action: string, details: Record<string, unknown>) {
  const u = r.session!.user;
  if (result.version !== null)
    await writeAudit(r.deps.pool, new Date(r.deps.now()), {
      actor: u.username,
      action,
      username: u.username,
      remoteAddress: r.remoteAddress,
      details: { ...details, version: result.version },
    });
  return { body: { version: result.version, summary } };
}

const by = (r: ConsoleRequest) => ` by ${r.session!.user.username}`;

export const RULES_ROUTES: readonly ConsoleRoute[] = [
  {
    method: 'GET',
    path: '/console/api/rules',
    access: HQ_ROLES,
    async handler(r) {
      const digits = minorDigitsOf(r.deps.currency);
      const limits = await r.deps.masterData.record('approval-limits', 'chain');
      const loss = await r.deps.masterData.record('loss-rules', 'chain');
      return {
        body: {
          memberTiers: await records(r, 'member-tier'),
          priceTiers: await priceTiers(r),
          roles: await rolePermissions(r),
          permissions: PERMISSIONS,
          approvalLimits: approvalLimitsView(limits, r.deps.currency, digits),
          lossRules: lossRuleFields(loss?.rules ?? DEFAULT_LOSS_RULES, digits),
          lossRulesPublished: loss !== null,
          currency: r.deps.currency,
          version: await r.deps.masterData.currentVersion(),
          mayChange: r.session!.user.role === 'admin',
        },
      };
    },
  },
  {
    method: 'POST',
    path: '/console/api/member-tiers',
    access: ['admin'],
    async handler(r) {
      const body = formBody(r, memberTierSchema);
      if (!(await priceTiers(r)).includes(body.priceTier)) throw invalid('priceTier', `no price tier ${body.priceTier}`);
      const before = await r.deps.masterData.record('member-tier', body.tier);
      const record = { tier: body.tier, name: body.name.trim(), priceTier: body.priceTier };
      const summary = `member tier ${record.tier} (${record.name}) buys at ${record.priceTier}${by(r)}`;
      const result = await r.deps.masterData.publish(summary, [{ section: 'member-tier', record }]);
      return published(r, summary, result, 'master-data.member-tier', { tier: record.tier, from: before, to: record });
    },
  },
  {
    method: 'POST',
    path: '/console/api/roles/:role',
    access: ['admin'],
    async handler(r) {
      const role = r.params.role ?? '';
      if (!(STAFF_ROLES as readonly string[]).includes(role)) throw new HqError('request.not-found', `no till role ${role}`);
      const body = formBody(r, roleSchema);
      const permissions = PERMISSIONS.filter((p) => body.permissions.includes(p));
      const before = (await rolePermissions(r))[role as Role];
      const summary = `role ${role}: ${permissions.length} permissions${by(r)}`;
      const result = await r.deps.masterData.publish(summary, [{ section: 'role', record: { role: role as Role, permissions } }]);
      return published(r, summary, result, 'master-data.role', {
        role,
        granted: permissions.filter((p) => !before.includes(p)),
        withdrawn: before.filter((p) => !(permissions as string[]).includes(p)),
      });
    },
  },
  {
    method: 'POST',
    path: '/console/api/approval-limits',
    access: ['admin'],
    async handler(r) {
      const record = approvalLimitsFromForm(formBody(r, z.unknown()), minorDigitsOf(r.deps.currency));
      const before = await r.deps.masterData.record('approval-limits', 'chain');
      const summary = `approval limits: discounts ${record.discountPercent} % or ${record.discountAmountMajor}, ${record.freeReprints} free reprints, over/short ${record.overShortThreshold}${by(r)}`;
      const result = await r.deps.masterData.publish(summary, [{ section: 'approval-limits', record }]);
      return published(r, summary, result, 'master-data.approval-limits', { from: before, to: record });
    },
  },
  {
    method: 'POST',
    path: '/console/api/loss-rules',
    access: ['admin'],
    async handler(r) {
      const { values } = formBody(r, lossRulesFormSchema);
      const current = (await r.deps.masterData.record('loss-rules', 'chain'))?.rules ?? DEFAULT_LOSS_RULES;
      const rules = lossRulesFromForm(current, values, minorDigitsOf(r.deps.currency));
      // Who changed which threshold, from what to what.
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const [rule, thresholds] of Object.entries(rules))
        for (const [leaf, to] of Object.entries(thresholds as Record<string, unknown>)) {
          const from = (current as unknown as Record<string, Record<string, unknown>>)[rule]?.[leaf];
          if (JSON.stringify(from) !== JSON.stringify(to)) changes[`${rule}.${leaf}`] = { from, to };
        }
      const summary = `loss-prevention thresholds: ${Object.keys(changes).join(', ') || 'as before'}${by(r)}`;
      const result = await r.deps.masterData.publish(summary, [{ section: 'loss-rules', record: { scope: 'chain', rules } }]);
      return published(r, summary, result, 'master-data.loss-rules', { changes });
    },
  },
];
