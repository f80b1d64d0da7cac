/**
 * Form validation with the very zod schemas the API validates with, rendered with the same
 * zod locale and the same issue mapping (`issuesFromZod`), so a field error reads the same in
 * the browser as from the API. Server errors land in the same map, next to the same fields.
 */
import type * as z from 'zod/mini';
import { ZOD_LOCALES as LOCALES_BY_LANG } from '#domain/zod-locales.ts';
import { issuesFromZod } from '#functions/http/problem.ts';
import { fieldMap } from './api.ts';
import { lang } from './i18n.ts';

const LOCALES = LOCALES_BY_LANG;

export type Errors = Record<string, string>;

/** Parses `input` with `schema`; returns the parsed value or the field errors. */
export function check(schema: z.ZodMiniType, input: unknown): { ok: true; value: unknown } | { ok: false; errors: Errors } {
  const parsed = schema.safeParse(input, { error: LOCALES[lang.value] });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: fieldMap(issuesFromZod(parsed.error.issues, '', lang.value)) };
}

/** Drops empty strings and undefined, recursively, so optional fields left blank are absent. */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map(compact) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = compact(v);
      if (c === undefined || c === '' || (typeof c === 'object' && c !== null && !Array.isArray(c) && Object.keys(c).length === 0)) continue;
      out[k] = c;
    }
    return out as T;
  }
  return value;
}
