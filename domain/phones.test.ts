import { describe, expect, it } from 'vitest';
import { formatPhone, normalisePhone } from '#domain/schemas.ts';

describe('phone numbers', () => {
  it('stores the ways people write one number as the same +84 form', () => {
    for (const written of ['0912 345 678', '0912.345.678', '+84 912 345 678', '84912345678', '0084912345678']) expect(normalisePhone(written), written).toBe('+84912345678');
    expect(normalisePhone('024 3812 3456')).toBe('+842438123456');
  });

  it('refuses numbers that are too short or have no Vietnamese prefix', () => {
    for (const bad of ['091234567', '0112345678', '12345', '+1 202 555 0100']) expect(normalisePhone(bad), bad).toBeUndefined();
  });

  it('shows a stored number nationally in Vietnamese and internationally in English, grouped by area code', () => {
    expect(formatPhone('+84912345678', 'vi')).toBe('0912 345 678');
    expect(formatPhone('+84912345678', 'en')).toBe('+84 912 345 678');
    expect(formatPhone('+842438123456', 'vi')).toBe('024 3812 3456');
    expect(formatPhone('+842253123456', 'vi')).toBe('0225 312 3456');
    expect(formatPhone('+842253123456', 'en')).toBe('+84 225 312 3456');
  });
});
