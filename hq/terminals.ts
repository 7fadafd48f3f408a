import type pg from 'pg';

// Enrolled terminals and the keys their requests may be signed with: the key presented at
// enrollment plus every key the terminal's verified ledger introduced by rotation.

export interface EnrolledTerminal {
  terminalId: string;
  storeId: string;
  /** Key presented at enrollment (raw Ed25519, base64). */
  publicKey: string;
  keyId: string;
  genesisPublicKey: string;
  /** keyId -> raw public key (base64) for every key that may sign this terminal's requests. */
  keys: Record<string, string>;
  /** When the terminal was revoked (console Enrollment page): HQ refuses its requests. */
  revokedAt: string | null;
}

const NEGATIVE_TTL_MS = 5_000;
/** How long another HQ process may go on trusting what it read: a revocation reaches it within this. */
const POSITIVE_TTL_MS = 30_000;

export class TerminalRegistry {
  private readonly pool: pg.Pool;
  private readonly cache = new Map<string, { terminal: EnrolledTerminal; until: number }>();
  private readonly unknown = new Map<string, number>();

  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  async get(terminalId: string): Promise<EnrolledTerminal | null> {
    const hit = this.cache.get(terminalId);
    if (hit && hit.until > Date.now()) return hit.terminal;
    const missUntil = this.unknown.get(terminalId);
    if (missUntil !== undefined && missUntil > Date.now()) return null;
    const r = await this.pool.query<{
      store_id: string;
      public_key: string;
      key_id: string;
      genesis_public_key: string;
      keys: Record<string, string> | null;
      revoked_at: Date | null;
    }>(
      `SELECT store_id, public_key, key_id, genesis_public_key, verifier_state -> 'publicKeys' AS keys, revoked_at FROM hq_terminals WHERE terminal_id = $1`,
      [terminalId],
    );
    const row = r.rows[0];
    if (!row) {
      if (this.unknown.size > 10_000) this.unknown.clear();
      this.unknown.set(terminalId, Date.now() + NEGATIVE_TTL_MS);
      return null;
    }
    const terminal: EnrolledTerminal = {
      terminalId,
      storeId: row.store_id,
      publicKey: row.public_key,
      keyId: row.key_id,
      genesisPublicKey: row.genesis_public_key,
      keys: { ...(row.keys ?? {}), [row.key_id]: row.public_key },
      revokedAt: row.revoked_at ? row.revoked_at.toISOString() : null,
    };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(terminalId, { terminal, until: Date.now() + POSITIVE_TTL_MS });
    return terminal;
  }

  /**
   * The terminal as stored now, past the cache: for a key this process has not seen, which
   * another HQ process may have learnt from a key rotation it ingested.
   */
  async refresh(terminalId: string): Promise<EnrolledTerminal | null> {
    this.invalidate(terminalId);
    return this.get(terminalId);
  }

  /** After ingest accepted a key rotation. */
  learnKeys(terminalId: string, keys: Record<string, string>): void {
    const t = this.cache.get(terminalId);
    if (t) this.cache.set(terminalId, { ...t, terminal: { ...t.terminal, keys: { ...t.terminal.keys, ...keys } } });
  }

  invalidate(terminalId: string): void {
    this.cache.delete(terminalId);
    this.unknown.delete(terminalId);
  }
}
