import { useState } from 'react';
import type { ProductView, SaleLineView, SaleView } from '../../core/contract/index.ts';
import { useTill } from '../app/till-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { NEW_LINE, type SaleDialog } from './sale-dialogs.tsx';

/** Weighed goods without a scale label: a line still to be weighed, for the quantity dialog. */
function weighedLine(p: ProductView): SaleLineView {
  return {
    lineNo: NEW_LINE,
    productId: p.productId,
    sku: p.sku,
    name: p.name,
    names: p.names,
    qtyMilli: 0,
    unit: 'kg',
    unitPrice: p.price,
    priceTier: 'retail',
    discount: 0,
    amount: 0,
    tax: 0,
    voided: false,
    priceOverridden: false,
  };
}

/** What the selling screen asks of the host: quantities, adding a searched product, presenting the sale for payment and completing it. */
export function useSaleActions({
  sale,
  lines,
  setDialog,
  setSearch,
  focusScan,
}: {
  sale: SaleView | null;
  lines: readonly SaleLineView[];
  setDialog: (dialog: SaleDialog) => void;
  setSearch: (search: string | null) => void;
  focusScan: () => void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const { run, notify } = useTill();
  const [completing, setCompleting] = useState(false);

  const changeQuantity = async (line: SaleLineView, delta: number | null) => {
    if (delta === null) return setDialog({ kind: 'quantity', line });
    const next = line.qtyMilli + delta;
    if (next <= 0) return setDialog({ kind: 'void', line });
    await run(
      'sale.setQuantity',
      { lineNo: line.lineNo, qtyMilli: next },
      { summary: t('approval.summary.quantity', { name: f.product(line) }) },
    );
    focusScan();
  };

  const present = async () => {
    if (!sale || lines.length === 0) {
      notify('info', t('sale.nothingToPay'));
      return;
    }
    if (sale.status === 'open') await run('sale.present', {});
  };

  const complete = async () => {
    if (!sale || sale.status !== 'tendering' || sale.due !== 0 || completing) return;
    setCompleting(true);
    try {
      await run('sale.complete', {});
    } finally {
      setCompleting(false);
    }
  };

  const addProduct = async (p: ProductView) => {
    setSearch(null);
    if (p.unit === 'kg') {
      // Weighed goods without a scale label: weigh them on the scale (or type the weight), then add.
      setDialog({ kind: 'weigh', line: weighedLine(p) });
      return;
    }
    await run('sale.addItem', { productId: p.productId });
    focusScan();
  };

  return { completing, changeQuantity, present, complete, addProduct };
}
