import type { ApiErrorBody, ErrorCode, FieldIssue } from '../../main/contract/index.js';

/**
 * An error answer from Outpost, whichever transport carried it. Mirrors the contract's
 * OutpostError, which the renderer may not import at runtime.
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[];
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { issues?: FieldIssue[] | undefined; retryAfterSeconds?: number | undefined; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'ApiError';
    this.code = code;
    this.issues = extra.issues ?? [];
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }

  static fromBody(error: ApiErrorBody['error'], retryAfterHeader?: string | null): ApiError {
    return new ApiError(error.code, error.message, {
      issues: error.issues,
      retryAfterSeconds: error.retryAfterSeconds ?? parseRetryAfter(retryAfterHeader),
    });
  }
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'invalid_input',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  408: 'request_timeout',
  409: 'conflict',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
  431: 'headers_too_large',
  507: 'insufficient_storage',
  503: 'unavailable',
};

/** For answers without an error body, e.g. a proxy's 502 page. */
export function codeForStatus(status: number): ErrorCode {
  return CODE_BY_STATUS[status] ?? (status === 502 || status === 504 ? 'unavailable' : 'internal');
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** Network failures and unreachable servers: the session is still fine, the server is not there. */
export function isUnreachable(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'unavailable';
}

/** "15 seconds", "3 minutes": for messages that tell the user how long to wait. */
export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** A sentence for the user, adding the wait time when the server asked us to wait but did not say so. */
export function describeError(err: unknown): string {
  if (!(err instanceof ApiError)) {
    return err instanceof Error ? err.message : 'Something went wrong. Reload the page and try again.';
  }
  if (err.retryAfterSeconds !== undefined && !/try again/i.test(err.message)) {
    return `${err.message} Try again in ${formatWait(err.retryAfterSeconds)}.`;
  }
  return err.message;
}

/** The contract's error body shape (`{error: {code, message, …}}`), checked without importing its runtime. */
export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}
