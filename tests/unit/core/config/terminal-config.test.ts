import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../../../core/config/provisioning.ts';
import { DEFAULT_IDLE_LOCK_SECONDS } from '../../../../core/config/terminal-config.ts';
import { DEMO_CONFIG, parseConfig } from '../../../../host/config.ts';

describe('session.idleLockSeconds (idle auto-lock)', () => {
  it('is optional: a config without it locks after the default', () => {
    expect(parseConfig(DEMO_CONFIG, 'demo').session).toBeUndefined();
    expect(DEFAULT_IDLE_LOCK_SECONDS).toBe(300);
    expect(parseConfig({ ...DEMO_CONFIG, session: {} }, 'demo').session).toEqual({ idleLockSeconds: 300 });
  });

  it('takes whole seconds, 0 meaning never', () => {
    expect(parseConfig({ ...DEMO_CONFIG, session: { idleLockSeconds: 0 } }, 'demo').session?.idleLockSeconds).toBe(0);
    expect(parseConfig({ ...DEMO_CONFIG, session: { idleLockSeconds: 90 } }, 'demo').session?.idleLockSeconds).toBe(90);
  });

  it.each([-1, 1.5, 86_401, '300'])('refuses %j with an error naming the field', (value) => {
    const r = checkConfig({ ...DEMO_CONFIG, session: { idleLockSeconds: value } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]!.path).toBe('session.idleLockSeconds');
    expect(r.issues[0]!.message).toMatch(/session\.idleLockSeconds: whole seconds, 0 \(never\) to 86400/);
    expect(() => parseConfig({ ...DEMO_CONFIG, session: { idleLockSeconds: value } }, 'terminal.json')).toThrow(
      /terminal\.json: session\.idleLockSeconds/,
    );
  });

  it('refuses unknown keys in the section', () => {
    const r = checkConfig({ ...DEMO_CONFIG, session: { idleLock: 60 } });
    expect(r.ok).toBe(false);
  });
});

describe('store.timeZone and store.currency', () => {
  it.each([
    ['timeZone', 'Asia/Taipie', /"Asia\/Taipie" is not a known time zone/],
    ['timeZone', 'GMT+8', /not a known time zone/],
    ['currency', 'XYZ', /"XYZ" is not an ISO 4217 currency code/],
    ['currency', 'twd', /must match pattern/],
  ])('refuses store.%s %j with a message naming it', (field, value, message) => {
    const r = checkConfig({ ...DEMO_CONFIG, store: { ...DEMO_CONFIG.store, [field]: value } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).toEqual([`store.${field}`]);
    expect(r.issues[0]!.message).toMatch(message);
  });

  it.each([
    ['Asia/Taipei', 'TWD'],
    ['Asia/Shanghai', 'CNY'],
    ['UTC', 'USD'],
    ['Europe/Berlin', 'EUR'],
  ])('accepts %s with %s', (timeZone, currency) => {
    expect(checkConfig({ ...DEMO_CONFIG, store: { ...DEMO_CONFIG.store, timeZone, currency } }).ok).toBe(true);
  });
});

describe('quickKeys (sale screen quick keys)', () => {
  it('takes up to 24 keys with optional labels by language, none by default', () => {
    const { quickKeys: _omit, ...withoutKeys } = DEMO_CONFIG as typeof DEMO_CONFIG & { quickKeys?: unknown };
    expect(parseConfig(withoutKeys, 'demo').quickKeys).toEqual([]);
    const keys = Array.from({ length: 24 }, (_, i) => ({ productId: `P${i}`, label: { en: `Key ${i}` } }));
    expect(parseConfig({ ...DEMO_CONFIG, quickKeys: keys }, 'demo').quickKeys).toHaveLength(24);
  });

  it.each([
    [Array.from({ length: 25 }, (_, i) => ({ productId: `P${i}` })), /quickKeys: at most 24 quick keys/],
    [[{ productId: 'P1' }, { productId: 'P1' }], /quickKeys: a product has two quick keys/],
    [[{ productId: '' }], /quickKeys: each key needs a productId/],
    [[{ productId: 'P1', label: { en: 'x'.repeat(33) } }], /quickKeys: a label is at most 32 characters/],
  ])('refuses a bad list with an error naming quickKeys (%#)', (quickKeys, message) => {
    const r = checkConfig({ ...DEMO_CONFIG, quickKeys });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]!.message).toMatch(message);
  });
});
