// One error family for everything a user can meet. Only the HTTP error middleware turns these
// into the `{error:{code,message,details}}` envelope; the domain never knows about HTTP.
export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  override readonly name: string = 'AppError';
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details: FieldError[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class ValidationError extends AppError {
  override readonly name = 'ValidationError';
  constructor(message: string, details: FieldError[], code = 'validation_failed') {
    super(code, 400, message, details);
  }
}

export class AuthError extends AppError {
  override readonly name = 'AuthError';
  constructor(message = 'Send a valid credential for this endpoint.', code = 'unauthorized') {
    super(code, 401, message);
  }
}

export class ForbiddenError extends AppError {
  override readonly name = 'ForbiddenError';
  constructor(message: string, code = 'forbidden', details: FieldError[] = []) {
    super(code, 403, message, details);
  }
}

export class NotFoundError extends AppError {
  override readonly name = 'NotFoundError';
  constructor(what: string, code = 'not_found') {
    super(code, 404, `${what} was not found; check the id in the path.`);
  }
}

export class ConflictError extends AppError {
  override readonly name = 'ConflictError';
  constructor(message: string, code = 'conflict') {
    super(code, 409, message);
  }
}

export class GoneError extends AppError {
  override readonly name = 'GoneError';
  constructor(message: string, code = 'gone') {
    super(code, 410, message);
  }
}

export class DomainRuleError extends AppError {
  override readonly name = 'DomainRuleError';
  constructor(message: string, code: string, details: FieldError[] = []) {
    super(code, 422, message, details);
  }
}

export class DependencyDownError extends AppError {
  override readonly name = 'DependencyDownError';
  constructor(message = 'A storage dependency is unavailable; retry shortly.', cause?: unknown) {
    super('dependency_unavailable', 503, message, [], { cause });
  }
}

/**
 * A send that did not reach the platform, classified once at the adapter edge.
 * `retryable=false` means retrying cannot help (bad key, unknown user, malformed payload).
 */
export class ChannelSendError extends Error {
  override readonly name = 'ChannelSendError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly httpStatus: number | null = null,
    readonly platformCode: string | null = null,
    /** milliseconds the platform asked us to wait (429 Retry-After) */
    readonly retryAfterMs: number | null = null,
    /** what the refusal tells about the customer (상담톡 -502: session gone, -511: blocked) */
    readonly consequence: 'conversation.left' | 'customer.blocked' | null = null,
  ) {
    super(message);
  }
}

export function assertNever(value: never): never {
  throw new Error(`unexpected variant: ${JSON.stringify(value)}`);
}
