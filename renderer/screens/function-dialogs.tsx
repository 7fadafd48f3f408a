import { useTill } from '../app/till-context.tsx';
import { CashMovementDialog } from '../dialogs/cash-movement-dialog.tsx';
import { DrawerCountDialog } from '../dialogs/drawer-count-dialog.tsx';
import { HelpDialog } from '../dialogs/help-dialog.tsx';
import { PriceCheckDialog } from '../dialogs/price-check-dialog.tsx';
import { GiftCardSellDialog } from '../dialogs/giftcard-sell-dialog.tsx';
import { PeriodReportDialog } from '../dialogs/period-report-dialog.tsx';
import { LossPreventionDialog } from '../dialogs/loss-prevention-dialog.tsx';
import { ReasonDialog } from '../dialogs/reason-dialog.tsx';
import { ReceiptNumberDialog } from '../dialogs/receipt-number-dialog.tsx';
import { ZReportDialog } from '../dialogs/z-report-dialog.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { FnDialog } from './main-screen.tsx';

/** The dialog a till function opens: help, the drawer counts, reports, cash movements, no sale, reprint and post-void. */
export function FunctionDialogs({ fn, onFn, lastReceiptNo }: { fn: FnDialog; onFn: (fn: FnDialog) => void; lastReceiptNo: number | null }) {
  const { t } = useI18n();
  const { run, store, notify } = useTill();
  return (
    <>
      {fn === 'help' && <HelpDialog onClose={() => onFn(null)} />}
      {fn === 'priceCheck' && <PriceCheckDialog onClose={() => onFn(null)} />}
      {fn === 'sellGiftCard' && <GiftCardSellDialog onClose={() => onFn(null)} />}
      {fn === 'zReport' && (
        <ZReportDialog
          onClose={() => {
            onFn(null);
            void store.refresh();
          }}
        />
      )}
      {(fn === 'openDrawer' || fn === 'closeDrawer') && (
        <DrawerCountDialog
          mode={fn === 'openDrawer' ? 'open' : 'close'}
          onClose={() => {
            onFn(null);
            void store.refreshTill();
          }}
        />
      )}
      {fn === 'cashMovement' && <CashMovementDialog onClose={() => onFn(null)} />}
      {fn === 'periodReport' && <PeriodReportDialog onClose={() => onFn(null)} />}
      {fn === 'lossPrevention' && <LossPreventionDialog onClose={() => onFn(null)} />}
      {fn === 'noSale' && (
        <ReasonDialog
          title={t('noSale.title')}
          group="noSale"
          confirmLabel={t('noSale.confirm')}
          onClose={() => onFn(null)}
          onConfirm={async (reason) => {
            const ok = await run('drawer.noSale', { reason }, { summary: t('approval.summary.noSale') });
            if (ok) {
              notify('success', t('noSale.done'));
              onFn(null);
            }
          }}
        >
          <p>{t('noSale.text')}</p>
        </ReasonDialog>
      )}
      {fn === 'reprint' && (
        <ReceiptNumberDialog
          title={t('reprint.title')}
          text={t('reprint.text')}
          initial={lastReceiptNo}
          reasonGroup="reprint"
          confirmLabel={t('reprint.confirm')}
          onClose={() => onFn(null)}
          onSubmit={async (receiptNo, reason) => {
            const r = await run('receipt.reprint', { receiptNo, reason }, { summary: t('approval.summary.reprint', { no: receiptNo }) });
            if (r) notify('success', t('reprint.done', { no: receiptNo, copy: r.document.copyNo }));
            return r !== null;
          }}
        />
      )}
      {fn === 'postVoid' && (
        <ReceiptNumberDialog
          title={t('postVoid.title')}
          text={t('postVoid.text')}
          initial={lastReceiptNo}
          reasonGroup="postVoid"
          danger
          confirmLabel={t('postVoid.confirm')}
          onClose={() => onFn(null)}
          onSubmit={async (receiptNo, reason) => {
            const r = await run('sale.postVoid', { receiptNo, reason }, { summary: t('approval.summary.postVoid', { no: receiptNo }) });
            if (r) notify('success', t('postVoid.done', { no: receiptNo }));
            return r !== null;
          }}
        />
      )}
    </>
  );
}
