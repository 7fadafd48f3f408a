import { describe, expect, it } from 'vitest';
import { formatEnrollmentCode, newEnrollmentCode, normalizeEnrollmentCode } from '../../../hq/enrollment.ts';

describe('enrollment codes', () => {
  it('are 20 unambiguous characters in groups of five, read back whatever the case and separators', () => {
    const code = newEnrollmentCode();
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{5}(-[A-HJKMNP-Z2-9]{5}){3}$/);
    expect(normalizeEnrollmentCode(code.toLowerCase().replaceAll('-', ' '))).toBe(code.replaceAll('-', ''));
    expect(formatEnrollmentCode(normalizeEnrollmentCode(code))).toBe(code);
  });
});
