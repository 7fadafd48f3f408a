import type { DevicesView } from '../../../core/contract/index.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { hasMessage } from '../../i18n/i18n.ts';
import { raisedFlags, reasonWording } from '../../devices/device-summary.ts';

type DeviceDetail = DevicesView['devices'][number];

/** A device word in the manager's language when the catalogue has it, else the driver's own key. */
function useDeviceLabel() {
  const { t } = useI18n();
  return (prefix: string, key: string) => {
    const k = `${prefix}.${key}`;
    return hasMessage(k) ? t(k) : key;
  };
}

/** Every device of the till, one row each: state, connection, settings and counters. */
export function DevicesTable({ devices }: { devices: DevicesView['devices'] }) {
  const { t } = useI18n();
  return (
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
          {devices.map((d) => (
            <DeviceRow key={`${d.device}:${d.id}`} d={d} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DeviceRow({ d }: { d: DeviceDetail }) {
  const { t } = useI18n();
  const label = useDeviceLabel();
  const counters = Object.entries(d.statistics);
  const flags = raisedFlags(d);
  const reason = reasonWording(d);
  return (
    <tr>
      <th scope="row">
        {label('device.kind', d.device)}
        <div className="muted mono">{d.id}</div>
      </th>
      <td>
        <span className={`badge ${d.state === 'idle' ? 'good' : d.state === 'busy' ? '' : 'warn'}`}>{label('device.state', d.state)}</span>
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
}
