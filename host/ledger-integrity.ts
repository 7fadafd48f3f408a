import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IntegrityProblem, IntegrityView } from '../core/contract/integrity-views.ts';
import { signCheckpoint, type LedgerCheckpoint } from '../core/ledger/checkpoint.ts';
import { canonicalJson } from '../core/ledger/canonical.ts';
import type { Clock } from '../core/ports/clock.ts';
import type { Signer } from '../core/ports/crypto.ts';
import type { LedgerIntegrity } from '../core/ports/ledger-integrity.ts';
import type { Logger } from '../core/ports/logger.ts';
import { errorMessage } from '../core/shared/errors.ts';
import { openBusinessDay } from '../core/till/business-day.ts';
import { saveCheckpoint, verifySinceCheckpoint, type VerifyProgress } from '../db/ledger-checkpoint.ts';
import { checkMasterData } from '../db/master-data-digests.ts';
import type { SqliteLedgerStore } from '../db/sqlite-ledger.ts';
import { nodeLedgerCrypto } from '../platform/node-crypto.ts';
import { HQ_CONFIG_FILE } from './sync-runner.ts';

// The till checks its own ledger: at start-up from the last verified checkpoint to the head, and
// again whenever another program changed the file (SQLite's data_version), before the next call.
// A broken chain or master data that differs from what the chain recorded stops selling and
// privileged actions (core/terminal/integrity-guard.ts) until IT fixes it.

/** SHA-256 of the canonical JSON of the HQ configuration file, as the sync's config-change entry records it; null without one. */
export function hqConfigDigest(dataDir: string): string | null {
  const path = join(dataDir, HQ_CONFIG_FILE);
  if (!existsSync(path)) return null;
  const text = readFileSync(path, 'utf8');
  let form: string;
  try {
    form = canonicalJson(JSON.parse(text));
  } catch {
    form = text;
  }
  return createHash('sha256').update(form).digest('hex');
}

export interface TillIntegrityOptions {
  store: SqliteLedgerStore;
  signer: Signer;
  dataDir: string;
  terminalId: string;
  clock: Clock;
  log: Logger;
  timeZone: string;
  rolloverHour: number;
  /** Entries between two saved checkpoints on a long walk (default 20,000). */
  chunkEntries?: number;
  /** After each chunk's checkpoint is saved (the log says the same). */
  onProgress?: (progress: VerifyProgress) => void;
}

export class TillIntegrity implements LedgerIntegrity {
  private readonly o: TillIntegrityOptions;
  private view: IntegrityView;
  private dataVersion = -1;
  /** PRAGMA data_version, prepared once: every guarded call reads it. */
  private dataVersionQuery: { get(): unknown } | null = null;
  /** The problems already recorded in the ledger as a device-fault, so a re-check does not repeat them. */
  private reported = '';

  constructor(options: TillIntegrityOptions) {
    this.o = options;
    this.view = this.check();
  }

  private readDataVersion(): number {
    this.dataVersionQuery ??= this.o.store.database.prepare('PRAGMA data_version').pluck();
    return this.dataVersionQuery.get() as number;
  }

  status(): IntegrityView {
    let version: number;
    try {
      version = this.readDataVersion();
    } catch {
      version = -2;
    }
    if (version !== this.dataVersion) this.view = this.check();
    return this.view;
  }

  /** Checks again now (after the HQ configuration file was rewritten, which SQLite does not see). */
  recheck(): IntegrityView {
    this.view = this.check();
    return this.view;
  }

  private check(): IntegrityView {
    const { store, signer, terminalId, clock, log } = this.o;
    const db = store.database;
    const started = Date.now();
    try {
      this.dataVersion = this.readDataVersion();
    } catch {
      this.dataVersion = -2;
    }
    // A long walk (the first start after an upgrade, or a refused checkpoint) saves a checkpoint per
    // chunk and says how far it got: a till stopped half-way resumes there at its next start.
    const onChunk = (checkpoint: LedgerCheckpoint, p: VerifyProgress) => {
      try {
        saveCheckpoint(db, signCheckpoint(signer, checkpoint));
      } catch (e) {
        // Not saving it (a full disk) only costs the next start this stretch again.
        log.warn(`the ledger check's checkpoint at ${checkpoint.seq} could not be saved: ${errorMessage(e)}`, { component: 'ledger' });
      }
      const share = p.total > 0 ? Math.floor((p.checked / p.total) * 100) : 100;
      log.info(`ledger check: ${p.checked} of ${p.total} entries after seq ${p.from} (${share}%), checkpoint saved at ${p.seq}`, {
        component: 'ledger',
      });
      this.o.onProgress?.(p);
    };
    const terminal = { terminalId, publicKey: signer.publicKey, keyId: signer.keyId };
    const run = verifySinceCheckpoint(db, nodeLedgerCrypto, terminal, {
      onChunk,
      ...(this.o.chunkEntries ? { chunkEntries: this.o.chunkEntries } : {}),
    });
    if (run.checkpointRefused) log.warn(`ledger check walks the whole chain: ${run.checkpointRefused}`, { component: 'ledger' });
    const problems: IntegrityProblem[] = [];
    const at = clock.now().toISOString();
    if (!run.result.ok) {
      const { seq, reason, message } = run.result;
      problems.push({ kind: 'ledger', seq, reason, message });
      log.error(`the ledger fails its check at entry ${seq} (${reason}): ${message}`, { component: 'ledger' });
      return { ok: false, checkedAt: at, headSeq: run.from + run.checked, fromSeq: run.from, problems };
    }
    for (const m of checkMasterData(db, run.commitments, hqConfigDigest(this.o.dataDir))) {
      problems.push({ kind: 'master-data', section: m.section, tables: [...m.tables], recordedSeq: m.recordedSeq, message: m.message });
      log.error(m.message, { component: 'ledger' });
    }
    if (problems.length === 0 && run.checkpoint) saveCheckpoint(db, signCheckpoint(signer, run.checkpoint));
    else if (problems.length > 0) this.report(problems, at);
    log.info(`ledger checked: ${run.checked} entries after seq ${run.from}, head ${run.result.lastSeq}, in ${Date.now() - started} ms`, {
      component: 'ledger',
    });
    return { ok: problems.length === 0, checkedAt: at, headSeq: run.result.lastSeq, fromSeq: run.from, problems };
  }

  /** Master data changed outside the till: the chain itself is sound, so the finding is recorded there and reaches HQ. */
  private report(problems: IntegrityProblem[], at: string): void {
    const message = problems
      .map((p) => p.message)
      .join('; ')
      .slice(0, 500);
    if (message === this.reported) return;
    this.reported = message;
    const { store, clock, timeZone, rolloverHour } = this.o;
    try {
      const businessDay = openBusinessDay(clock.now(), { timeZone, rolloverHour }, store);
      const body = { device: 'ledger', code: 'master-data.mismatch', message };
      store.write((tx) => tx.append({ kind: 'device-fault', businessDay, startedAt: at, endedAt: at, operatorId: null, body }));
    } catch (e) {
      this.o.log.error(`the master-data finding could not be recorded: ${errorMessage(e)}`, { component: 'ledger' });
    }
  }
}
