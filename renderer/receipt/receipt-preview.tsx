import { useMemo } from 'react';
import type { ReceiptDocument } from '../../core/contract/index.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { layoutReceipt, previewText } from './receipt-layout.ts';
import { Barcode } from './barcode.tsx';
import { QrCode } from './qr-code.tsx';

/**
 * The receipt as the printer gets it: the same ReceiptDocument, laid out in `width` columns
 * (one `ch` each; CJK characters in two-column cells, double size twice as wide).
 */
export function ReceiptPreview({ document: doc }: { document: ReceiptDocument }) {
  const { t } = useI18n();
  const rows = useMemo(() => layoutReceipt(doc), [doc]);
  return (
    <div
      className="receipt-paper"
      style={{ width: `calc(${doc.width}ch + 2.5rem)` }}
      role="document"
      aria-label={t('preview.label', { no: doc.receiptNo })}
      data-width={doc.width}
    >
      <div className="visually-hidden">{previewText(rows).join('\n')}</div>
      <div aria-hidden="true">
        {rows.map((row, i) => {
          switch (row.kind) {
            case 'text':
              return (
                <div key={i} className={`rp-line${row.bold ? ' bold' : ''}${row.double ? ' double' : ''}`}>
                  {row.segments.map((s, j) =>
                    s.wide ? (
                      [...s.text].map((ch, k) => (
                        <span key={`${j}-${k}`} className="rp-wide">
                          {ch}
                        </span>
                      ))
                    ) : (
                      <span key={j} className="rp-narrow">
                        {s.text}
                      </span>
                    ),
                  )}
                  {row.segments.length === 0 && ' '}
                </div>
              );
            case 'barcode':
              return (
                <div key={i} className="rp-graphic">
                  <Barcode symbology={row.symbology} data={row.data} />
                </div>
              );
            case 'qr':
              return (
                <div key={i} className="rp-graphic">
                  <QrCode data={row.data} size={row.size * 28} label={t('preview.qr')} />
                </div>
              );
            case 'feed':
              return <div key={i} style={{ height: `${row.lines * 1.2}em` }} />;
            case 'cut':
              return (
                <div key={i} className="rp-cut">
                  <span>{row.partial ? t('preview.partialCut') : t('preview.cut')}</span>
                </div>
              );
          }
        })}
      </div>
    </div>
  );
}
