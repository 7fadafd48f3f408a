import { useId, useMemo } from 'react';
import type { DeviceStatus } from '../../core/contract/index.ts';
import { useTillState } from '../app/till-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { hasMessage, type Translate } from '../i18n/i18n.ts';
import {
  deviceChips,
  leadDevice,
  raisedFlags,
  reasonWording,
  syncProblemWording,
  syncWording,
  type DeviceChip,
  type StatusFormat,
  type Wording,
} from './device-summary.ts';

function say(t: Translate, words: readonly Wording[]): string[] {
  return words.map((w) => t(w.key, w.params));
}

/** Counts, percentages and times in the UI language; a time today shows the clock only. */
function useStatusFormat(): StatusFormat {
  const { locale } = useI18n();
  const timeZone = useTillState((s) => s.terminal?.timeZone ?? 'UTC');
  return useMemo(() => {
    const count = new Intl.NumberFormat(locale);
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    const day = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'short' });
    const clock = new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'short' });
    const dated = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'short', timeStyle: 'short' });
    return {
      count: (n) => count.format(n),
      percent: (share) => percent.format(Math.floor(Math.min(1, Math.max(0, share)) * 100) / 100),
      time: (iso) => {
        const d = new Date(iso);
        if (Number.isNaN(d.getTime())) return iso;
        return day.format(d) === day.format(new Date()) ? clock.format(d) : dated.format(d);
      },
    };
  }, [locale, timeZone]);
}

/** One device in the tooltip: state, why (translated; the English detail only when there is no code), known flags, sync numbers. */
function deviceLine(d: DeviceStatus, t: Translate, f: StatusFormat): string[] {
  const reason = reasonWording(d);
  const parts = [t(`device.state.${d.state}`)];
  if (reason) parts.push(t(reason.key, reason.params));
  else if (d.detail && !d.sync) parts.push(d.detail);
  if (d.sync) parts.push(...say(t, [...syncWording(d.sync, f), ...syncProblemWording(d.sync, f)]));
  for (const flag of raisedFlags(d)) {
    const key = `device.flag.${flag}`;
    if (hasMessage(key) && !parts.includes(t(key))) parts.push(t(key));
  }
  return parts;
}

function Chip({ chip, format }: { chip: DeviceChip; format: StatusFormat }) {
  const { t } = useI18n();
  const tipId = useId();
  const stateText = t(`device.state.${chip.state}`);
  const lead = leadDevice(chip);
  const reason = lead ? reasonWording(lead) : null;
  const summary = lead?.sync ? say(t, syncWording(lead.sync, format)) : reason ? [t(reason.key, reason.params)] : [];
  return (
    <li className={`device-chip state-${chip.state}`} tabIndex={0} aria-describedby={tipId} data-state={chip.state}>
      <span className="device-dot" aria-hidden="true" />
      <span className="device-name">{t(`device.kind.${chip.kind}`)}</span>
      <span className="device-state">{stateText}</span>
      {summary.length > 0 && (
        <span className="device-summary" role="status">
          {summary.join(' · ')}
        </span>
      )}
      <span className="device-tip" role="tooltip" id={tipId}>
        {chip.devices.length === 0
          ? t('device.noReport')
          : chip.devices.map((d) => (
              <span key={d.id} className="device-tip-line">
                <strong>{d.id}</strong>: {deviceLine(d, t, format).join(' · ')}
              </span>
            ))}
        <span className="device-tip-line">{t(`device.help.${chip.kind}`)}</span>
      </span>
    </li>
  );
}

/** Printer, drawer, scanner, customer display and sync at a glance: state and why in the bar, every device on hover or focus. */
export function StatusBar() {
  const devices = useTillState((s) => s.devices);
  const terminal = useTillState((s) => s.terminal);
  const businessDay = useTillState((s) => s.businessDay);
  const clockDay = useTillState((s) => s.clockDay);
  const { t } = useI18n();
  const format = useStatusFormat();
  return (
    <footer className="status-bar">
      <ul className="device-list" aria-label={t('device.barLabel')}>
        {deviceChips(devices).map((c) => (
          <Chip key={c.kind} chip={c} format={format} />
        ))}
      </ul>
      {terminal && (
        <span className="status-terminal">
          {clockDay && businessDay > clockDay && (
            <span className="status-early-z" role="status">
              {t('status.afterEarlyZ', { day: clockDay })}
              {' · '}
            </span>
          )}
          {t('status.terminal', { id: terminal.terminalId })} · {t('status.businessDay', { day: businessDay })}
        </span>
      )}
    </footer>
  );
}
