import { useCallback, useEffect, useState } from 'react';
import { consoleApi, CHAIN_INCIDENT_KINDS, type StoreSummary, type TerminalSummary } from '../api.ts';
import type { Translate, UiLocale } from '../i18n/i18n.ts';
import { ErrorLine, formatWhen, useFailure, type PageProps } from './admin-kit.tsx';
import { deviceTone, isStale, minutesAgo } from './stores-format.ts';

// The Stores page: per store its day at a glance (today's net sales, receipts, open cases), and per
// terminal its last sync, chain status, and what the till last reported about itself (software
// version, devices, backlog) with how long ago. Which stores these are is HQ's decision.

interface StoreView extends StoreSummary {
  list: TerminalSummary[];
}

const KNOWN_KINDS = ['printer', 'drawer', 'scanner', 'scale', 'display'] as const;
const KNOWN_STATES = ['closed', 'idle', 'busy', 'error', 'offline'] as const;
const known = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

export function StoresPage(props: PageProps) {
  const { t, locale } = props;
  const { error, setError, failed } = useFailure(props);
  const [stores, setStores] = useState<StoreView[] | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const load = useCallback(() => {
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    consoleApi
      .stores(timeZone)
      .then(({ stores: list }) => Promise.all(list.map(async (s) => ({ ...s, list: (await consoleApi.terminals(s.storeId)).terminals }))))
      .then((loaded) => {
        setStores(loaded);
        setNow(Date.now());
        setError(null);
      }, failed);
  }, [failed, setError]);

  useEffect(load, [load]);

  return (
    <section aria-labelledby="stores-title">
      <div className="stores-head">
        <h1 id="stores-title">{t('stores.title')}</h1>
        <button type="button" onClick={load}>
          {t('stores.refresh')}
        </button>
      </div>
      <ErrorLine error={error} />
      {stores === null && !error && <p>{t('common.loading')}</p>}
      {stores?.length === 0 && <p>{t('stores.none')}</p>}
      {stores?.map((s) => (
        <article key={s.storeId} className="card store" aria-labelledby={`store-${s.storeId}`}>
          <h2 id={`store-${s.storeId}`}>{t('stores.store', { id: s.storeId })}</h2>
          <p className="muted">{t('stores.summary', { count: s.terminals, when: formatWhen(locale, s.lastSyncAt, t) })}</p>
          {s.today && <StoreToday t={t} locale={locale} storeId={s.storeId} today={s.today} />}
          <table aria-label={t('stores.terminals', { id: s.storeId })}>
            <thead>
              <tr>
                <th scope="col">{t('stores.terminal')}</th>
                <th scope="col">{t('stores.enrolled')}</th>
                <th scope="col">{t('stores.lastSync')}</th>
                <th scope="col" className="num">
                  {t('stores.headSeq')}
                </th>
                <th scope="col">{t('stores.chain')}</th>
                <th scope="col">{t('stores.version')}</th>
                <th scope="col">{t('stores.devices')}</th>
                <th scope="col" className="num">
                  {t('stores.backlog')}
                </th>
                <th scope="col">{t('stores.reported')}</th>
              </tr>
            </thead>
            <tbody>
              {s.list.map((term) => (
                <tr key={term.terminalId}>
                  <th scope="row">{term.terminalId}</th>
                  <td>{formatWhen(locale, term.enrolledAt, t)}</td>
                  <td>{formatWhen(locale, term.lastSyncAt, t)}</td>
                  <td className="num">{term.headSeq}</td>
                  <td>
                    <ChainStatus t={t} terminal={term} />
                  </td>
                  <TillReport t={t} locale={locale} terminal={term} now={now} />
                </tr>
              ))}
            </tbody>
          </table>
        </article>
      ))}
    </section>
  );
}

function StoreToday({
  t,
  locale,
  storeId,
  today,
}: {
  t: Translate;
  locale: UiLocale;
  storeId: string;
  today: NonNullable<StoreSummary['today']>;
}) {
  const number = new Intl.NumberFormat(locale);
  const net = today.net.length === 0 ? number.format(0) : today.net.map((n) => `${number.format(n.amount)} ${n.currency}`).join(' · ');
  return (
    <dl className="store-today" aria-label={t('stores.today', { id: storeId, day: today.day })}>
      <div>
        <dt>{t('stores.today.net')}</dt>
        <dd>{net}</dd>
      </div>
      <div>
        <dt>{t('stores.today.receipts')}</dt>
        <dd>{number.format(today.receipts)}</dd>
      </div>
      <div>
        <dt>{t('stores.today.openCases')}</dt>
        <dd>
          <span className={`badge ${today.openCases > 0 ? 'alert' : 'ok'}`}>{number.format(today.openCases)}</span>
        </dd>
      </div>
    </dl>
  );
}

/** Version, devices, backlog and the report's age; an older till that does not report says so. */
function TillReport({ t, locale, terminal, now }: { t: Translate; locale: UiLocale; terminal: TerminalSummary; now: number }) {
  const { report, reportedAt } = terminal;
  if (!report || !reportedAt)
    return (
      <>
        <td className="muted">{t('stores.notReported')}</td>
        <td className="muted">{t('stores.notReported')}</td>
        <td className="num muted">{t('stores.notReported')}</td>
        <td className="muted">{t('stores.notReported')}</td>
      </>
    );
  const minutes = minutesAgo(reportedAt, now);
  return (
    <>
      <td>{report.softwareVersion}</td>
      <td>
        {report.devices.length === 0 ? (
          <span className="muted">{t('stores.noDevices')}</span>
        ) : (
          <ul className="badges" aria-label={t('stores.devicesOf', { id: terminal.terminalId })}>
            {report.devices.map((d) => (
              <li key={`${d.kind}-${d.id}`} className={`badge ${deviceTone(d.state)}`}>
                {t('stores.device', {
                  kind: known(KNOWN_KINDS, d.kind) ? t(`device.${d.kind}`) : d.kind,
                  state: known(KNOWN_STATES, d.state) ? t(`device.state.${d.state}`) : d.state,
                })}
                {d.reason ? ` (${d.reason})` : ''}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className="num">{new Intl.NumberFormat(locale).format(report.backlog)}</td>
      <td>
        {minutes === 0 ? t('stores.reportedNow') : t('stores.reportedAgo', { minutes })}
        {isStale(minutes) && (
          <>
            {' '}
            <span className="badge alert">{t('stores.stale')}</span>
          </>
        )}
      </td>
    </>
  );
}

/** "Verified to #N" and a badge per kind of chain incident, or that there are none. */
function ChainStatus({ t, terminal }: { t: Translate; terminal: TerminalSummary }) {
  const found = CHAIN_INCIDENT_KINDS.filter((k) => (terminal.incidents[k] ?? 0) > 0);
  return (
    <>
      <span>{t('chain.verifiedTo', { seq: terminal.verifiedSeq })}</span>{' '}
      {found.length === 0 ? (
        <span className="badge ok">{t('chain.noIncidents')}</span>
      ) : (
        <ul className="badges" aria-label={t('chain.incidents', { id: terminal.terminalId })}>
          {found.map((k) => (
            <li key={k} className="badge alert">
              {t(terminal.incidents[k] === 1 ? `chain.${k}` : `chain.${k}.many`, { count: terminal.incidents[k] ?? 0 })}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
