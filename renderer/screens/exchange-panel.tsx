import { useEffect, useId, useState } from 'react';
import type { ParamsInput, Result } from '../../core/contract/methods.ts';
import type { SaleView } from '../../core/contract/index.ts';
import { parseMoneyInput } from '../format/money.ts';
import { useTill } from '../app/till-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/** The lines chosen on the returns screen to take back in an exchange (issue #15), with their value. */
export interface PendingExchange {
  originalReceiptNo: number;
  lines: ParamsInput<'exchange.quote'>['lines'];
  refundTo: 'original' | 'cash';
  reason: string;
  credit: number;
}

type Quote = Result<'exchange.quote'>;

/**
 * The exchange in progress on the sale screen: the credit of the lines taken back; once the new
 * items are presented (Pay), the balance from the till: what the customer pays (in cash here) or
 * gets back, and Complete exchange, which commits the return and the sale together.
 */
export function ExchangePanel({ exchange, sale, onDone }: { exchange: PendingExchange; sale: SaleView | null; onDone: () => void }) {
  const { t } = useI18n();
  const f = useFormat();
  const { attempt, run } = useTill();
  const ids = useId();
  const [quote, setQuote] = useState<Quote | null>(null);
  const [cash, setCash] = useState('');
  const [busy, setBusy] = useState(false);
  const tendering = sale?.status === 'tendering';
  const saleTotal = sale?.total;
  const { originalReceiptNo, lines, refundTo, reason } = exchange;

  useEffect(() => {
    if (!tendering) return;
    let live = true;
    attempt('exchange.quote', { originalReceiptNo, lines, refundTo }).then(
      (q) => live && setQuote(q),
      () => live && setQuote(null),
    );
    return () => {
      live = false;
    };
  }, [attempt, tendering, saleTotal, originalReceiptNo, lines, refundTo]);

  const given = cash.trim() === '' ? 0 : (parseMoneyInput(cash, f.moneyFormat.minorDigits) ?? 0);
  const pays = quote ? quote.balance > 0 : false;
  const canComplete = Boolean(quote) && tendering && !busy && (!pays || given >= quote!.balance);
  const complete = async () => {
    if (!canComplete) return;
    setBusy(true);
    const r = await run('exchange.complete', {
      originalReceiptNo,
      lines,
      refundTo,
      reason,
      tenders: pays ? [{ type: 'cash', amount: given }] : [],
    });
    setBusy(false);
    if (r) onDone();
  };

  return (
    <section className="card exchange-panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('exchange.title', { no: originalReceiptNo })}</h2>
      <dl className="kv">
        <dt>{t('exchange.credit')}</dt>
        <dd data-testid="exchange-credit">{f.money(quote?.credit ?? exchange.credit)}</dd>
        {quote && (
          <>
            <dt>{t(pays ? 'exchange.customerPays' : 'exchange.customerGetsBack')}</dt>
            <dd role="status" aria-label={t('exchange.balance')}>
              {f.money(Math.abs(quote.balance) + (pays ? 0 : quote.rounding))}
            </dd>
          </>
        )}
      </dl>
      {!tendering && <p>{t('exchange.hint')}</p>}
      {quote && pays && (
        <label>
          {t('exchange.cashGiven')}
          <input inputMode="decimal" value={cash} onChange={(e) => setCash(e.target.value)} />
        </label>
      )}
      {quote && !pays && quote.refunds.length > 0 && (
        <ul>
          {quote.refunds.map((r, i) => (
            <li key={i}>
              {f.tender(r.type)} {f.money(r.amount)}
            </li>
          ))}
        </ul>
      )}
      <div className="button-row">
        <button type="button" onClick={onDone} disabled={busy}>
          {t('exchange.cancel')}
        </button>
        {tendering && (
          <button type="button" className="primary" onClick={() => void complete()} disabled={!canComplete}>
            {t('exchange.complete')}
          </button>
        )}
      </div>
    </section>
  );
}
