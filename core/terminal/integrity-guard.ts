import { HostError } from '../contract/errors.ts';
import type { MethodName } from '../contract/methods.ts';
import type { IntegrityView } from '../contract/integrity-views.ts';
import type { LedgerIntegrity } from '../ports/ledger-integrity.ts';
import type { Handlers, HandlersOf } from './handlers.ts';

/**
 * While the ledger or master data fails its check the till answers only these: what the blocking
 * screen shows, the devices for IT, and leaving. No sale, no sign-in, no privileged action.
 */
const WHILE_BROKEN: ReadonlySet<string> = new Set<MethodName>([
  'ledger.integrity',
  'session.state',
  'session.lock',
  'session.logout',
  'devices.status',
  'devices.details',
]);

type AnyHandler = (params: never) => Promise<unknown>;

function refusal(view: IntegrityView): HostError {
  const first = view.problems[0];
  const what = first ? first.message : 'the ledger check failed';
  return new HostError('ledger.integrity-failed', `the till does not sell on a ledger that fails its check: ${what}`, {
    problems: view.problems.length,
  });
}

/** The refusal while the ledger or master data fails its check, or null when the till may act. */
export function integrityRefusal(integrity: LedgerIntegrity | undefined): HostError | null {
  const view = integrity?.status();
  return view && !view.ok ? refusal(view) : null;
}

/** Every method but those above checks the ledger's status first and refuses while it is not ok. */
export function guardIntegrity(handlers: Handlers, integrity: LedgerIntegrity | undefined): Handlers {
  if (!integrity) return handlers;
  const all: Record<string, AnyHandler> = handlers;
  const guarded = Object.entries(all).map(([name, handler]): [string, AnyHandler] => [
    name,
    WHILE_BROKEN.has(name)
      ? handler
      : (params) => {
          const view = integrity.status();
          return view.ok ? handler(params) : Promise.reject(refusal(view));
        },
  ]);
  // The same keys with the same handler types: only the check is added in front.
  return Object.fromEntries(guarded) as Handlers;
}

/** The status a till without a check reports (tests that build the terminal on a bare store). */
const UNCHECKED: IntegrityView = { ok: true, checkedAt: '', headSeq: 0, fromSeq: 0, problems: [] };

export function createIntegrityHandlers(integrity: LedgerIntegrity | undefined): HandlersOf<'ledger.integrity'> {
  return {
    async 'ledger.integrity'() {
      return integrity?.status() ?? UNCHECKED;
    },
  };
}
