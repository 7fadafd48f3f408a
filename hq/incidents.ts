import type pg from 'pg';
import { errorMessage } from '../core/shared/errors.ts';
import { processLogger, type Logger } from '../platform/logger.ts';

// Refused requests and broken chains, kept for a person to look at (`tillproof hq incidents`).

export type IncidentKind =
  | 'unsigned-request'
  | 'unenrolled-terminal'
  | 'bad-request-signature'
  | 'stale-request'
  | 'replayed-request'
  | 'wrong-terminal'
  | 'enrollment-code-invalid'
  | 'enrollment-code-reused'
  | 'enrollment-code-expired'
  | 'enrollment-refused'
  | 'malformed-batch'
  | 'tampered-entry'
  | 'fork'
  | 'chain-broken'
  /** A batch started after HQ's head: reported in the ack too; nothing of it was stored. */
  | 'gap'
  /** A Z report whose totals or drawers do not follow from its entries (the same check as `ledger verify`); it was stored. */
  | 'z-report-mismatch'
  /** The till found its master data changed outside it (its device-fault entry); actions on that till need a look. */
  | 'master-data-mismatch'
  /** A till acted on staff or roles HQ did not publish to it (a sign-in role, an approver, a post-void), or claims an HQ version HQ never published (issue #13). */
  | 'unrecorded-master-data'
  /** One member app code used on more than one sale, at one till or several (issue #12). */
  | 'member-code-reused'
  /** A gift card spent beyond what was loaded onto it, across the chain's tills (issue #15). */
  | 'giftcard-overspent'
  /** A till's e-invoice sale or void that gives no valid MIG 4.1 file: HQ wrote none for it (issue #17). */
  | 'einvoice-refused';

export interface Incident {
  kind: IncidentKind;
  terminalId: string | null;
  seq?: number | null;
  remoteAddress?: string | null;
  message: string;
  details?: Record<string, unknown>;
}

export interface IncidentRow extends Required<Omit<Incident, 'details'>> {
  incidentId: number;
  at: string;
  details: Record<string, unknown>;
  /** How many times this incident happened (repeats within the window are counted, not stored again). */
  count: number;
  /** When it last happened. */
  lastAt: string;
}

export interface IncidentLimits {
  /** Identical incidents (kind, terminal, source) within this window are one row with a count. */
  windowMs: number;
  /** Distinct incident rows one source may add per window; past it, its incidents of a kind are counted on one row. */
  perSource: number;
}

export const DEFAULT_INCIDENT_LIMITS: IncidentLimits = { windowMs: 10 * 60_000, perSource: 50 };

// Fills a new row or counts on the latest matching one within the window, in one statement.
const RECORD_SQL = `
WITH recent AS (
  SELECT incident_id FROM hq_incidents
  WHERE fingerprint = $7 AND at > now() - make_interval(secs => $8::double precision / 1000)
  ORDER BY incident_id DESC LIMIT 1
), counted AS (
  UPDATE hq_incidents SET repeat_count = repeat_count + 1, last_at = now()
  WHERE incident_id = (SELECT incident_id FROM recent)
  RETURNING incident_id
)
INSERT INTO hq_incidents (kind, terminal_id, seq, remote_address, message, details, fingerprint, last_at)
SELECT $1, $2, $3, $4, $5, $6, $7, now() WHERE NOT EXISTS (SELECT 1 FROM counted)`;

export class IncidentLog {
  private readonly pool: pg.Pool;
  private readonly limits: IncidentLimits;
  private readonly log: Logger;

  constructor(pool: pg.Pool, limits: Partial<IncidentLimits> = {}, log: Logger = processLogger()) {
    this.pool = pool;
    this.limits = { ...DEFAULT_INCIDENT_LIMITS, ...limits };
    this.log = log;
  }

  /**
   * Records an incident, or counts it on the same incident (kind, terminal, source) recorded
   * within the window. A source that already added `perSource` rows in the window (say, cycling
   * terminal ids) gets its further incidents of a kind counted on one row. Never throws: a
   * failing log must not turn a refusal into a 500.
   */
  async record(incident: Incident): Promise<void> {
    try {
      const source = incident.remoteAddress ?? null;
      let fingerprint = `${incident.kind}|${incident.terminalId ?? ''}|${source ?? ''}`;
      let terminalId = incident.terminalId;
      let details = incident.details ?? {};
      if (source !== null) {
        const r = await this.pool.query<{ n: number }>(
          `SELECT COUNT(*)::int AS n FROM (SELECT 1 FROM hq_incidents WHERE remote_address = $1 AND at > now() - make_interval(secs => $2::double precision / 1000) LIMIT $3) x`,
          [source, this.limits.windowMs, this.limits.perSource],
        );
        if (r.rows[0]!.n >= this.limits.perSource) {
          fingerprint = `${incident.kind}|*|${source}`;
          terminalId = null;
          details = {
            ...details,
            coalesced: `more than ${this.limits.perSource} incidents from this source within ${Math.round(this.limits.windowMs / 1000)} s: counted here, terminals not told apart`,
            firstTerminalId: incident.terminalId,
          };
        }
      }
      await this.pool.query(RECORD_SQL, [
        incident.kind,
        terminalId,
        incident.seq ?? null,
        source,
        incident.message.slice(0, 2000),
        JSON.stringify(details),
        fingerprint,
        this.limits.windowMs,
      ]);
    } catch (e) {
      this.log.error(`could not record incident ${incident.kind} (${incident.message}): ${errorMessage(e)}`);
    }
  }

  async list(options: { terminalId?: string; limit?: number } = {}): Promise<IncidentRow[]> {
    const r = await this.pool.query(
      `SELECT incident_id AS "incidentId", at, kind, terminal_id AS "terminalId", seq, remote_address AS "remoteAddress", message, details,
              repeat_count AS count, COALESCE(last_at, at) AS "lastAt"
       FROM hq_incidents WHERE ($1::text IS NULL OR terminal_id = $1) ORDER BY incident_id DESC LIMIT $2`,
      [options.terminalId ?? null, options.limit ?? 100],
    );
    return r.rows.map((row: IncidentRow & { at: Date; lastAt: Date }) => ({
      ...row,
      at: row.at.toISOString(),
      lastAt: row.lastAt.toISOString(),
    }));
  }
}
