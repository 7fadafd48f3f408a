import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { ReceiptView, SaleView, StateView } from '../../core/contract/index.ts';
import { openBridge, type ConnectionState } from '../bridge/connect-bridge.ts';
import { I18nProvider, useI18n } from '../i18n/i18n-context.tsx';
import { hasMessage } from '../i18n/i18n.ts';
import { formatMoney, formatQuantity } from '../format/money.ts';
import { QrCode } from '../receipt/qr-code.tsx';
import { productName } from '../../core/shared/display-names.ts';

/**
 * The customer-facing screen (Electron opens it on a second monitor at #display; in browser mode
 * open the pairing address with #display&token=...). It only reads: the items and total as the
 * host computed them, and the e-receipt QR when the customer takes the receipt electronically.
 */
export function CustomerDisplayRoot() {
  const [handle] = useState(() => openBridge());
  const [terminal, setTerminal] = useState<StateView['terminal'] | null>(null);
  const [sale, setSale] = useState<SaleView | null>(null);
  // The sale just finished: its paid, change and savings stay up with the receipt.
  const [finished, setFinished] = useState<SaleView | null>(null);
  const [receipt, setReceipt] = useState<ReceiptView | null>(null);
  const [connection, setConnection] = useState<ConnectionState>(() => handle.connection());

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
    const offConn = handle.onConnection((c) => {
      setConnection(c);
      if (c === 'open') void load();
      // The host may have restarted: the old sale never stays up; the host's view comes back on reconnect.
      else if (c === 'lost' || c === 'unpaired') {
        setSale(null);
        setFinished(null);
        setReceipt(null);
      }
    });
    const offSale = handle.bridge.on('sale.changed', (s) => {
      setSale((before) => {
        setFinished(s ? null : before);
        return s;
      });
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
    <I18nProvider storeLocale={terminal?.locale ?? null} storeOnly>
      {connection === 'lost' || connection === 'unpaired' || connection === 'no-token' ? (
        <DisplayOffline terminal={terminal} connection={connection} />
      ) : (
        <CustomerDisplay terminal={terminal} sale={sale} receipt={receipt} finished={finished} />
      )}
    </I18nProvider>
  );
}

/** The display while the till does not answer, or once it refused this display's pairing. */
function DisplayOffline({ terminal, connection }: { terminal: StateView['terminal'] | null; connection: ConnectionState }) {
  const { t } = useI18n();
  const lost = connection === 'lost';
  return (
    <main className="customer-display idle" aria-busy={lost}>
      <h1>{terminal?.storeName}</h1>
      <p className="cd-welcome" role={lost ? 'status' : 'alert'}>
        {t(lost ? 'display.reconnecting' : 'display.unpaired')}
      </p>
    </main>
  );
}

/** What the customer pays: total, what they saved, what they paid and the change or what is left. */
interface Figures {
  total: number;
  savings: number;
  paid: number;
  change: number;
  due: number;
}

function figuresOf(sale: SaleView): Figures {
  return {
    total: sale.total,
    savings: sale.lineDiscounts + sale.orderDiscount,
    paid: sale.paid,
    change: sale.change,
    due: sale.due,
  };
}

/** The member's tier as the store names it: HQ's name, else the store's word for a standard tier. */
function tierLabel(member: NonNullable<SaleView['member']>, t: ReturnType<typeof useI18n>['t']): string | null {
  if (member.tierName) return member.tierName;
  const key = `display.tier.${member.tier}`;
  return hasMessage(key) ? t(key) : null;
}

export function CustomerDisplay({
  terminal,
  sale,
  receipt,
  finished = null,
}: {
  terminal: StateView['terminal'] | null;
  sale: SaleView | null;
  receipt: ReceiptView | null;
  finished?: SaleView | null;
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
    const figures: Figures = finished
      ? { ...figuresOf(finished), total: receipt.total, change: receipt.change, due: 0 }
      : { total: receipt.total, savings: 0, paid: receipt.total + receipt.change, change: receipt.change, due: 0 };
    return (
      <main className="customer-display">
        {banner}
        <h1>{terminal?.storeName}</h1>
        {electronic && receipt.qr ? (
          <div className="cd-qr">
            <QrCode data={receipt.qr} size={320} label={t('display.scanForReceipt')} />
            <p>{t('display.scanForReceipt')}</p>
          </div>
        ) : (
          <p className="cd-thanks">{t('display.thanks')}</p>
        )}
        <Summary figures={figures} money={money} />
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
  const tier = sale.member ? tierLabel(sale.member, t) : null;
  return (
    <main className="customer-display">
      {banner}
      <header className="cd-head">
        <h1>{terminal?.storeName}</h1>
        {sale.member && (
          <p className="cd-member">
            {tier ? t('display.member', { name: sale.member.name, tier }) : t('display.memberNoTier', { name: sale.member.name })}
          </p>
        )}
      </header>
      <SaleLines sale={sale} money={money} />
      <Summary figures={figuresOf(sale)} money={money} />
    </main>
  );
}

/**
 * The items, newest at the bottom: the list keeps the newest in view and says how many earlier
 * ones are above it ("+3 more"), however small the screen.
 */
function SaleLines({ sale, money }: { sale: SaleView; money: (n: number) => string }) {
  const { t, locale } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const [above, setAbove] = useState(0);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => {
      el.scrollTop = el.scrollHeight;
      const top = el.getBoundingClientRect().top;
      let hidden = 0;
      for (const li of el.querySelectorAll('li')) if (li.getBoundingClientRect().top < top - 1) hidden++;
      setAbove(hidden);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [sale.lines]);
  return (
    <div className="cd-items">
      <p className="cd-more" role="status" hidden={above === 0}>
        {t('display.more', { count: String(above) })}
      </p>
      <div className="cd-lines-box" ref={box}>
        <ol className="cd-lines">
          {sale.lines.map((l) => (
            <li key={l.lineNo}>
              <span className="cd-name">{productName(l, locale)}</span>
              <span className="cd-qty">{formatQuantity(l.qtyMilli, l.unit, locale)}</span>
              <span className="cd-amount">{money(l.amount)}</span>
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}

/** Total, savings, paid and change (or what is still to pay): always on screen, whatever the list's length. */
function Summary({ figures, money }: { figures: Figures; money: (n: number) => string }) {
  const { t } = useI18n();
  const ids = useId();
  const row = (key: 'total' | 'savings' | 'paid' | 'change' | 'due', label: string, amount: number) => (
    <div className={`cd-row cd-${key}`}>
      <span id={`${ids}-${key}`}>{label}</span>
      <output aria-labelledby={`${ids}-${key}`}>
        <strong>{money(amount)}</strong>
      </output>
    </div>
  );
  return (
    <section className="cd-summary">
      {figures.savings > 0 && row('savings', t('display.savings'), figures.savings)}
      {row('total', t('display.total'), figures.total)}
      {figures.paid > 0 && row('paid', t('display.paid'), figures.paid)}
      {figures.paid > 0 && figures.due > 0 && row('due', t('display.due'), figures.due)}
      {figures.paid > 0 && figures.due === 0 && row('change', t('display.change'), figures.change)}
    </section>
  );
}
