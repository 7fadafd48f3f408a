import { useCallback, useState } from 'react';
import type { SaleLineView, SaleView } from '../../core/contract/index.ts';
import { useTill } from '../app/till-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { DiscountDialog, type DiscountRequest } from '../dialogs/discount-dialog.tsx';
import { MemberDialog, type MemberLookup } from '../dialogs/member-dialog.tsx';
import { CustomersDialog } from '../dialogs/customers-dialog.tsx';
import { PriceDialog } from '../dialogs/price-dialog.tsx';
import { QuantityDialog } from '../dialogs/quantity-dialog.tsx';
import { WeighDialog } from '../dialogs/weigh-dialog.tsx';
import { ReasonDialog } from '../dialogs/reason-dialog.tsx';
import { SalespersonDialog } from '../dialogs/salesperson-dialog.tsx';
import { SerialDialog } from '../dialogs/serial-dialog.tsx';
import { ParkSaleDialog, RecallSaleDialog } from '../dialogs/park-dialogs.tsx';

export type SaleDialog =
  | { kind: 'quantity'; line: SaleLineView }
  | { kind: 'weigh'; line: SaleLineView }
  | { kind: 'void'; line: SaleLineView }
  | { kind: 'price'; line: SaleLineView }
  | { kind: 'discount' }
  | { kind: 'member' }
  | { kind: 'salesperson' }
  | { kind: 'cancel' }
  | { kind: 'reopen' }
  | { kind: 'park' }
  | { kind: 'recall' };

/** A quantity dialog for a product not yet on the sale (weighed goods without a scale label): line 0. */
export const NEW_LINE = 0;

/**
 * The sale screen's dialogs: each asks the host and closes only when the host agreed (a refusal
 * or an approval turned down leaves it open, with the notice saying why).
 */
export function SaleDialogs({
  dialog,
  sale,
  selectedLine,
  onClose,
}: {
  dialog: SaleDialog;
  sale: SaleView | null;
  selectedLine: SaleLineView | null;
  onClose: () => void;
}) {
  switch (dialog.kind) {
    case 'quantity':
      return <LineQuantityDialog line={dialog.line} onClose={onClose} />;
    case 'weigh':
      return <WeighOrTypeDialog line={dialog.line} onClose={onClose} />;
    case 'void':
      return <VoidLineDialog line={dialog.line} onClose={onClose} />;
    case 'price':
      return <PriceOverrideDialog line={dialog.line} onClose={onClose} />;
    case 'discount':
      return <SaleDiscountDialog line={selectedLine} onClose={onClose} />;
    case 'member':
      return <AttachMemberDialog onClose={onClose} />;
    case 'salesperson':
      return sale ? <SalespersonDialog sale={sale} onClose={onClose} /> : null;
    case 'cancel':
      return <CancelSaleDialog sale={sale} onClose={onClose} />;
    case 'reopen':
      return <ReopenSaleDialog onClose={onClose} />;
    case 'park':
      return <ParkSaleDialog onClose={onClose} />;
    case 'recall':
      return <RecallSaleDialog onClose={onClose} />;
  }
}

type LineDialogProps = { line: SaleLineView; onClose: () => void };

/** Weighed goods: on the scale first; typing the weight instead is the cashier's choice (and is marked on the sale). */
function WeighOrTypeDialog({ line, onClose }: LineDialogProps) {
  const [typing, setTyping] = useState(false);
  const type = useCallback(() => setTyping(true), []);
  return typing ? <LineQuantityDialog line={line} onClose={onClose} /> : <WeighDialog line={line} onClose={onClose} onType={type} />;
}

/** A new weighed line is added with its quantity; a line on the sale gets its quantity changed. */
function LineQuantityDialog({ line, onClose }: LineDialogProps) {
  const { t } = useI18n();
  const f = useFormat();
  const { run } = useTill();
  return line.lineNo === NEW_LINE ? (
    <QuantityDialog
      line={line}
      onClose={onClose}
      onSubmit={(qtyMilli) => void run('sale.addItem', { productId: line.productId, qtyMilli }).then(onClose)}
    />
  ) : (
    <QuantityDialog
      line={line}
      onSale
      onClose={onClose}
      onSubmit={(qtyMilli) => {
        void run(
          'sale.setQuantity',
          { lineNo: line.lineNo, qtyMilli },
          { summary: t('approval.summary.quantity', { name: f.product(line) }) },
        ).then((ok) => ok && onClose());
      }}
    />
  );
}

