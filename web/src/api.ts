/**
 * The API client: bearer token, Accept-Language from the chosen language, If-Match for state
 * changes, an Idempotency-Key per create, and RFC 9457 problems turned into an ApiError whose
 * field errors are keyed by the same paths the forms use (`contact.phone`, `certifications[0].validUntil`).
 */
import { lang, t } from './i18n.ts';
import { config, session, setSession } from './session.ts';

export interface FieldIssue {
  path: string;
  message: string;
  code?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(detail || title);
  }
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface CallOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  /** The version read, sent as If-Match. */
  version?: number;
  accept?: string;
  /** Reuse the same key when retrying the same create. */
  idempotencyKey?: string;
}

const base = () => config.value?.apiUrl ?? '';

/** Field errors as a map path → message; query paths lose their `query.` prefix. */
export function fieldMap(issues: FieldIssue[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues ?? []) out[i.path.replace(/^query\./, '')] ??= i.message;
  return out;
}

export async function request(method: string, path: string, opts: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { 'accept-language': lang.value, accept: opts.accept ?? 'application/json' };
  if (session.value) headers.authorization = `Bearer ${session.value.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.version !== undefined) headers['if-match'] = `"${opts.version}"`;
  if (method === 'POST') headers['idempotency-key'] = opts.idempotencyKey ?? crypto.randomUUID();
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined && v !== '') qs.set(k, String(v));
  const url = base() + path + (qs.size ? `?${qs}` : '');
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  } catch {
    throw new ApiError(0, 'network', t('networkError'), t('networkError'));
  }
  if (res.ok) return res;
  if (res.status === 401) setSession(undefined);
  const problem = (await res.json().catch(() => ({}))) as { code?: string; title?: string; detail?: string; errors?: FieldIssue[] };
  throw new ApiError(res.status, problem.code ?? String(res.status), problem.title ?? res.statusText, problem.detail ?? '', fieldMap(problem.errors));
}

/** A JSON call; resolves to the parsed body (undefined for 204). */
export async function api<T>(method: string, path: string, opts: CallOptions = {}): Promise<T> {
  const res = await request(method, path, opts);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** Saves a response body as a file (CSV downloads). */
export async function download(path: string, filename: string, opts: CallOptions = {}) {
  const res = await request('GET', path, opts);
  const blob = await res.blob();
  saveBlob(blob, res.headers.get('content-disposition')?.match(/filename="([^"]+)"/)?.[1] ?? filename);
}

export function saveBlob(blob: Blob, filename: string) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
