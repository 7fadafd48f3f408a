import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { STAFF_ROLES } from '../core/shared/enums.ts';
import type { ConsoleRequest, ConsoleRoute } from './console-api.ts';
import { jsonBody } from './console-body.ts';
import { HqError } from './errors.ts';
import { HQ_ROLES, seesStore, writeAudit, type HqUser } from './hq-users.ts';
import { ALL_STORES, staffStores } from './master-data.ts';
import type { StaffRecord } from '../platform/hq-protocol.ts';

// Staff per store in the HQ console (docs/hq.md "Staff in the console"): list, add, deactivate and
// a PIN reset. Every change is published with MasterData.addStaff, the path of `tillproof hq staff
// add`, to the stores the person works at, and audited with the HQ user. A new PIN is made by HQ,
// shown once to the person who asked, and kept only as its hash. An admin manages anyone; a
// regional manager only people all of whose stores are theirs, and not store managers or admins
// (who could approve what a regional manager may not).

const RM_ROLES: readonly StaffRecord['role'][] = ['cashier', 'supervisor'];
const PIN_DIGITS = 6;

function user(r: ConsoleRequest): HqUser {
  return r.session!.user;
}

/** A random PIN of PIN_DIGITS digits, for the person to type at the till. */
function newPin(): string {
  return String(randomInt(0, 10 ** PIN_DIGITS)).padStart(PIN_DIGITS, '0');
}

/** Whether `u` may change a staff member who works at `stores` with `role`. */
function mayManage(u: HqUser, stores: readonly string[], role: StaffRecord['role']): boolean {
  if (u.role === 'admin') return true;
  if (u.role !== 'regional-manager') return false;
  return RM_ROLES.includes(role) && !stores.includes(ALL_STORES) && stores.every((s) => seesStore(u, s));
}

export interface StaffView {
  staffId: string;
  name: string;
  role: StaffRecord['role'];
  active: boolean;
  stores: string[];
  hasPin: boolean;
  hasBadge: boolean;
}

interface StaffRow {
  record: StaffRecord;
  stores: string[] | null;
}

const viewOf = (row: StaffRow): StaffView => ({
  staffId: row.record.staffId,
  name: row.record.name,
  role: row.record.role,
  active: row.record.active,
  stores: row.stores ?? [ALL_STORES],
  hasPin: row.record.pin !== null,
  hasBadge: row.record.badgeHash !== null,
});

async function staffRow(r: ConsoleRequest, staffId: string): Promise<StaffRow | null> {
  const q = await r.deps.pool.query<StaffRow>(`SELECT record, stores FROM hq_master_records WHERE section = 'staff' AND key = $1`, [
    staffId,
  ]);
  return q.rows[0] ?? null;
}

const addSchema = z.strictObject({
  staffId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'the staff number is letters, digits, ".", "_" or "-"'),
  name: z
    .string()
    .max(100)
    .refine((n) => n.trim().length > 0, 'a name is required'),
  role: z.enum(STAFF_ROLES),
  stores: z.array(z.string().max(64)).min(1, 'name the store(s) they work at').max(100),
});

/** The staff member `staffId` if `u` may change them, else 404 (a regional manager's view ends at their stores). */
async function manageable(r: ConsoleRequest, staffId: string): Promise<StaffRow> {
  const row = await staffRow(r, staffId);
  if (!row) throw new HqError('request.not-found', `no staff member ${staffId}`);
  const stores = row.stores ?? [ALL_STORES];
  if (!mayManage(user(r), stores, row.record.role)) {
    if (stores.some((s) => s === ALL_STORES || seesStore(user(r), s)))
      throw new HqError('console.forbidden', `you may not change staff member ${staffId}`);
    throw new HqError('request.not-found', `no staff member ${staffId}`);
  }
  return row;
}

