/**
 * zod's error messages in vi and en, for the API and the portal alike. zod's Vietnamese
 * locale leaves type names in English ("mong đợi string, nhận được undefined"); here they are
 * Vietnamese, so Vietnamese text is Vietnamese throughout.
 */
import type * as z from 'zod/mini';
import viLocale from 'zod/v4/locales/vi.js';
import enLocale from 'zod/v4/locales/en.js';

const VI_TYPES: Readonly<Record<string, string>> = Object.freeze({
  string: 'chuỗi ký tự',
  number: 'số',
  int: 'số nguyên',
  boolean: 'đúng/sai (true/false)',
  object: 'đối tượng',
  array: 'mảng',
  null: 'rỗng (null)',
  undefined: 'không có giá trị',
  bigint: 'số nguyên lớn',
  date: 'ngày',
  nan: 'NaN',
});

const zodVi = viLocale().localeError as (issue: z.core.$ZodRawIssue) => string | { message: string } | undefined;

/** Type names zod's vi locale leaves in English, replaced where they appear as words. */
function viError(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type') {
    const expected = VI_TYPES[issue.expected as string] ?? String(issue.expected);
    const input = issue.input;
    const receivedType = input === null ? 'null' : Array.isArray(input) ? 'array' : typeof input;
    const received = issue.input === undefined ? 'không có giá trị' : (VI_TYPES[receivedType] ?? receivedType);
    return issue.input === undefined ? `Thiếu giá trị: cần ${expected}` : `Sai kiểu dữ liệu: cần ${expected}, nhận được ${received}`;
  }
  const raw = zodVi(issue);
  const text = typeof raw === 'string' ? raw : raw?.message;
  return text?.replace(/\b(string|number|boolean|object|array|undefined|null)\b/g, (w) => VI_TYPES[w] ?? w);
}

/** The locale error maps by language. */
export const ZOD_LOCALES = { vi: viError, en: enLocale().localeError } as const;
