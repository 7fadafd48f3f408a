import { describe, expect, it } from 'vitest';
import {
  ACCEPTED_PATTERN_DAYS,
  acceptedLast,
  acceptingReview,
  finePatterns,
  lossPatternKey,
} from '../../../../core/loss/accepted-patterns.ts';

const fine = (day: string, review: string, staffIds = ['S-2', 'S-1'], memberId: string | null = 'M-1') => ({
  rule: 'seed-pattern',
  staffIds,
  memberId,
  day,
  review,
});
const c = (businessDay: string, staffIds = ['S-1', 'S-2'], memberId: string | null = 'M-1', rule = 'seed-pattern') => ({
  rule,
  staffIds,
  memberId,
  businessDay,
});

describe('accepted patterns', () => {
  it('keys a pattern by rule, staff in any order and member', () => {
    expect(lossPatternKey('seed-pattern', ['S-2', 'S-1'], 'M-1')).toBe(lossPatternKey('seed-pattern', ['S-1', 'S-2'], 'M-1'));
    expect(lossPatternKey('seed-pattern', ['S-1'], null)).not.toBe(lossPatternKey('seed-pattern', ['S-1'], 'M-1'));
    expect(lossPatternKey('tier-share', ['S-1'], null)).not.toBe(lossPatternKey('seed-pattern', ['S-1'], null));
  });

  it('accepts a case of the pattern up to 28 days after the latest covering review, never another pattern or its own review', () => {
    const patterns = finePatterns([fine('2026-03-01', 'first'), fine('2026-03-10', 'second'), fine('2026-03-05', 'other', ['S-9'])]);
    expect(ACCEPTED_PATTERN_DAYS).toBe(28);
    expect(acceptingReview(patterns, c('2026-03-02'))).toBe('second');
    expect(acceptingReview(patterns, c('2026-04-07'))).toBe('second'); // 28 days after 03-10
    expect(acceptingReview(patterns, c('2026-04-08'))).toBeNull();
    expect(acceptingReview(patterns, c('2026-03-20'), (r) => r === 'second')).toBe('first');
    expect(acceptingReview(patterns, c('2026-03-02', ['S-1']))).toBeNull();
    expect(acceptingReview(patterns, c('2026-03-02', ['S-1', 'S-2'], 'M-2'))).toBeNull();
    expect(acceptingReview(patterns, c('2026-03-02', ['S-1', 'S-2'], 'M-1', 'tier-share'))).toBeNull();
  });

  it('lists accepted cases after the others, each group in its own order', () => {
    const cases = [
      { id: 1, acceptedBy: 'x' },
      { id: 2, acceptedBy: null },
      { id: 3, acceptedBy: 'y' },
      { id: 4, acceptedBy: null },
    ];
    expect(acceptedLast(cases).map((x) => x.id)).toEqual([2, 4, 1, 3]);
  });
});
