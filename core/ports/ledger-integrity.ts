import type { IntegrityView } from '../contract/integrity-views.ts';

/**
 * The till's check of its own ledger and master data. `status()` is asked before every call, so
 * it must be cheap; the implementation re-checks only when the file changed under the till.
 */
export interface LedgerIntegrity {
  status(): IntegrityView;
}
