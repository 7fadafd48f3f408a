import { useEffect, useState } from 'react';
import type { ReceiptView, SaleView, StateView } from '../../core/contract/index.ts';
import { openBridge } from '../bridge/connect-bridge.ts';
import { I18nProvider, useI18n } from '../i18n/i18n-context.tsx';
import { formatMoney, formatQuantity } from '../format/money.ts';
import { QrCode } from '../receipt/qr-code.tsx';
import { productName } from '../screens/search-panel.tsx';

/**
 * The customer-facing screen (Electron opens it on a second monitor at #display; in browser mode
 * open the pairing address with #display&token=...). It only reads: the items and total as the
 * host computed them, and the e-receipt QR when the customer takes the receipt electronically.
 */
export function CustomerDisplayRoot() {
  const [handle] = useState(() => openBridge());
  const [terminal, setTerminal] = useState<StateView['terminal'] | null>(null);
  const [sale, setSale] = useState<SaleView | null>(null);
  const [receipt, setReceipt] = useState<ReceiptView | null>(null);

  useEffect(() => {
    const load = () =>
      handle.bridge['session.state']({}).then(
        (s) => {
          setTerminal(s.terminal);
          setSale(s.sale);
          setReceipt(s.obligation);
        },
        () => undefined,
      );
    void load();
    const offConn = handle.onConnection((c) => c === 'open' && void load());
    const offSale = handle.bridge.on('sale.changed', (s) => {
      setSale(s);
      if (s) setReceipt(null);
    });
    const offReceipt = handle.bridge.on('receipt.changed', (r) => setReceipt(r));
    return () => {
      offConn();
      offSale();
      offReceipt();
    };
  }, [handle]);

  return (
    <I18nProvider storeLocale={terminal?.locale ?? null}>
      <CustomerDisplay terminal={terminal} sale={sale} receipt={receipt} />
    </I18nProvider>
  );
}

export function CustomerDisplay({
  terminal,
  sale,
  receipt,
}: {
  terminal: StateView['terminal'] | null;
  sale: SaleView | null;
  receipt: ReceiptView | null;
}) {
  const { t, locale } = useI18n();
  const money = (n: number) =>
    terminal ? formatMoney(n, { locale, currency: terminal.currency, minorDigits: terminal.minorDigits }) : String(n);
  // Training is said on the customer's side too, so nobody pays for a practice sale.
  const training = (receipt?.document.training ?? false) || (sale?.training ?? false);
  const banner = training && (
    <p className="cd-training" role="status">
      {t('display.training')}
    </p>
  );
  if (receipt) {
    const electronic = receipt.status === 'electronic' || receipt.status === 'failed';
    return (
      <main className="customer-display">
        {banner}
        <h1>{terminal?.storeName}</h1>
        <p className="cd-total">
          {t('display.total')} <strong>{money(receipt.total)}</strong>
        </p>
        {receipt.change > 0 && <p className="cd-change">{t('display.change', { amount: money(receipt.change) })}</p>}
        {electronic && receipt.qr ? (
          <div className="cd-qr">
            <QrCode data={receipt.qr} size={320} label={t('display.scanForReceipt')} />
            <p>{t('display.scanForReceipt')}</p>
          </div>
        ) : (
          <p className="cd-thanks">{t('display.thanks')}</p>
        )}
      </main>
    );
  }
  if (!sale || sale.lines.length === 0) {
    return (
      <main className="customer-display idle">
        <h1>{terminal?.storeName}</h1>
        <p className="cd-welcome">{t('display.welcome')}</p>
      </main>
    );
  }
  const recent = sale.lines.slice(-8);
  return (
    <main className="customer-display">
      {banner}
      <h1>{terminal?.storeName}</h1>
      {sale.member && (
        <p className="cd-member">{t('display.member', { name: sale.member.name, tier: sale.member.tierName ?? sale.member.tier })}</p>
      )}
      <ol className="cd-lines" start={sale.lines.length - recent.length + 1}>
        {recent.map((l) => (
          <li key={l.lineNo}>
            <span>{productName(l, locale)}</span>
            <span className="cd-qty">{formatQuantity(l.qtyMilli, l.unit, locale)}</span>
            <span className="cd-amount">{money(l.amount)}</span>
          </li>
        ))}
      </ol>
      <p className="cd-total">
        <span id="cd-total-label">{t('display.total')}</span>{' '}
        <output aria-labelledby="cd-total-label">
          <strong>{money(sale.total)}</strong>
        </output>
      </p>
      {sale.paid > 0 && <p className="cd-paid">{t('display.due', { amount: money(sale.due) })}</p>}
    </main>
  );
}
