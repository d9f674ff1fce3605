// The only place that writes the error envelope {error:{code,message,details}}.
import type { NextFunction, Request, Response } from 'express';
import { AppError, DependencyDownError, NotFoundError } from '../../domain/errors.js';
import type { Logger } from '../../infra/logger.js';

export type ErrorClassifier = (err: unknown) => AppError | null;

interface BodyParserError {
  type?: string;
  status?: number;
}

function fromBodyParser(err: unknown): AppError | null {
  const e = err as BodyParserError;
  switch (e?.type) {
    case 'entity.too.large':
      return new AppError('payload_too_large', 413, 'The request body is larger than 1 MiB; send a smaller body.');
    case 'entity.parse.failed':
      return new AppError('invalid_json', 400, 'The request body is not valid JSON; send a JSON document.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_encoding', 415, 'Send the body as UTF-8.');
    case 'request.aborted':
      return new AppError('request_aborted', 400, 'The request was aborted by the client.');
    default:
      // a malformed %-escape in a path parameter: the router throws the URIError marked 400
      if (err instanceof URIError) return new AppError('invalid_path', 400, 'The request path has a malformed %-escape; encode it correctly.');
      // other client errors of the body parser (a corrupt gzip/deflate/br body) come as a bare 4xx
      if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
        return new AppError('unreadable_body', e.status, 'The request body could not be read; check its Content-Encoding and bytes.');
      }
      return null;
  }
}

export function notFoundHandler(req: Request, _res: Response, next: NextFunction): void {
  next(new AppError('route_not_found', 404, `There is no ${req.method} ${req.path}; see /openapi.json for the routes.`));
}

const INTERNAL = (): AppError => new AppError('internal_error', 500, 'Something went wrong on our side; retry, and report the X-Request-Id if it persists.');

/** the AppError a thrown value answers as; `known` false means it was unexpected (log it) */
export function toAppError(err: unknown, classify: ErrorClassifier): { appErr: AppError; known: boolean } {
  const known = err instanceof AppError ? err : (fromBodyParser(err) ?? classify(err) ?? null);
  return { appErr: known ?? INTERNAL(), known: known !== null };
}

/** the headers an error answer carries besides its envelope */
export function errorHeaders(appErr: AppError): Record<string, string> {
  if (appErr.status === 401) return { 'WWW-Authenticate': 'Bearer' };
  if (appErr.status === 503) return { 'Retry-After': '5' };
  return {};
}

export function errorEnvelope(appErr: AppError): { error: { code: string; message: string; details: unknown } } {
  return { error: { code: appErr.code, message: appErr.message, details: appErr.details } };
}

/** logs what needs logging: the unexpected with its stack, a dependency down as a warning */
export function logError(log: Pick<Logger, 'error' | 'warn'> | undefined, err: unknown, appErr: AppError, known: boolean): void {
  if (!known) log?.error({ err }, 'unhandled error');
  else if (appErr instanceof DependencyDownError) log?.warn({ code: appErr.code }, 'dependency down');
}

export function errorHandler(classify: ErrorClassifier) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const { appErr, known } = toAppError(err, classify);
    logError(req.log, err, appErr, known);
    if (res.headersSent) {
      res.end();
      return;
    }
    res.set(errorHeaders(appErr));
    res.status(appErr.status).json(errorEnvelope(appErr));
  };
}

export { NotFoundError };
