import { useState, type FormEvent } from 'react';
import type { SaleView } from '../../core/contract/index.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useTill } from '../app/till-context.tsx';

type BuyerKind = NonNullable<SaleView['invoiceBuyer']>['kind'];

const KIND_KEY = {
  'mobile-barcode': 'einvoice.buyer.kind.mobile-barcode',
  'citizen-certificate': 'einvoice.buyer.kind.citizen-certificate',
  'member-carrier': 'einvoice.buyer.kind.member-carrier',
  'donation-code': 'einvoice.buyer.kind.donation-code',
  ubn: 'einvoice.buyer.kind.ubn',
} as const satisfies Record<BuyerKind, string>;

/**
 * Who the e-invoice is for (fiscal profile tw-einvoice, issue #17): a carrier or donation code
 * (typed here, or a phone's mobile barcode scanned at any time during payment) or the buyer's UBN,
 * checked by the host; and the item list on paper when the customer asks.
 */
export function InvoiceBuyerForm({ sale }: { sale: SaleView }) {
  const { t } = useI18n();
  const { run } = useTill();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const buyer = sale.invoiceBuyer;
  const itemDetails = sale.invoiceItemDetails ?? false;

  const send = async (params: { code: string | null; itemDetails?: boolean }) => {
    setBusy(true);
    const ok = await run('sale.setInvoiceBuyer', params);
    setBusy(false);
    return ok;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!code.trim()) return;
    if (await send({ code: code.trim() })) setCode('');
  };

  return (
    <form className="invoice-buyer" aria-label={t('einvoice.buyer.label')} onSubmit={(e) => void submit(e)}>
      <p role="status" className="invoice-buyer-now">
        {buyer
          ? t(buyer.paperless ? 'einvoice.buyer.paperless' : 'einvoice.buyer.printed', {
              kind: t(KIND_KEY[buyer.kind]),
              value: buyer.value,
            })
          : t('einvoice.buyer.none')}
      </p>
      <div className="field inline">
        <label htmlFor="invoice-buyer-code">{t('einvoice.buyer.code')}</label>
        <input
          id="invoice-buyer-code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          maxLength={64}
        />
        <button type="submit" disabled={busy || !code.trim()}>
          {t('einvoice.buyer.set')}
        </button>
        {buyer && buyer.kind !== 'member-carrier' && (
          <button type="button" disabled={busy} onClick={() => void send({ code: null })}>
            {t('einvoice.buyer.clear')}
          </button>
        )}
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={itemDetails}
          disabled={busy || buyer?.kind === 'ubn' || buyer?.paperless === true}
          onChange={(e) =>
            void send({ code: buyer && buyer.kind !== 'member-carrier' ? buyer.value : null, itemDetails: e.target.checked })
          }
        />
        {t('einvoice.buyer.itemDetails')}
      </label>
    </form>
  );
}
