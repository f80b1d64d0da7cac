/** RFC 9457 problem details, in the caller's language, from domain errors and zod issues. */
import type * as z from 'zod/mini';
import { DomainError, TooManyRequestsError, ValidationError, type FieldIssue } from '#domain/errors.ts';
import { FIELD_MESSAGES, renderFieldMessage, renderMessage, type FieldMessageCode, type Lang, type MessageCode } from '#domain/messages.ts';
import { statusFor } from '#functions/http/errors.ts';

export const PROBLEM_BASE = 'https://ketnoi.vn/problems/';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: string;
  requestId?: string;
  errors?: FieldIssue[];
}

/** `a.b[1].c` from zod's path array. */
export function pathToString(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${String(seg)}` : String(seg)), '');
}

/** Turns zod issues into field issues; our own refinements carry a message code to translate. */
export function issuesFromZod(issues: readonly z.core.$ZodIssue[], prefix: string, lang: Lang): FieldIssue[] {
  return issues.flatMap((issue) => {
    const base = prefix ? [prefix, ...issue.path] : issue.path;
    if (issue.code === 'unrecognized_keys') {
      // One entry per field, so clients can point at it: unknown or server-owned fields.
      return issue.keys.map((key) => ({ path: pathToString([...base, key]), message: renderFieldMessage('unknown-field', lang), code: 'unknown-field' }));
    }
    const params = (issue as { params?: Record<string, unknown> }).params;
    const code = (params?.messageCode ?? (issue.message in FIELD_MESSAGES ? issue.message : undefined)) as FieldMessageCode | undefined;
    const message = code ? renderFieldMessage(code, lang, params) : issue.message;
    return [{ path: pathToString(base), message, code: code ?? issue.code }];
  });
}

function translateIssue(issue: FieldIssue, lang: Lang): FieldIssue {
  const code = issue.code as FieldMessageCode | undefined;
  if (!(code && code in FIELD_MESSAGES && issue.message === code)) return issue;
  const { params, ...rest } = issue;
  return { ...rest, message: renderFieldMessage(code, lang, params) };
}

/** Builds the problem document and status for any thrown value. */
export function toProblem(error: unknown, lang: Lang, instance?: string, requestId?: string): Problem {
  const status = statusFor(error);
  const code: MessageCode = error instanceof DomainError && status !== 500 ? error.code : 'internal-error';
  const params = error instanceof DomainError ? error.params : {};
  const { title, detail } = renderMessage(code, lang, params);
  const problem: Problem = { type: PROBLEM_BASE + code, title, status, detail, code, instance, requestId };
  if (error instanceof ValidationError) problem.errors = error.issues.map((i) => translateIssue(i, lang));
  return problem;
}

/** An HTTP answer as both the Lambda pipeline and the local gateway return it. */
export interface ProblemResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The problem+json answer for any thrown value, in the caller's language (Retry-After on 503 and
 * 429, never cached):
 * the one writer behind the Lambda pipeline (functions/http/handler.ts) and the local gateway.
 */
export function problemResponse(error: unknown, lang: Lang, instance?: string, requestId?: string): ProblemResponse {
  const problem = toProblem(error, lang, instance, requestId);
  const headers: Record<string, string> = { 'content-type': 'application/problem+json; charset=utf-8', 'content-language': lang };
  if (problem.status === 503) headers['retry-after'] = '1';
  if (error instanceof TooManyRequestsError) headers['retry-after'] = String(error.retryAfterSeconds);
  headers['cache-control'] = 'no-store';
  return { statusCode: problem.status, headers, body: JSON.stringify(problem) };
}
