/**
 * Field schemas shared by the entities. Every string and array is bounded; free text is
 * trimmed. Province and product fields accept any spelling people use and resolve to codes.
 */
import * as z from 'zod/mini';
import { resolveProvince } from '#domain/reference/provinces.ts';
import { resolveProduct, resolveCategory } from '#domain/reference/products.ts';
import type { FieldMessageCode } from '#domain/messages.ts';
import { fieldIssue, type FieldIssue } from '#domain/errors.ts';

/** Attaches a description and an example for the OpenAPI document. */
export function documented<T extends z.ZodMiniType>(schema: T, description: string, example?: unknown): T {
  (schema as z.ZodMiniType).register(z.globalRegistry, { description, ...(example === undefined ? {} : { examples: [example] }) });
  return schema;
}

/** A custom issue whose message is a code from `domain/messages.ts`, translated later. */
export function customIssue(
  ctx: { issues: z.core.$ZodRawIssue[] },
  input: unknown,
  messageCode: FieldMessageCode,
  params: Record<string, string | number> = {},
  path?: (string | number)[],
) {
  ctx.issues.push({ code: 'custom', input, path, message: messageCode, params: { messageCode, ...params } });
}

export const text = (max: number, min = 1) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max));
export const optionalText = (max: number) => z.optional(text(max, 0));

export const id = z
  .string()
  .check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'ulid-format'))
  .register(z.globalRegistry, { description: 'An id as this API returns it (a 26-character ULID)', examples: ['01J8ZQ3Y2N5J1S8WG4Q6A0B9CD'] });
export const isoDate = z.iso.date();
/**
 * Kilograms: from 1 g to 100,000 t, to the gram (3 decimals at most). The lower bound also
 * keeps numbers DynamoDB cannot store (below 1e-130) out.
 */
export const kg = z.number().check(z.gte(0.001, 'kg-range'), z.lte(100_000_000, 'kg-range'), z.refine((v) => roundKg(v) === v, 'kg-precision'));
/** Đồng per kilogram: whole đồng (VND has no minor unit), 1 to 100,000,000. */
export const vndPerKg = z.int('vnd-integer').check(z.gte(1, 'vnd-range'), z.lte(100_000_000, 'vnd-range'));
/** Rounds a quantity to the gram, so that sums and differences of kilograms stay exact to 3 decimals. */
export const roundKg = (v: number) => Math.round(v * 1000) / 1000;

/** How far ahead the dates of a listing, demand or fair may lie, and how far back a start may. */
export const DATE_HORIZON_YEARS = 2;
export const DATE_PAST_YEARS = 1;

