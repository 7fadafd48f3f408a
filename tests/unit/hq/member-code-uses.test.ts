import { describe, expect, it } from 'vitest';
import { memberCodeIncident } from '../../../hq/member-code-uses.ts';

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
