import { useState } from 'react';
import type { DevicesView, TestPrintResult } from '../../../core/contract/index.ts';
import { toCallFailure } from '../../bridge/call-failure.ts';
import { printerReasonKey, useTill } from '../../app/till-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Card } from '../../components/card.tsx';

/** A logged test print on the receipt printer; the result is kept so the preview can show what went out. */
export function useTestPrint(reload: () => Promise<void>) {
  const { attempt, failureText } = useTill();
  const [printing, setPrinting] = useState(false);
  const [result, setResult] = useState<TestPrintResult | null>(null);
  const [printError, setPrintError] = useState<string | null>(null);

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

  return { printing, result, printError, testPrint };
}

/** The receipt printer's width and code page, the test print button and what came of it. */
export function TestPrintCard({ data, print }: { data: DevicesView | null; print: ReturnType<typeof useTestPrint> }) {
  const { t } = useI18n();
  const { printing, result, printError, testPrint } = print;
  return (
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
  );
}
