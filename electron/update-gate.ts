// An update never interrupts a sale: a downloaded update installs only when the till has no
// open sale and no receipt obligation (a completed sale whose receipt is not yet printed or
// shown). The decision is a pure function; the steps around it (ask the host, hold the pages'
// calls, ask again, install) run behind a small interface so they are tested with fakes.

export interface TillActivity {
  saleOpen: boolean;
  obligationOpen: boolean;
}

export type GateDecision = { install: true } | { install: false; reason: 'sale-open' | 'obligation-open' | 'till-unknown' };

/** `null`: the host could not say (restarting, failed): wait, as a sale may be open. */
export function updateGateDecision(activity: TillActivity | null): GateDecision {
  if (activity === null) return { install: false, reason: 'till-unknown' };
  if (activity.saleOpen) return { install: false, reason: 'sale-open' };
  if (activity.obligationOpen) return { install: false, reason: 'obligation-open' };
  return { install: true };
}

/** Reads the till's activity from a session.state result (core/contract stateView). */
export function activityFromState(state: unknown): TillActivity | null {
  if (typeof state !== 'object' || state === null || !('sale' in state) || !('obligation' in state)) return null;
  return { saleOpen: state.sale !== null, obligationOpen: state.obligation !== null };
}

export interface UpdateGateSteps {
  /** Ask the host (session.state) what is open. */
  probe(): Promise<TillActivity | null>;
  /** Refuse the pages' new calls ("installing an update") / accept them again. */
  holdCalls(): void;
  releaseCalls(): void;
  /** Resolves when no call is in flight. */
  whenIdle(): Promise<void>;
  /** Close the host (ledger) and install; the app restarts into the new version. */
  install(): Promise<void>;
}

/**
 * One attempt to install a downloaded update. The activity is read twice: once before holding
 * the pages' calls (cheap refusal while selling) and once after the calls in flight are done,
 * so a sale started between the two reads is never cut off.
 */
export async function tryInstallUpdate(steps: UpdateGateSteps): Promise<GateDecision> {
  const first = updateGateDecision(await steps.probe());
  if (!first.install) return first;
  steps.holdCalls();
  try {
    await steps.whenIdle();
    const second = updateGateDecision(await steps.probe());
    if (!second.install) {
      steps.releaseCalls();
      return second;
    }
    await steps.install();
    return second;
  } catch (e) {
    steps.releaseCalls();
    throw e;
  }
}
