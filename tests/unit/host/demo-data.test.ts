// The README's demo section names everyone the demo store comes with, so someone trying the till
// can sign in as each role (admin included) and show each member's app code.
import { readFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_MEMBERS, DEMO_STAFF } from '../../../host/demo-data.ts';
import { memberToken, parseMemberToken } from '../../../core/sales/member-token.ts';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const row = (first: string) => README.split('\n').find((l) => l.startsWith(`| \`${first}\` |`));

describe('the README demo section', () => {
  it('lists every demo staff member with role, PIN and badge', () => {
    for (const s of DEMO_STAFF) {
      const line = row(s.staffId);
      expect(line, s.staffId).toBeDefined();
      expect(line).toContain(s.name);
      expect(line).toContain(s.role);
      expect(line).toContain(`\`${s.pin}\``);
      expect(line).toContain(`\`${s.badge}\``);
    }
  });

  it('lists every demo member with card number and app secret', () => {
    for (const m of DEMO_MEMBERS) {
      const line = row(m.memberId);
      expect(line, m.memberId).toBeDefined();
      expect(line).toContain(m.name);
      expect(line).toContain(m.tier);
      for (const card of m.cardNumbers) expect(line).toContain(card);
      expect(line).toContain(m.tokenSecret);
    }
  });

  it('shows how to make a member app code the till accepts, the way the README says', () => {
    expect(README).toContain("import { memberToken } from './core/sales/member-token.ts'");
    const code = memberToken({ hmac: (a, k, d) => createHmac(a, k).update(d).digest() }, 'M0001', 'JBSWY3DPEHPK3PXP', new Date());
    expect(parseMemberToken(code)).toMatchObject({ memberId: 'M0001' });
  });
});
