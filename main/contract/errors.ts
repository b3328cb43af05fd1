/**
 * Typed errors shared by every transport. HTTP maps `code` to `HTTP_STATUS[code]`;
 * IPC carries the same body. No stack trace is ever part of the body.
 */
export const HTTP_STATUS = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  unknown_method: 404,
  not_found: 404,
  request_timeout: 408,
  conflict: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  headers_too_large: 431,
  internal: 500,
  unavailable: 503,
  insufficient_storage: 507,
} as const;

export type ErrorCode = keyof typeof HTTP_STATUS;

/** One failing field: `path` is the dotted path into the input (`""` for the whole input). */
export interface FieldIssue {
  path: string;
  message: string;
}

/** The JSON body of every error answer. */
export interface ApiErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    issues?: FieldIssue[];
    retryAfterSeconds?: number;
  };
}

export class OutpostError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[] | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { issues?: FieldIssue[]; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'OutpostError';
    this.code = code;
    this.issues = extra.issues;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }

  toBody(): ApiErrorBody {
    const error: ApiErrorBody['error'] = { code: this.code, message: this.message };
    if (this.issues) error.issues = this.issues;
    if (this.retryAfterSeconds !== undefined) error.retryAfterSeconds = this.retryAfterSeconds;
    return { error };
  }
}

/**
 * Anything thrown that is not an OutpostError becomes `internal` with a generic message:
 * the original (and its stack) is for the server log only.
 */
export function toOutpostError(err: unknown): OutpostError {
  if (err instanceof OutpostError) return err;
  return new OutpostError('internal', 'Something went wrong inside Outpost. The details are in the server log.', {
    cause: err,
  });
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}
