import type { StoreSettings } from '../../../core/contract/index.ts';
import { ApprovalsCard, HqCard, ReceiptCard, RoundingCard, StoreCard, TaxCard } from './store-cards.tsx';
import { useSettingsView } from './use-settings-call.ts';

/** The store and tax settings the host runs with, each card saying where it is changed. */
export function StoreTab() {
  const { data, error } = useSettingsView('settings.store');
  if (error && !data) {
    return (
      <p className="form-error" role="alert">
        {error}
      </p>
    );
  }
  return data ? <StoreFacts s={data} /> : null;
}

function StoreFacts({ s }: { s: StoreSettings }) {
  return (
    <div className="settings-grid">
      <StoreCard s={s} />
      <TaxCard s={s} />
      <RoundingCard s={s} />
      <ReceiptCard s={s} />
      <ApprovalsCard s={s} />
      <HqCard s={s} />
    </div>
  );
}
