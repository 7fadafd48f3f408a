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
