import type pg from 'pg';
import { DEFAULT_ROLES } from '../core/config/permissions.ts';
import type { EntryBody } from '../core/ledger/bodies.ts';

// Actions taken under master data HQ did not publish (issue #13). HQ knows what it published to
// each store; a till whose staff table was edited outside it (a cashier made a manager) signs
// entries that say so: its sign-in records the role the till gave the person, its approvals
// and self-authorised post-voids name who held the permission. Each is checked against HQ's own
// staff and role records, but only where the till had applied them: the record's version is at
// or below an HQ version the till recorded applying (a config-change "hq-N") before the entry.
// A config-change claiming an HQ version HQ never published is raised too.

export interface MasterDataFinding {
  kind: 'unrecorded-master-data';
  seq: number;
  message: string;
  details: Record<string, unknown>;
}

interface Row {
  seq: string;
  kind: string;
  operator_id: string | null;
  body: string;
}

interface Published {
  version: number;
  record: { role?: string; active?: boolean; permissions?: string[] };
  stores: string[] | null;
}

const HQ_VERSION = /^hq-(\d+)$/;

/**
 * The HQ version the till recorded applying last before `from` (0: none). It applies versions in
 * order, so that is the highest; the config-change index (migration 0005) keeps this off the
 * rest of the ledger.
 */
async function appliedBefore(pool: pg.Pool, terminalId: string, from: number): Promise<number> {
  const r = await pool.query<{ v: string | null }>(
    `SELECT substring(body::jsonb ->> 'version' FROM '^hq-([0-9]+)$') AS v
       FROM ledger_entries WHERE terminal_id = $1 AND kind = 'config-change' AND seq < $2
        AND body::jsonb ->> 'version' ~ '^hq-[0-9]+$'
      ORDER BY seq DESC LIMIT 1`,
    [terminalId, from],
  );
  return Number(r.rows[0]?.v ?? 0);
}

async function publishedOf(pool: pg.Pool, section: 'staff' | 'role', keys: string[]): Promise<Map<string, Published>> {
  if (keys.length === 0) return new Map();
  const r = await pool.query<{ key: string; version: string; record: Published['record']; stores: string[] | null }>(
    'SELECT key, version, record, stores FROM hq_master_records WHERE section = $1 AND key = ANY($2::text[])',
    [section, keys],
  );
  return new Map(r.rows.map((row) => [row.key, { version: Number(row.version), record: row.record, stores: row.stores }]));
}

/** Who an entry says acted with a permission: the sign-in's role, an approver, a post-void's operator. */
function claimOf(row: Row): { staffId: string; role?: string; permission?: string; what: string } | null {
  const body = JSON.parse(row.body) as Record<string, unknown>;
  if (row.kind === 'login' && row.operator_id) {
    const login = body as EntryBody<'login'>;
    return { staffId: row.operator_id, role: login.role, what: `signed in as ${login.role}` };
  }
  if (row.kind === 'approval') {
    const approval = body as EntryBody<'approval'>;
    return { staffId: approval.approverId, permission: approval.action, what: `approved ${approval.action}` };
  }
  if (row.kind === 'void' && body.scope === 'post-void' && body.approvalSeq === undefined && row.operator_id) {
    return {
      staffId: row.operator_id,
      permission: 'sale.post-void',
      what: `post-voided receipt ${String(body.receiptNo)} without an approval`,
    };
  }
  return null;
}

