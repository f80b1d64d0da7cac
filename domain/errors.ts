/**
 * The one error hierarchy of the service. Use cases throw these; `functions/http/errors.ts`
 * maps each class to an HTTP status, and `domain/messages.ts` holds their Vietnamese and
 * English wording. Nothing here knows about HTTP.
 */
import type { FieldMessageCode, MessageCode } from '#domain/messages.ts';

export interface FieldIssue {
  /** JSON path of the offending field, e.g. `contact.email` or `certifications[1].validUntil`. */
  path: string;
  message: string;
  code?: string;
  params?: Record<string, string | number>;
}

/** A field issue whose message is a code from FIELD_MESSAGES, translated when the problem is built. */
export const fieldIssue = (path: string, code: FieldMessageCode, params?: Record<string, string | number>): FieldIssue => ({ path, code, message: code, params });

export abstract class DomainError extends Error {
  constructor(
    readonly code: MessageCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = new.target.name;
  }
}

/** The request is well-formed JSON but its content breaks the schema or a business rule on a field. */
export class ValidationError extends DomainError {
  constructor(readonly issues: FieldIssue[], code: MessageCode = 'validation-failed') {
    super(code, { count: issues.length });
  }
}
/** The request cannot be read at all (bad JSON, bad cursor, bad header). */
export class BadRequestError extends DomainError {}
export class UnauthenticatedError extends DomainError {}
export class ForbiddenError extends DomainError {}
export class NotFoundError extends DomainError {}
/** The state of the resource forbids the change (booth taken, fair not published, duplicate). */
export class ConflictError extends DomainError {}
/** The caller's copy is stale: the version it sent is not the current one. */
export class PreconditionFailedError extends DomainError {}
/** A change needs the version the caller read, and none was sent. */
export class PreconditionRequiredError extends DomainError {}
/** Understood but refused: e.g. an idempotency key reused with another body. */
export class UnprocessableError extends DomainError {}
export class PayloadTooLargeError extends DomainError {}
/** The request line and headers together are over the limit (HTTP 431). */
export class HeadersTooLargeError extends DomainError {}
export class UnsupportedMediaTypeError extends DomainError {}
export class NotAcceptableError extends DomainError {}
/** The store is too busy right now; the client may retry. */
export class UnavailableError extends DomainError {}
/** The caller used up a quota; it may retry after `retryAfterSeconds` (HTTP 429 with Retry-After). */
export class TooManyRequestsError extends DomainError {
  constructor(code: MessageCode, params: Record<string, string | number>, readonly retryAfterSeconds: number) {
    super(code, params);
  }
}
