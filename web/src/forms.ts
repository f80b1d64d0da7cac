/**
 * Form validation with the very zod schemas the API validates with, rendered with the same
 * zod locale and the same issue mapping (`issuesFromZod`), so a field error reads the same in
 * the browser as from the API. Server errors land in the same map, next to the same fields.
 */
import { useState } from 'preact/hooks';
import type * as z from 'zod/mini';
import { ZOD_LOCALES as LOCALES_BY_LANG } from '#domain/zod-locales.ts';
import { issuesFromZod } from '#functions/http/problem.ts';
import { ApiError, fieldMap } from './api.ts';
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

/**
 * A form's submission: its field errors, its form error, whether it is sending, and one
 * Idempotency-Key for all its attempts. `submit` checks the body with the API's own schema and
 * calls `send` only if it passes; the API's field errors land beside the same fields.
 */
export function useSubmit() {
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [idem] = useState(() => crypto.randomUUID());
  async function submit(schema: z.ZodMiniType, body: unknown, send: () => Promise<unknown>): Promise<void> {
    const checked = check(schema, body);
    if (!checked.ok) {
      setErrors(checked.errors);
      setError('invalid');
      return;
    }
    setErrors({});
    setError(undefined);
    setBusy(true);
    try {
      await send();
    } catch (err) {
      setError(err);
      if (err instanceof ApiError) setErrors(err.fields);
    } finally {
      setBusy(false);
    }
  }
  return { errors, error, busy, idem, submit };
}