const addYears = (isoDay: string, years: number) => {
  const d = new Date(`${isoDay}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
};

/**
 * Field issues for the dates of a listing, demand or fair, given today's date: the window must
 * end today or later and within {@link DATE_HORIZON_YEARS}; no date may lie more than
 * {@link DATE_PAST_YEARS} back. Only the fields in `checked` are judged (a change judges the
 * dates it changes, so an edit of the price does not fail on a start that has since passed).
 */
export function dateIssues(today: string, dates: { end: [string, string]; others: [string, string][] }, checked?: ReadonlySet<string>): FieldIssue[] {
  const min = addYears(today, -DATE_PAST_YEARS);
  const max = addYears(today, DATE_HORIZON_YEARS);
  const issues: FieldIssue[] = [];
  const judged = ([path]: [string, string]) => !checked || checked.has(path);
  const [endPath, end] = dates.end;
  if (judged(dates.end) && end < today) issues.push(fieldIssue(endPath, 'date-in-past', { min: today }));
  for (const [path, value] of [dates.end, ...dates.others].filter(judged)) {
    if (value > max) issues.push(fieldIssue(path, 'date-too-far', { max }));
    else if (value < min && path !== endPath) issues.push(fieldIssue(path, 'date-too-early', { min }));
  }
  return issues;
}

export const provinceField = z.pipe(
  z.string().check(z.maxLength(80)).register(z.globalRegistry, { description: 'A province: its code or its name, current or former (one of the 63), with or without diacritics; answered as the code', examples: ['Bắc Ninh'] }),
  z.transform((value, ctx) => {
    const province = resolveProvince(value);
    if (!province) {
      customIssue(ctx, value, 'unknown-province', { value });
      return z.NEVER;
    }
    return province.code;
  }),
);

export const productField = z.pipe(
  z.string().check(z.maxLength(80)).register(z.globalRegistry, { description: 'A catalogue product: its code, its Vietnamese or English name, or a common synonym; answered as the code', examples: ['vải thiều'] }),
  z.transform((value, ctx) => {
    const product = resolveProduct(value);
    if (!product) {
      customIssue(ctx, value, 'unknown-product', { value });
      return z.NEVER;
    }
    return product.code;
  }),
);

export const categoryField = z.pipe(
  z.string().check(z.maxLength(80)),
  z.transform((value, ctx) => {
    const category = resolveCategory(value);
    if (!category) {
      customIssue(ctx, value, 'unknown-category', { value });
      return z.NEVER;
    }
    return category.code;
  }),
);

/**
 * Mobile prefixes after the leading 0 (2018 numbering plan): 03x, 05x, 07x, 08x, 09x.
 * Landlines are 02 + a 1–2 digit area code + subscriber, 11 digits with the 0.
 */
const MOBILE = /^(3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-46-9])\d{7}$/;
const LANDLINE = /^2\d{9}$/;

/**
 * The one stored form of a Vietnamese phone number, `+84` and the national number without its
 * 0 ("+84 912 345 678", "0912.345.678" and "84912345678" are all `+84912345678`), or undefined
 * when it is not a valid mobile or landline number (9 digits, an unknown prefix).
 */
export function normalisePhone(input: string): string | undefined {
  const digits = input.replace(/[\s.()\-]/g, '');
  const m = /^(?:\+84|0084|84(?=\d{9,10}$)|0)(\d+)$/.exec(digits);
  if (!m) return undefined;
  const national = m[1];
  return MOBILE.test(national) || LANDLINE.test(national) ? `+84${national}` : undefined;
}

/**
 * A stored `+84…` number as people read it: nationally in Vietnamese ("0912 345 678",
 * "024 3812 3456"), internationally in English ("+84 912 345 678"). Anything else is returned as is.
 */
export function formatPhone(stored: string, lang: 'vi' | 'en'): string {
  const m = /^\+84(\d+)$/.exec(stored);
  if (!m) return stored;
  const n = m[1];
  // Mobiles 3-3-3; landlines by area code: Hà Nội (24) and TP.HCM (28) have 8-digit subscribers, the rest 3-digit codes and 7.
  const groups = n.length === 9 ? [n.slice(0, 3), n.slice(3, 6), n.slice(6)] : /^2[48]/.test(n) ? [n.slice(0, 2), n.slice(2, 6), n.slice(6)] : [n.slice(0, 3), n.slice(3, 6), n.slice(6)];
  return lang === 'vi' ? `0${groups.join(' ')}` : `+84 ${groups.join(' ')}`;
}

/** Vietnamese phone numbers, as people write them; stored as `+84…` (see {@link normalisePhone}). */
export const phone = z.pipe(
  z.string().check(z.maxLength(24)).register(z.globalRegistry, { description: 'A Vietnamese mobile or landline number, any spacing; answered as +84…', examples: ['0912 345 678'] }),
  z.transform((value, ctx) => {
    const normal = normalisePhone(value);
    if (!normal) {
      customIssue(ctx, value, 'phone-format');
      return z.NEVER;
    }
    return normal;
  }),
);

export const contact = z.strictObject({
  name: optionalText(120),
  phone: z.optional(phone),
  email: z.optional(z.email().check(z.maxLength(254))),
});

/** Vietnamese tax code (mã số thuế): 10 digits with a check digit, or 10-3 for a branch. */
export const taxCode = z
  .string()
  .check(z.regex(/^\d{10}(-\d{3})?$/, 'tax-code-format'), z.refine((v) => isValidTaxCode(v), 'tax-code-check-digit'))
  .register(z.globalRegistry, { description: 'Vietnamese tax code (mã số thuế): 10 digits, or 10 digits, a dash and 3 for a branch', examples: ['0101234565'] });

const TAX_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3];
/** Checks the 10th digit of a Vietnamese tax code against the General Department of Taxation's weights. */
export function isValidTaxCode(code: string): boolean {
  const digits = code.slice(0, 10).split('').map(Number);
  if (digits.length !== 10 || digits.some(Number.isNaN)) return false;
  const sum = TAX_WEIGHTS.reduce((acc, w, i) => acc + w * digits[i], 0);
  const check = 10 - (sum % 11);
  return check === digits[9];
}

export const VERIFICATION_STATUSES = ['self-declared', 'verified', 'rejected'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

/** Whether a certificate still waits for the department's decision. */
export const awaitsVerification = (c: { verification?: VerificationStatus }) => c.verification === undefined || c.verification === 'self-declared';

export const CERTIFICATION_TYPES = ['VietGAP', 'GlobalGAP', 'organic', 'OCOP'] as const;
export type CertificationType = (typeof CERTIFICATION_TYPES)[number];

export const certification = z
  .strictObject({
    type: z.enum(CERTIFICATION_TYPES),
    stars: z.optional(z.int().check(z.gte(3), z.lte(5))),
    certificateNo: optionalText(60),
    issuer: optionalText(160),
    validUntil: isoDate,
  })
  .check(
    z.superRefine((c, ctx) => {
      if (c.type === 'OCOP' && c.stars === undefined) customIssue(ctx, c, 'ocop-needs-stars', {}, ['stars']);
      if (c.type !== 'OCOP' && c.stars !== undefined) customIssue(ctx, c, 'stars-only-ocop', {}, ['stars']);
    }),
  );
export const certifications = z.array(certification).check(z.maxLength(10));

/** A certification a buyer requires: the type, and for OCOP the minimum stars. */
export const requiredCertification = z.strictObject({
  type: z.enum(CERTIFICATION_TYPES),
  minStars: z.optional(z.int().check(z.gte(3), z.lte(5))),
  /** Only a certificate the department verified will do (domain/certifications.ts). */
  verified: z.optional(z.boolean()).register(z.globalRegistry, { description: 'Only a certificate the department verified will do', examples: [true] }),
});
export type RequiredCertification = z.infer<typeof requiredCertification>;

/** Server-owned fields every resource carries on output. */
export const meta = {
  version: z.int(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const pageQuery = {
  limit: z.optional(z.pipe(z.string().check(z.regex(/^\d{1,3}$/, 'page-limit')), z.transform(Number)).check(z.refine((n) => n >= 1 && n <= 100, 'page-limit'))),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
};

export const page = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.optional(z.string()) });