/** What is wrong with a claim by HQ's records, or null (it agrees, or HQ cannot tell what the till had). */
function judge(
  claim: NonNullable<ReturnType<typeof claimOf>>,
  applied: number,
  storeId: string,
  staff: Map<string, Published>,
  roles: Map<string, Published>,
): string | null {
  const published = staff.get(claim.staffId);
  // Staff HQ never published (a till with its own staff) or changed since what the till applied: no judgement.
  if (!published || published.version > applied) return null;
  const stores = published.stores;
  if (stores && !stores.includes('*') && !stores.includes(storeId)) return `HQ does not publish staff ${claim.staffId} to store ${storeId}`;
  if (published.record.active === false) return `HQ publishes staff ${claim.staffId} as inactive`;
  const role = published.record.role ?? '';
  if (claim.role !== undefined && claim.role !== role) return `HQ publishes staff ${claim.staffId} as ${role}`;
  if (claim.permission === undefined) return null;
  const roleRecord = roles.get(role);
  if (roleRecord && roleRecord.version > applied) return null;
  const permissions: readonly string[] = roleRecord?.record.permissions ?? DEFAULT_ROLES[role as keyof typeof DEFAULT_ROLES] ?? [];
  return permissions.includes(claim.permission)
    ? null
    : `HQ publishes staff ${claim.staffId} as ${role}, which may not ${claim.permission}`;
}

/** Entries in `range` of a terminal of `storeId` taken under staff or role data HQ did not publish. */
export async function unrecordedMasterDataIn(
  pool: pg.Pool,
  terminalId: string,
  storeId: string,
  range: { from: number; to: number },
): Promise<MasterDataFinding[]> {
  const r = await pool.query<Row>(
    `SELECT seq, kind, operator_id, body FROM ledger_entries WHERE terminal_id = $1 AND seq BETWEEN $2 AND $3
       AND kind IN ('login', 'approval', 'void', 'config-change') ORDER BY seq`,
    [terminalId, range.from, range.to],
  );
  if (r.rows.length === 0) return [];
  const latest = Number((await pool.query<{ v: string | null }>('SELECT MAX(version) AS v FROM hq_master_versions')).rows[0]?.v ?? 0);
  const claims = r.rows.map((row) => ({ row, claim: claimOf(row) }));
  const staff = await publishedOf(pool, 'staff', [...new Set(claims.flatMap((c) => (c.claim ? [c.claim.staffId] : [])))]);
  const roles = await publishedOf(pool, 'role', [...new Set([...staff.values()].map((s) => s.record.role ?? ''))]);
  let applied = await appliedBefore(pool, terminalId, range.from);
  const findings: MasterDataFinding[] = [];
  for (const { row, claim } of claims) {
    const seq = Number(row.seq);
    if (row.kind === 'config-change') {
      const version = (JSON.parse(row.body) as EntryBody<'config-change'>).version ?? '';
      const n = HQ_VERSION.exec(version);
      if (!n) continue;
      if (Number(n[1]) > latest) {
        findings.push({
          kind: 'unrecorded-master-data',
          seq,
          message: `entry ${seq} records master data of HQ version ${n[1]}, which HQ never published (latest ${latest})`,
          details: { version },
        });
      } else applied = Math.max(applied, Number(n[1]));
      continue;
    }
    if (!claim) continue;
    const wrong = judge(claim, applied, storeId, staff, roles);
    if (wrong) {
      findings.push({
        kind: 'unrecorded-master-data',
        seq,
        message: `entry ${seq}: staff ${claim.staffId} ${claim.what}, but ${wrong}: the till acted on master data HQ did not publish`,
        details: {
          staffId: claim.staffId,
          ...(claim.role ? { role: claim.role } : {}),
          ...(claim.permission ? { permission: claim.permission } : {}),
        },
      });
    }
  }
  return summarised(findings);
}

/**
 * One incident per batch: identical incidents of one terminal within the incident window are
 * counted on one row anyway (hq/incidents.ts), so each entry is named in it rather than lost.
 */
function summarised(findings: MasterDataFinding[]): MasterDataFinding[] {
  const first = findings[0];
  if (!first || findings.length === 1) return findings;
  const shown = findings.slice(0, 5).map((f) => f.message);
  const more = findings.length > shown.length ? `; and ${findings.length - shown.length} more` : '';
  return [
    {
      kind: 'unrecorded-master-data',
      seq: first.seq,
      message: `${findings.length} entries: ${shown.join('; ')}${more}`,
      details: { entries: findings.slice(0, 100).map((f) => ({ seq: f.seq, ...f.details })) },
    },
  ];
}
