import { useEffect, useEffectEvent, useId, useState, type FormEvent } from 'react';
import { CashierExceptionsTable, SalesByHourChart } from '../report/day-charts.tsx';
import { TotalsTable } from '../report/totals-table.tsx';
import type { ReceiptView, Result } from '../../core/contract/index.ts';
import { toCallFailure } from '../bridge/call-failure.ts';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { useShortcuts } from '../app/shortcuts.ts';
import { printerReasonKey, useSnapshot, useTill } from '../app/till-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { ReceiptPreview } from '../receipt/receipt-preview.tsx';
import { roleKey } from '../approval/approval-dialog.tsx';
import { DevicesTab } from './settings/devices-tab.tsx';
import { StoreTab } from './settings/store-tab.tsx';
import { StaffTab } from './settings/staff-tab.tsx';

type Tab = 'general' | 'preview' | 'report' | 'devices' | 'store' | 'staff';

/** Settings for managers and IT: language, receipt preview, the X report, devices, store and tax, staff and roles. */
export function SettingsScreen({ onBack, initialTab = 'general' }: { onBack: () => void; initialTab?: Tab }) {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>(initialTab);
  const titleId = useId();
  useShortcuts([{ key: 'Escape', run: onBack }]);
  const tabs: Array<[Tab, string]> = [
    ['general', t('settings.general')],
    ['preview', t('settings.preview')],
    ['report', t('settings.xReport')],
    ['devices', t('settings.devices')],
    ['store', t('settings.storeTax')],
    ['staff', t('settings.staff')],
  ];
  return (
    <main className="settings-screen" aria-labelledby={`${titleId}-title`}>
      <header className="screen-header">
        <button type="button" onClick={onBack}>
          ← {t('common.back')} <kbd>Esc</kbd>
        </button>
        <h1 id={`${titleId}-title`}>{t('settings.title')}</h1>
      </header>
      <div className="tabs" role="tablist" aria-label={t('settings.title')}>
        {tabs.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            className={tab === id ? 'selected' : ''}
            onClick={() => setTab(id)}
          >
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" className="settings-panel">
        {tab === 'general' && <GeneralSettings />}
        {tab === 'preview' && <PreviewSettings />}
        {tab === 'report' && <XReport />}
        {tab === 'devices' && <DevicesTab />}
        {tab === 'store' && <StoreTab />}
        {tab === 'staff' && <StaffTab />}
      </div>
    </main>
  );
}

function GeneralSettings() {
  const { t } = useI18n();
  const { terminal, operator, training, businessDay } = useSnapshot();
  return (
    <div className="settings-grid">
      <section className="card">
        <h2>{t('settings.language')}</h2>
        <p className="muted">{t('settings.languageHint')}</p>
        <LanguageSwitch />
      </section>
      <section className="card">
        <h2>{t('settings.terminal')}</h2>
        <dl className="facts">
          <dt>{t('settings.store')}</dt>
          <dd>{terminal ? `${terminal.storeName} (${terminal.storeId})` : '—'}</dd>
          <dt>{t('settings.terminalId')}</dt>
          <dd>{terminal?.terminalId ?? '—'}</dd>
          <dt>{t('settings.currency')}</dt>
          <dd>{terminal ? t('settings.currencyValue', { currency: terminal.currency, digits: terminal.minorDigits }) : '—'}</dd>
          <dt>{t('settings.timeZone')}</dt>
          <dd>{terminal?.timeZone ?? '—'}</dd>
          <dt>{t('settings.businessDay')}</dt>
          <dd>{businessDay}</dd>
          <dt>{t('settings.receiptWidth')}</dt>
          <dd>{terminal ? t('settings.columns', { n: terminal.receiptWidth }) : '—'}</dd>
          <dt>{t('settings.operator')}</dt>
          <dd>{operator ? `${operator.name} · ${t(roleKey(operator.role))}` : '—'}</dd>
          <dt>{t('settings.mode')}</dt>
          <dd>{training ? t('settings.training') : t('settings.live')}</dd>
        </dl>
      </section>
    </div>
  );
}

function PreviewSettings() {
  const { t } = useI18n();
  const { attempt, showFailure } = useTill();
  const { lastReceiptNo } = useSnapshot();
  const id = useId();
  const [number, setNumber] = useState(lastReceiptNo ? String(lastReceiptNo) : '');
  const [receipt, setReceipt] = useState<ReceiptView | null>(null);

  const load = (no: number) =>
    attempt('receipt.get', { receiptNo: no }).then(setReceipt, (e: unknown) => {
      setReceipt(null);
      showFailure(toCallFailure(e));
    });
  // The latest receipt, once, when the tab opens.
  const loadLatest = useEffectEvent(() => {
    if (lastReceiptNo) void load(lastReceiptNo);
  });
  useEffect(() => loadLatest(), []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (/^\d{1,12}$/.test(number.trim())) void load(Number(number.trim()));
  };
  return (
    <div className="settings-grid preview-grid">
      <section className="card">
        <h2>{t('settings.preview')}</h2>
        <p className="muted">{t('settings.previewHint')}</p>
        <form onSubmit={submit} className="inline-form">
          <div className="field">
            <label htmlFor={id}>{t('returns.receiptNo')}</label>
            <input id={id} value={number} onChange={(e) => setNumber(e.target.value)} inputMode="numeric" autoComplete="off" />
          </div>
          <button type="submit" className="primary">
            {t('settings.showReceipt')}
          </button>
        </form>
        {!receipt && <p className="muted">{t('settings.noReceipt')}</p>}
      </section>
      {receipt && (
        <section className="preview-holder">
          <ReceiptPreview document={receipt.document} />
        </section>
      )}
    </div>
  );
}

type XReportData = Result<'report.x'>;

/** Lines of the summary, in the order a manager reads them; anything else is in the printout. */
const SUMMARY_KEYS = [
  'sales',
  'sales:tax',
  'discounts',
  'returns',
  'returns:tax',
  'returns:no-receipt',
  'tender:cash',
  'refund:cash',
  'tender:card',
  'refund:card',
  'tender:voucher',
  'tender:other',
  'sales:rounding',
  'voids:line',
  'voids:sale',
  'post-voids',
  'no-sales',
  'sales-parked',
  'sales-held',
  'price-overrides',
  'receipts:reprints',
  'receipts:electronic',
  'receipts:declined-paper',
  'receipts:print-failed',
  'cash-in',
  'cash-out:paid-out',
  'cash-out:pickup',
  'training:sales',
  'training:returns',
];

/** The lines of one family (departments, cashiers), in the order they were recorded. */
function groupKeys(keys: XReportData['keys'], prefix: string): string[] {
  return Object.keys(keys).filter((k) => k.startsWith(prefix));
}

function XReport() {
  const { t } = useI18n();
  const { attempt, showFailure, notify } = useTill();
  const [report, setReport] = useState<XReportData | null>(null);
  const [printing, setPrinting] = useState(false);
  // Printed as it stands now: the screen is refreshed too, so what is shown is what was printed.
  const print = async () => {
    setPrinting(true);
    try {
      const outcome = await attempt('report.printX', {});
      if (outcome.printed) notify('info', t('report.printedOk'));
      else notify('error', t('report.printFailed', { reason: t(printerReasonKey(outcome.reason ?? 'error')) }));
      await load();
    } catch (e) {
      showFailure(toCallFailure(e));
    } finally {
      setPrinting(false);
    }
  };
  const [denied, setDenied] = useState<string | null>(null);
  const load = () =>
    attempt('report.x', {}).then(
      (answer) => {
        setReport(answer);
        setDenied(null);
      },
      (e: unknown) => {
        const failure = toCallFailure(e);
        if (failure.code === 'permission.denied') setDenied(t('error.permission.denied'));
        else showFailure(failure);
      },
    );
  // Loaded when the tab opens; "Refresh" loads again.
  const loadOnOpen = useEffectEvent(() => void load());
  useEffect(() => loadOnOpen(), []);

  const keys = report ? SUMMARY_KEYS.filter((k) => report.keys[k]) : [];
  return (
    <div className="settings-grid preview-grid">
      <section className="card x-report">
        <div className="card-head">
          <h2>{t('report.title')}</h2>
          <button type="button" onClick={() => void load()}>
            {t('report.refresh')}
          </button>
          <button type="button" onClick={() => void print()} disabled={printing}>
            {t('report.print')}
          </button>
        </div>
        {denied && (
          <p className="form-error" role="alert">
            {denied}
          </p>
        )}
        {report && (
          <>
            <p className="muted">{t('report.subtitle', { day: report.businessDay, seq: report.lastSeq })}</p>
            <h3>{t('report.summary')}</h3>
            {keys.length === 0 ? <p>{t('report.empty')}</p> : <TotalsTable keys={keys} totals={report.keys} />}
            <p className="hint">{t('report.note')}</p>
            {groupKeys(report.keys, 'dept:').length > 0 && (
              <TotalsTable caption={t('report.departments')} keys={groupKeys(report.keys, 'dept:')} totals={report.keys} />
            )}
            {groupKeys(report.keys, 'cashier:').length > 0 && (
              <TotalsTable
                caption={t('report.cashiers')}
                keys={groupKeys(report.keys, 'cashier:')}
                totals={report.keys}
                staffNames={report.staffNames}
              />
            )}
            <SalesByHourChart byHour={report.byHour} />
            <CashierExceptionsTable byCashier={report.byCashier} staffNames={report.staffNames} />
          </>
        )}
      </section>
      {report && (
        <section className="preview-holder" aria-label={t('report.printout')}>
          <ReceiptPreview document={report.document} />
        </section>
      )}
    </div>
  );
}