async function audit(r: ConsoleRequest, action: string, details: Record<string, unknown>): Promise<void> {
  await writeAudit(r.deps.pool, new Date(r.deps.now()), {
    actor: user(r).username,
    action,
    username: user(r).username,
    remoteAddress: r.remoteAddress,
    details,
  });
}

export const STAFF_ROUTES: readonly ConsoleRoute[] = [
  {
    method: 'GET',
    path: '/console/api/staff',
    access: HQ_ROLES,
    async handler(r) {
      const u = user(r);
      const store = r.query.store?.trim() || null;
      if (store !== null && !seesStore(u, store)) throw new HqError('console.forbidden', `store ${store} is not one of your stores`);
      // A regional manager sees the staff of their stores (and area staff published to every store).
      const within = u.role === 'regional-manager' ? u.stores : null;
      const q = await r.deps.pool.query<StaffRow>(
        `SELECT record, stores FROM hq_master_records WHERE section = 'staff'
          AND ($1::text IS NULL OR COALESCE(stores, '{*}') && ARRAY[$1, '*'])
          AND ($2::text[] IS NULL OR COALESCE(stores, '{*}') && ($2 || '{*}'::text[]))
          ORDER BY key LIMIT 1000`,
        [store, within],
      );
      return {
        body: {
          staff: q.rows.map(viewOf),
          mayChangeRoles: u.role === 'admin' ? STAFF_ROLES : u.role === 'regional-manager' ? RM_ROLES : [],
        },
      };
    },
  },
  {
    method: 'POST',
    path: '/console/api/staff',
    access: ['admin', 'regional-manager'],
    async handler(r) {
      const body = jsonBody(r, addSchema);
      const stores = staffStores(body.stores);
      if (!mayManage(user(r), stores, body.role))
        throw new HqError('console.forbidden', `a regional manager adds cashiers and supervisors of their own stores only`);
      const existing = await staffRow(r, body.staffId);
      if (existing) await manageable(r, body.staffId);
      // A new person gets a PIN made here; someone already published keeps theirs.
      const pin = existing ? undefined : newPin();
      const result = await r.deps.masterData.addStaff({
        staffId: body.staffId,
        name: body.name.trim(),
        role: body.role,
        stores,
        active: true,
        ...(pin ? { pin } : {}),
      });
      await audit(r, existing ? 'master-data.staff-update' : 'master-data.staff-add', {
        staffId: body.staffId,
        role: body.role,
        stores,
        version: result.version,
      });
      return { body: { staff: viewOf((await staffRow(r, body.staffId))!), pin: pin ?? null, version: result.version } };
    },
  },
  {
    method: 'POST',
    path: '/console/api/staff/:staffId/deactivate',
    access: ['admin', 'regional-manager'],
    async handler(r) {
      const row = await manageable(r, r.params.staffId ?? '');
      const result = await r.deps.masterData.addStaff({
        staffId: row.record.staffId,
        name: row.record.name,
        role: row.record.role,
        active: false,
      });
      await audit(r, 'master-data.staff-deactivate', { staffId: row.record.staffId, version: result.version });
      return { body: { staff: viewOf((await staffRow(r, row.record.staffId))!), version: result.version } };
    },
  },
  {
    method: 'POST',
    path: '/console/api/staff/:staffId/pin-reset',
    access: ['admin', 'regional-manager'],
    async handler(r) {
      const row = await manageable(r, r.params.staffId ?? '');
      if (!row.record.active) throw new HqError('request.invalid', `${row.record.staffId} is inactive: add them again first`);
      const pin = newPin();
      const result = await r.deps.masterData.addStaff({
        staffId: row.record.staffId,
        name: row.record.name,
        role: row.record.role,
        active: true,
        pin,
      });
      // The PIN itself is never logged or kept: only its hash is published.
      await audit(r, 'master-data.staff-pin-reset', { staffId: row.record.staffId, version: result.version });
      return { body: { staff: viewOf((await staffRow(r, row.record.staffId))!), pin, version: result.version } };
    },
  },
];
