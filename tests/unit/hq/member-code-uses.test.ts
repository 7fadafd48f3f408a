import { describe, expect, it } from 'vitest';
import { memberCodeIncident, memberCodeUseOf } from '../../../hq/member-code-uses.ts';
import type { JsonValue } from '../../../core/ledger/canonical.ts';

describe('memberCodeIncident', () => {
  it('names the member, the step and every sale that used the code, against the till whose batch showed it', () => {
    const uses = [
      { terminalId: 'T-01', seq: 12 },
      { terminalId: 'T-02', seq: 40 },
    ];
    const incident = memberCodeIncident('T-02', { memberId: 'M-9', codeStep: 100, uses });
    expect(incident).toMatchObject({
      kind: 'member-code-reused',
      terminalId: 'T-02',
      seq: 40,
      details: { memberId: 'M-9', codeStep: 100, uses },
    });
    expect(incident.message).toContain('T-01 #12, T-02 #40');
  });
});

describe('memberCodeUseOf', () => {
  it('reads the app code of a sale whose member was verified by one, and nothing else', () => {
    const sale = (member?: JsonValue) => {
      const body: JsonValue = member === undefined ? {} : { member };
      return { kind: 'sale', seq: 7, businessDay: '2026-11-20', body };
    };
    expect(memberCodeUseOf(sale({ memberId: 'M-1', codeStep: 42, verification: 'app-code' }))).toEqual({
      seq: 7,
      businessDay: '2026-11-20',
      memberId: 'M-1',
      codeStep: 42,
    });
    expect(memberCodeUseOf(sale({ memberId: 'M-1', verification: 'card-scanned' }))).toBeNull();
    expect(memberCodeUseOf(sale({ memberId: 'M-1', codeStep: '42' }))).toBeNull();
    expect(memberCodeUseOf(sale())).toBeNull();
    expect(
      memberCodeUseOf({ kind: 'return', seq: 8, businessDay: '2026-11-20', body: { member: { memberId: 'M-1', codeStep: 1 } } }),
    ).toBeNull();
  });
});
