import { describe, expect, it } from 'vitest';
import type { DeviceStatus, SyncProgress } from '../../../../core/contract/index.ts';
import {
  deviceChips,
  leadDevice,
  reasonWording,
  syncProblemWording,
  syncWording,
  type StatusFormat,
  type Wording,
} from '../../../../renderer/devices/device-summary.ts';
import { translate, type UiLocale } from '../../../../renderer/i18n/i18n.ts';

function format(locale: string): StatusFormat {
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  return {
    count: (n) => new Intl.NumberFormat(locale).format(n),
    percent: (s) => percent.format(Math.floor(s * 100) / 100),
    time: () => '14:05',
  };
}

function say(locale: UiLocale, words: Wording[]): string {
  return words.map((w) => translate(locale, w.key, w.params)).join(' · ');
}

const catchingUp: SyncProgress = {
  pending: 1234,
  progress: 0.259,
  catchUp: { acked: 432, total: 1666 },
  lastSyncAt: '2026-11-20T06:05:00.000Z',
  lastError: null,
  retryAt: null,
};

describe('status bar wording', () => {
  it('words sync progress, backlog and the last sync in each language, numbers formatted for it', () => {
    expect(say('en', syncWording(catchingUp, format('en')))).toBe('25% · 1,234 to send · last 14:05');
    expect(say('zh-TW', syncWording(catchingUp, format('zh-TW')))).toBe('25%・待傳 1,234 筆 · 上次 14:05');
    expect(say('zh-CN', syncWording({ ...catchingUp, progress: null, catchUp: null }, format('zh-CN')))).toBe('待传 1,234 条 · 上次 14:05');
    expect(say('en', syncWording({ ...catchingUp, pending: 0, progress: null, catchUp: null, lastSyncAt: null }, format('en')))).toBe(
      'up to date · never synced',
    );
    // 99.9 % sent is not done.
    expect(say('en', syncWording({ ...catchingUp, progress: 0.999 }, format('en')))).toMatch(/^99%/);
  });

  it('words the last sync failure by its code, unknown codes generically', () => {
    expect(
      say('zh-TW', syncProblemWording({ ...catchingUp, lastError: 'sync.offline', retryAt: '2026-11-20T06:06:00.000Z' }, format('zh-TW'))),
    ).toBe('無法連上總部 · 下次重試 14:05');
    expect(say('en', syncProblemWording({ ...catchingUp, lastError: 'sync.something-new' }, format('en')))).toBe('sync failed');
    expect(syncProblemWording(catchingUp, format('en'))).toEqual([]);
  });

  it('words a device reason code, the drawer left open with its seconds', () => {
    const paperOut: DeviceStatus = { device: 'printer', id: 'p1', state: 'error', reason: 'paper-out', detail: 'paper out' };
    expect(translate('zh-CN', reasonWording(paperOut)!.key)).toBe('缺纸');
    const leftOpen: DeviceStatus = { device: 'drawer', id: 'd1', state: 'error', reason: 'left-open', openSeconds: 45 };
    const w = reasonWording(leftOpen)!;
    expect(translate('zh-TW', w.key, w.params)).toBe('未關上 45 秒');
    expect(reasonWording({ device: 'printer', id: 'p1', state: 'idle', detail: 'memory printer' })).toBeNull();
  });

  it('leads a chip with its worst device, so a faulty twin printer is the one worded', () => {
    const chip = deviceChips([
      { device: 'printer', id: 'front', state: 'idle' },
      { device: 'printer', id: 'back', state: 'error', reason: 'cover-open' },
    ]).find((c) => c.kind === 'printer')!;
    expect(leadDevice(chip)?.id).toBe('back');
  });
});

describe('device status chips', () => {
  it('shows every kind, the worst state of several devices, unknown when none report', () => {
    const chips = deviceChips([
      { device: 'printer', id: 'p1', state: 'idle' },
      { device: 'printer', id: 'p2', state: 'error', detail: 'paper out' },
      { device: 'drawer', id: 'd1', state: 'idle' },
    ]);
    expect(chips.map((c) => [c.kind, c.state])).toEqual([
      ['printer', 'error'],
      ['drawer', 'idle'],
      ['scanner', 'unknown'],
      ['display', 'unknown'],
      ['sync', 'unknown'],
    ]);
  });

  it('shows the e-invoice numbers only on a till that reports them, worded in the UI language when few are left', () => {
    const low = { device: 'einvoice' as const, id: 'numbers', state: 'idle' as const, reason: 'numbers-low' as const };
    const chip = deviceChips([low]).find((c) => c.kind === 'einvoice')!;
    expect(chip.state).toBe('idle');
    const w = reasonWording(leadDevice(chip)!)!;
    expect(translate('zh-TW', w.key, w.params)).toBe('電子發票號碼即將用完');
    expect(translate('en', w.key, w.params)).toBe('few e-invoice numbers left');
  });
});
