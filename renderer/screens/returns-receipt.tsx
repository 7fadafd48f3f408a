import type { Result } from '../../core/contract/index.ts';
import { useFormat } from '../app/use-format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { RefundClose } from './refund-split.tsx';
import type { RefundQuote } from './use-refund-quote.ts';

type Lookup = Result<'return.lookup'>;
type ReturnLine = Lookup['lines'][number];
type Quantities = Record<number, number>;

const step = (unit: 'each' | 'kg', returnable: number) => (unit === 'each' ? 1000 : returnable);

/** One line of the receipt being returned, with the stepper for how much comes back. */
function ReturnLineRow({ line: l, qty, onQty }: { line: ReturnLine; qty: Quantities; onQty: (next: Quantities) => void }) {
  const { t } = useI18n();
  const f = useFormat();
  const q = qty[l.lineNo] ?? 0;
  const s = step(l.unit, l.returnableMilli);
  return (
    <tr>
      <th scope="row">
        {f.product(l)}
        <span className="muted"> {l.sku}</span>
        {l.serial && <span className="badge">{t('serial.onLine', { serial: l.serial })}</span>}
      </th>
      <td>{f.qty(l.qtyMilli, l.unit)}</td>
      <td>{f.qty(l.returnableMilli, l.unit)}</td>
      <td>
        <div className="stepper">
          <button
            type="button"
            className="icon"
            aria-label={t('returns.less', { name: f.product(l) })}
            disabled={q <= 0}
            onClick={() => onQty({ ...qty, [l.lineNo]: Math.max(q - s, 0) })}
          >
            −
          </button>
          <output className="stepper-value" aria-label={t('returns.returning')}>
            {f.qty(q, l.unit)}
          </output>
          <button
            type="button"
            className="icon"
            aria-label={t('returns.more', { name: f.product(l) })}
            disabled={q + s > l.returnableMilli || s === 0}
            onClick={() => onQty({ ...qty, [l.lineNo]: Math.min(q + s, l.returnableMilli) })}
          >
            +
          </button>
        </div>
      </td>
      <td className="num">{f.money(Math.round((l.amount * q) / l.qtyMilli))}</td>
    </tr>
  );
}

/** The found receipt's lines and how much of each comes back. */
export function ReturnLinesCard({
  ids,
  found,
  qty,
  onQty,
}: {
  ids: string;
  found: Lookup;
  qty: Quantities;
  onQty: (next: Quantities) => void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <section className="card">
      <h2 id={`${ids}-receipt`}>{t('returns.receiptHeading', { no: found.receiptNo })}</h2>
      <p className="muted">
        {f.dateTime(found.endedAt)} · {t('returns.paid', { amount: f.money(found.total) })}
        {found.status !== 'completed' && <span className="badge warn"> {t('returns.voided')}</span>}
      </p>
      <table className="return-lines" aria-labelledby={`${ids}-receipt`}>
        <thead>
          <tr>
            <th scope="col">{t('returns.item')}</th>
            <th scope="col">{t('returns.sold')}</th>
            <th scope="col">{t('returns.returnable')}</th>
            <th scope="col">{t('returns.returning')}</th>
            <th scope="col" className="num">
              {t('returns.amount')}
            </th>
          </tr>
        </thead>
        <tbody>
          {found.lines.map((l) => (
            <ReturnLineRow key={l.lineNo} line={l} qty={qty} onQty={onQty} />
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="link"
        onClick={() => onQty(Object.fromEntries(found.lines.map((l) => [l.lineNo, l.returnableMilli])))}
      >
        {t('returns.all')}
      </button>
    </section>
  );
}

/** Where the refund goes, why, how much, and the button that completes the return. */
export function RefundSide({
  ids,
  found,
  refundTo,
  onRefundTo,
  onReason,
  refund,
  quote,
  canComplete,
  onComplete,
}: {
  ids: string;
  found: Lookup;
  refundTo: 'original' | 'cash';
  onRefundTo: (to: 'original' | 'cash') => void;
  onReason: (reason: string) => void;
  refund: number;
  quote: RefundQuote | null;
  canComplete: boolean;
  onComplete: () => void;
}) {
  const { t } = useI18n();
  return (
    <section className="card returns-side">
      <fieldset className="segmented">
        <legend>{t('returns.refundTo')}</legend>
        <label className="radio">
          <input type="radio" name={`${ids}-to`} checked={refundTo === 'original'} onChange={() => onRefundTo('original')} />
          {t('returns.toOriginal', {
            methods: found.tenders
              .map((x) => t(`tender.type.${x.type === 'card' || x.type === 'voucher' || x.type === 'cash' ? x.type : 'other'}`))
              .join(' + '),
          })}
        </label>
        <label className="radio">
          <input type="radio" name={`${ids}-to`} checked={refundTo === 'cash'} onChange={() => onRefundTo('cash')} />
          {t('returns.toCash')}
        </label>
      </fieldset>
      <RefundClose ids={ids} onReason={onReason} refund={refund} quote={quote} canComplete={canComplete} onComplete={onComplete} />
    </section>
  );
}
