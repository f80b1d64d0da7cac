/**
 * The one table from domain error classes to HTTP statuses. Anything not listed is a bug
 * on our side and becomes a 500 whose body names no internals.
 */
import {
  BadRequestError,
  ConflictError,
  DomainError,
  ForbiddenError,
  NotAcceptableError,
  NotFoundError,
  PayloadTooLargeError,
  HeadersTooLargeError,
  PreconditionFailedError,
  PreconditionRequiredError,
  UnauthenticatedError,
  TooManyRequestsError,
  UnavailableError,
  UnprocessableError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '#domain/errors.ts';

type ErrorClass = abstract new (...args: never[]) => DomainError;

export const HTTP_STATUS_BY_ERROR: ReadonlyArray<readonly [ErrorClass, number]> = [
  [ValidationError, 400],
  [BadRequestError, 400],
  [UnauthenticatedError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [NotAcceptableError, 406],
  [ConflictError, 409],
  [PreconditionFailedError, 412],
  [PayloadTooLargeError, 413],
  [HeadersTooLargeError, 431],
  [UnsupportedMediaTypeError, 415],
  [UnprocessableError, 422],
  [PreconditionRequiredError, 428],
  [TooManyRequestsError, 429],
  [UnavailableError, 503],
];

/** The HTTP status for a domain error, or 500 for anything else. */
export function statusFor(error: unknown): number {
  for (const [cls, status] of HTTP_STATUS_BY_ERROR) if (error instanceof cls) return status;
  return 500;
}
