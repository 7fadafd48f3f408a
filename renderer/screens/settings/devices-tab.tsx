import { useState } from 'react';
import type { TestPrintResult } from '../../../core/contract/index.ts';
import { toCallFailure } from '../../bridge/call-failure.ts';
import { printerReasonKey, useTill } from '../../app/till-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { hasMessage } from '../../i18n/i18n.ts';
import { raisedFlags, reasonWording } from '../../devices/device-summary.ts';
import { ReceiptPreview } from '../../receipt/receipt-preview.tsx';
import { Card } from '../../components/card.tsx';
import { useSettingsView } from './use-settings-call.ts';

/** Every device with its state, connection, settings and counters; a logged test print with its preview. */
export function DevicesTab() {
  const { t } = useI18n();
  const { attempt, failureText } = useTill();
  const { data, error, reload } = useSettingsView('devices.details');
  const [printing, setPrinting] = useState(false);
  const [result, setResult] = useState<TestPrintResult | null>(null);
  const [printError, setPrintError] = useState<string | null>(null);

  const label = (prefix: string, key: string) => {
    const k = `${prefix}.${key}`;
    return hasMessage(k) ? t(k) : key;
  };

  const testPrint = async () => {
    setPrinting(true);
    setPrintError(null);
    try {
      setResult(await attempt('devices.testPrint', {}));
      await reload();
    } catch (e) {
      setPrintError(failureText(toCallFailure(e)).text);
    } finally {
      setPrinting(false);
    }
  };

  if (error && !data) {
    return (
      <p className="form-error" role="alert">
        {error}
      </p>
    );
  }
  // After a test print the preview shows the very document that went to the printer.
  const previewDocument = result?.document ?? data?.testDocument ?? null;
  return (
    <div className="settings-grid preview-grid">
      <div className="settings-stack">
        <section className="card">
          <div className="card-head">
            <h2>{t('devset.title')}</h2>
            <button type="button" onClick={() => void reload()}>
              {t('devset.refresh')}
            </button>
          </div>
          <p className="muted">{t('devset.hint')}</p>
          {data && (
            <div className="table-scroll">
              <table className="report-table settings-table">
                <thead>
                  <tr>
                    <th scope="col">{t('devset.device')}</th>
                    <th scope="col">{t('devset.state')}</th>
                    <th scope="col">{t('devset.connection')}</th>
                    <th scope="col">{t('devset.settings')}</th>
                    <th scope="col">{t('devset.counters')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.devices.map((d) => {
                    const counters = Object.entries(d.statistics);
                    const flags = raisedFlags(d);
                    const reason = reasonWording(d);
                    return (
                      <tr key={`${d.device}:${d.id}`}>
                        <th scope="row">
                          {label('device.kind', d.device)}
                          <div className="muted mono">{d.id}</div>
                        </th>
                        <td>
                          <span className={`badge ${d.state === 'idle' ? 'good' : d.state === 'busy' ? '' : 'warn'}`}>
                            {label('device.state', d.state)}
                          </span>
                          {flags.length > 0 && <div className="muted">{flags.map((f) => label('device.flag', f)).join(', ')}</div>}
                          {reason && <div>{t(reason.key, reason.params)}</div>}
                          {/* The driver's own words (English), for IT. */}
                          {d.detail && <div className="muted">{d.detail}</div>}
                        </td>
                        <td className="mono">{d.connection ?? (d.device === 'sync' ? '—' : t('devset.builtIn'))}</td>
                        <td>
                          {d.settings.length === 0 ? (
                            '—'
                          ) : (
                            <dl className="facts compact">
                              {d.settings.map((s) => (
                                <div key={s.key}>
                                  <dt>{label('devset.key', s.key)}</dt>
                                  <dd className="mono">{s.value}</dd>
                                </div>
                              ))}
                            </dl>
                          )}
                        </td>
                        <td>
                          {counters.length === 0 ? (
                            <span className="muted">{t('devset.none')}</span>
                          ) : (
                            <dl className="facts compact">
                              {counters.map(([k, v]) => (
                                <div key={k}>
                                  <dt>{label('devset.counter', k)}</dt>
                                  <dd>{v}</dd>
                                </div>
                              ))}
                            </dl>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <p className="hint">{t('devset.manageHint')}</p>
        </section>
        <Card title={t('devset.testTitle')}>
          <p className="muted">{t('devset.testHint')}</p>
          {data && (
            <dl className="facts">
              <dt>{t('devset.printer')}</dt>
              <dd className="mono">{data.printer.id}</dd>
              <dt>{t('devset.width')}</dt>
              <dd>
                {t('devset.widthValue', { n: data.printer.columns })}
                {data.printer.paperMm ? ` · ${data.printer.paperMm} mm` : ''}
              </dd>
              <dt>{t('devset.codePage')}</dt>
              <dd className="mono">{data.printer.encoding}</dd>
            </dl>
          )}
          <button
            type="button"
            className="primary test-print-button"
            onClick={() => void testPrint()}
            disabled={printing || !data}
            aria-busy={printing}
          >
            {printing ? t('devset.printing') : t('devset.print')}
          </button>
          <div aria-live="polite">
            {result?.printed && (
              <p className="form-ok" role="status" data-printed="true">
                {t('devset.printed', { printer: result.printerId })}
              </p>
            )}
            {result && !result.printed && (
              <div className="form-error" role="alert" data-printed="false">
                <p>{t('devset.failed', { printer: result.printerId })}</p>
                <p>{t(printerReasonKey(result.failure?.reason ?? 'error'))}</p>
                <p>{t('devset.failedHint')}</p>
              </div>
            )}
            {printError && (
              <p className="form-error" role="alert">
                {printError}
              </p>
            )}
          </div>
        </Card>
      </div>
      {previewDocument && (
        <section className="preview-holder" aria-label={t('devset.previewTitle')}>
          <ReceiptPreview document={previewDocument} />
        </section>
      )}
    </div>
  );
}
