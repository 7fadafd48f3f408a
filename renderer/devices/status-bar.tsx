import { useId } from 'react';
import { useTillState } from '../app/till-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { hasMessage } from '../i18n/i18n.ts';
import { deviceChips, raisedFlags, type DeviceChip } from './device-summary.ts';

function Chip({ chip }: { chip: DeviceChip }) {
  const { t } = useI18n();
  const tipId = useId();
  const stateText = t(`device.state.${chip.state}`);
  return (
    <li className={`device-chip state-${chip.state}`} tabIndex={0} aria-describedby={tipId} data-testid={`device-${chip.kind}`} data-state={chip.state}>
      <span className="device-dot" aria-hidden="true" />
      <span className="device-name">{t(`device.kind.${chip.kind}`)}</span>
      <span className="device-state">{stateText}</span>
      <span className="device-tip" role="tooltip" id={tipId}>
        {chip.devices.length === 0 ? (
          t('device.noReport')
        ) : (
          chip.devices.map((d) => (
            <span key={d.id} className="device-tip-line">
              <strong>{d.id}</strong>: {t(`device.state.${d.state}`)}
              {d.detail ? ` · ${d.detail}` : ''}
              {raisedFlags(d).map((f) => {
                const key = `device.flag.${f}`;
                return <span key={f}> · {hasMessage(key) ? t(key) : f}</span>;
              })}
            </span>
          ))
        )}
        <span className="device-tip-line">{t(`device.help.${chip.kind}`)}</span>
      </span>
    </li>
  );
}

/** Printer, drawer, scanner, customer display and sync at a glance; details on hover or focus. */
export function StatusBar() {
  const devices = useTillState((s) => s.devices);
  const terminal = useTillState((s) => s.terminal);
  const businessDay = useTillState((s) => s.businessDay);
  const { t } = useI18n();
  return (
    <footer className="status-bar">
      <ul className="device-list" aria-label={t('device.barLabel')}>
        {deviceChips(devices).map((c) => (
          <Chip key={c.kind} chip={c} />
        ))}
      </ul>
      {terminal && (
        <span className="status-terminal">
          {t('status.terminal', { id: terminal.terminalId })} · {t('status.businessDay', { day: businessDay })}
        </span>
      )}
    </footer>
  );
}
