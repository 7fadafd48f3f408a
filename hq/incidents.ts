import type pg from 'pg';

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
  | 'chain-broken';

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
}

export class IncidentLog {
  private readonly pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  /** Records an incident. Never throws: a failing log must not turn a refusal into a 500. */
  async record(incident: Incident): Promise<void> {
    try {
      await this.pool.query('INSERT INTO hq_incidents (kind, terminal_id, seq, remote_address, message, details) VALUES ($1, $2, $3, $4, $5, $6)', [
        incident.kind,
        incident.terminalId,
        incident.seq ?? null,
        incident.remoteAddress ?? null,
        incident.message.slice(0, 2000),
        JSON.stringify(incident.details ?? {}),
      ]);
    } catch (e) {
      console.error(`hq: could not record incident ${incident.kind} (${incident.message}): ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async list(options: { terminalId?: string; limit?: number } = {}): Promise<IncidentRow[]> {
    const r = await this.pool.query(
      `SELECT incident_id AS "incidentId", at, kind, terminal_id AS "terminalId", seq, remote_address AS "remoteAddress", message, details
       FROM hq_incidents WHERE ($1::text IS NULL OR terminal_id = $1) ORDER BY incident_id DESC LIMIT $2`,
      [options.terminalId ?? null, options.limit ?? 100],
    );
    return r.rows.map((row: IncidentRow & { at: Date }) => ({ ...row, at: row.at.toISOString() }));
  }
}
