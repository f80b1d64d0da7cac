/** Content negotiation for the routes that also answer CSV (statistics, exhibitor lists). */
import { NotAcceptableError } from '#domain/errors.ts';
import type { Lang } from '#domain/messages.ts';

/** True when the Accept header lists `text/csv` before any JSON type; 406 if it allows neither. */
export function wantsCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((t) => t.split(';')[0].trim().toLowerCase());
  const csv = types.indexOf('text/csv');
  const json = types.findIndex((t) => t === 'application/json' || t === 'application/*' || t === '*/*');
  if (csv === -1 && json === -1) throw new NotAcceptableError('not-acceptable', { types: 'application/json, text/csv' });
  return csv !== -1 && (json === -1 || csv < json);
}

/** A department's printout is Vietnamese unless English is asked for by name (not by `*`). */
export function csvLang(lang: Lang, acceptLanguage: string | undefined): Lang {
  return lang === 'en' && /(^|,)\s*en\b/i.test(acceptLanguage ?? '') ? 'en' : 'vi';
}

export const csvHeaders = (filename: string) => ({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` });
