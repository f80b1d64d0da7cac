import { describe, expect, it } from 'vitest';
import { gte } from '#functions/aws/semver-gte.ts';

describe('the semver stand-in of the bundles', () => {
  it('compares versions part by part as numbers, as semver.gte does for plain versions', () => {
    expect(gte(process.versions.node, '8.0.0')).toBe(true);
    expect(gte('8.0.0', '8.0.0')).toBe(true);
    expect(gte('7.9.9', '8.0.0')).toBe(false);
    expect(gte('10.0.0', '9.99.99')).toBe(true);
    expect(gte('v22.1.0', '22.1.1')).toBe(false);
    expect(gte('2.1349.0', '2.1349.0')).toBe(true);
    expect(gte('3.0.0-beta.1', '2.9.9')).toBe(true);
  });
});