function VoidLineDialog({ line, onClose }: LineDialogProps) {
  const { t } = useI18n();
  const f = useFormat();
  const { run } = useTill();
  return (
    <ReasonDialog
      title={t('void.title', { name: f.product(line) })}
      group="voidLine"
      danger
      confirmLabel={t('void.confirm')}
      onClose={onClose}
      onConfirm={async (reason) => {
        const ok = await run(
          'sale.voidLine',
          { lineNo: line.lineNo, reason },
          { summary: t('approval.summary.void', { name: f.product(line) }) },
        );
        if (ok) onClose();
      }}
    />
  );
}

function PriceOverrideDialog({ line, onClose }: LineDialogProps) {
  const { run } = useTill();
  return (
    <PriceDialog
      line={line}
      onClose={onClose}
      onSubmit={(unitPrice, reason, summary) => {
        void run('sale.overridePrice', { lineNo: line.lineNo, unitPrice, reason }, { summary }).then((ok) => ok && onClose());
      }}
    />
  );
}

function SaleDiscountDialog({ line, onClose }: { line: SaleLineView | null; onClose: () => void }) {
  const { run } = useTill();
  const applyDiscount = async (d: DiscountRequest) => {
    const ok = await run(
      'sale.applyDiscount',
      { scope: d.scope, ...(d.lineNo !== undefined ? { lineNo: d.lineNo } : {}), kind: d.kind, value: d.value, reason: d.reason },
      { summary: d.summary },
    );
    if (ok) onClose();
  };
  return <DiscountDialog line={line} onClose={onClose} onSubmit={(d) => void applyDiscount(d)} />;
}

function AttachMemberDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { run, notify } = useTill();
  const [customers, setCustomers] = useState(false);
  const lookupMember = async (m: MemberLookup): Promise<boolean> => {
    const params =
      m.method === 'token'
        ? { method: 'token' as const, token: m.token }
        : m.method === 'card'
          ? { method: 'card' as const, card: m.card }
          : { method: 'manual' as const, memberId: m.memberId };
    const ok = await run('sale.attachMember', params, {
      summary:
        m.method === 'token'
          ? t('approval.summary.memberCode')
          : t('approval.summary.member', { id: m.method === 'manual' ? m.memberId : m.card }),
    });
    return ok !== null;
  };
  const removeMember = async (): Promise<boolean> => {
    const ok = await run('sale.detachMember', {});
    if (ok) notify('info', t('member.removed'));
    return ok !== null;
  };
  // A member found in Customers is added as a lookup by hand: the host asks for a manager's approval.
  if (customers) return <CustomersDialog onClose={onClose} onAttach={(memberId) => lookupMember({ method: 'manual', memberId })} />;
  return <MemberDialog onClose={onClose} onLookup={lookupMember} onRemove={removeMember} onCustomers={() => setCustomers(true)} />;
}

/** The serial of a serialized item just added, sent as typed (the till's own scanner gives it without this dialog). */
export function LineSerialDialog({ line, onRemove }: { line: SaleLineView; onRemove: () => void }) {
  const { t } = useI18n();
  const f = useFormat();
  const { run } = useTill();
  return (
    <SerialDialog
      line={line}
      onRemove={onRemove}
      onSerial={async (serial) =>
        (await run(
          'sale.setSerial',
          { lineNo: line.lineNo, serial },
          { summary: t('approval.summary.serial', { serial, name: f.product(line) }) },
        )) !== null
      }
    />
  );
}

/** A resumed sale with payments taken is ended, not cancelled: the payments go back to the customer. */
function CancelSaleDialog({ sale, onClose }: { sale: SaleView | null; onClose: () => void }) {
  const { t } = useI18n();
  const { run, notify } = useTill();
  const paid = Boolean(sale?.resumedAt && sale.tenders.length > 0);
  return (
    <ReasonDialog
      title={t(paid ? 'cancel.paidTitle' : 'cancel.title')}
      group="cancelSale"
      danger
      confirmLabel={t(paid ? 'cancel.paidConfirm' : 'cancel.confirm')}
      onClose={onClose}
      onConfirm={async (reason) => {
        const ok = await run('sale.cancel', { reason }, { summary: t(paid ? 'approval.summary.endPaid' : 'approval.summary.cancel') });
        if (ok) {
          notify('info', t(paid ? 'cancel.paidDone' : 'cancel.done'));
          onClose();
        }
      }}
    >
      <p>{t(paid ? 'cancel.paidText' : 'cancel.text')}</p>
    </ReasonDialog>
  );
}

function ReopenSaleDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { run } = useTill();
  return (
    <ReasonDialog
      title={t('reopen.title')}
      group="reopen"
      confirmLabel={t('reopen.confirm')}
      onClose={onClose}
      onConfirm={async (reason) => {
        const ok = await run('sale.reopen', { reason }, { summary: t('approval.summary.reopen') });
        if (ok) onClose();
      }}
    >
      <p>{t('reopen.text')}</p>
    </ReasonDialog>
  );
}
