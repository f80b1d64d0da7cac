import { describe, expect, it } from 'vitest';
import { secondsToNextVietnamDay } from '#functions/data/quotas.ts';

describe('the quota day', () => {
  it('ends at midnight in Vietnam, 17:00 UTC', () => {
    expect(secondsToNextVietnamDay(new Date('2026-12-01T16:59:59Z'))).toBe(1);
    expect(secondsToNextVietnamDay(new Date('2026-12-01T17:00:00Z'))).toBe(86_400);
    expect(secondsToNextVietnamDay(new Date('2026-12-01T05:00:00Z'))).toBe(12 * 3600);
  });
});
