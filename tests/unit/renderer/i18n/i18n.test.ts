import { describe, expect, it } from 'vitest';
import { DEVICE_REASONS, ERROR_CODES } from '../../../../core/contract/index.ts';
import type { SyncErrorCode } from '../../../../core/sync/errors.ts';
import { PERMISSIONS } from '../../../../core/config/permissions.ts';
import { CATALOGS, UI_LOCALES, errorKey, hasMessage, placeholders, resolveLocale, translate } from '../../../../renderer/i18n/i18n.ts';
import { en } from '../../../../renderer/i18n/en.ts';
import { ALL_REASON_CODES } from '../../../../renderer/dialogs/reasons.ts';
import { DEVICE_KINDS } from '../../../../core/shared/enums.ts';

const keys = Object.keys(en).sort();

describe('UI translations', () => {
  it.each(UI_LOCALES)('%s has every key, no extra ones, none empty', (locale) => {
    const catalog = CATALOGS[locale] as Record<string, string>;
    const missing = keys.filter((k) => !(k in catalog));
    const extra = Object.keys(catalog).filter((k) => !(k in en));
    const empty = Object.entries(catalog)
      .filter(([, v]) => v.trim() === '')
      .map(([k]) => k);
    expect({ missing, extra, empty }).toEqual({ missing: [], extra: [], empty: [] });
  });

  it.each(UI_LOCALES)('%s uses the same {placeholders} as English', (locale) => {
    const catalog = CATALOGS[locale] as Record<string, string>;
    const wrong = keys.filter(
      (k) => JSON.stringify(placeholders(catalog[k] ?? '')) !== JSON.stringify(placeholders(en[k as keyof typeof en])),
    );
    expect(wrong).toEqual([]);
  });

  it('every host error code has a message, in every language', () => {
    const missing = ERROR_CODES.filter((code) => !hasMessage(`error.${code}`));
    expect(missing).toEqual([]);
    for (const code of ERROR_CODES) expect(errorKey(code)).toBe(`error.${code}`);
    expect(errorKey('not-a-code')).toBe('error.internal');
  });

  it('error messages take no placeholders (details vary by host version)', () => {
    const withParams = keys.filter((k) => k.startsWith('error.') && placeholders(en[k as keyof typeof en]).length > 0);
    expect(withParams).toEqual([]);
  });

  it('every permission the host may ask approval for has a label', () => {
    expect(PERMISSIONS.filter((p) => !hasMessage(`permission.${p}`))).toEqual([]);
  });

  it('every reason code, device kind and device state has a label', () => {
    expect(ALL_REASON_CODES.filter((r) => !hasMessage(`reason.${r}`))).toEqual([]);
    expect(DEVICE_KINDS.filter((d) => !hasMessage(`device.kind.${d}`) || !hasMessage(`device.help.${d}`))).toEqual([]);
    expect(['closed', 'idle', 'busy', 'error', 'offline', 'unknown'].filter((s) => !hasMessage(`device.state.${s}`))).toEqual([]);
    expect(['paper-out', 'cover-open', 'offline', 'timeout', 'error'].filter((r) => !hasMessage(`printer.reason.${r}`))).toEqual([]);
  });

  it('every device reason code and sync failure code has words for the status bar', () => {
    expect(DEVICE_REASONS.filter((r) => !hasMessage(`device.reason.${r}`))).toEqual([]);
    // A Record over the union: a new SyncErrorCode fails typecheck here until it is listed (and worded).
    const syncCodes: Record<SyncErrorCode, true> = {
      'sync.offline': true,
      'sync.timeout': true,
      'sync.busy': true,
      'sync.too-large': true,
      'sync.unauthorized': true,
      'sync.not-enrolled': true,
      'sync.clock-skew': true,
      'sync.rejected': true,
      'sync.ledger-behind-hq': true,
      'sync.diverged': true,
      'sync.master-data': true,
      'sync.protocol': true,
    };
    expect(Object.keys(syncCodes).filter((c) => !hasMessage(`device.syncError.${c}`))).toEqual([]);
  });

  it('the Chinese catalogues are actually translated (not copies of English)', () => {
    for (const locale of ['zh-TW', 'zh-CN'] as const) {
      const catalog = CATALOGS[locale] as Record<string, string>;
      const same = keys.filter(
        (k) =>
          catalog[k] === en[k as keyof typeof en] &&
          /[a-z]{3}/.test(catalog[k]!.replace(/\{\w+\}/g, '')) &&
          !k.startsWith('language.') &&
          k !== 'app.name',
      );
      expect(same).toEqual([]);
    }
    expect(CATALOGS['zh-TW']['sale.pay']).not.toBe(CATALOGS['zh-CN']['login.title']);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'receipt.saleDone', { no: 12 })).toBe('Sale complete · receipt #12');
    expect(translate('zh-TW', 'receipt.saleDone', { no: 12 })).toBe('交易完成・收據 #12');
    expect(translate('zh-CN', 'tender.exact', { amount: '¥5' })).toBe('正好 ¥5');
    expect(translate('en', 'tender.exact')).toBe('Exact {amount}');
  });

  it('maps browser and store locales to a UI language', () => {
    expect(resolveLocale('zh-TW')).toBe('zh-TW');
    expect(resolveLocale('zh-Hant-HK')).toBe('zh-TW');
    expect(resolveLocale('zh-CN')).toBe('zh-CN');
    expect(resolveLocale('zh-SG')).toBe('zh-CN');
    expect(resolveLocale('zh')).toBe('zh-CN');
    expect(resolveLocale('en-GB')).toBe('en');
    expect(resolveLocale('fr')).toBe('en');
    expect(resolveLocale(undefined)).toBe('en');
  });
});
