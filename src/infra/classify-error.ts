// Turns infrastructure failures into the errors users see: Redis unreachable → 503.
import { AppError, DependencyDownError } from '../domain/errors.js';

const REDIS_DOWN = [
  /Stream isn't writeable/i,
  /Connection is closed/i,
  /ECONNREFUSED/,
  /ECONNRESET/,
  /Command timed out/i,
  /Reached the max retries per request limit/i,
  /LOADING/,
  /READONLY/,
];

export function classifyInfraError(err: unknown): AppError | null {
  if (!(err instanceof Error)) return null;
  if (err.name === 'MaxRetriesPerRequestError' || REDIS_DOWN.some((re) => re.test(err.message))) {
    return new DependencyDownError('Storage is unavailable right now; nothing was recorded. Retry shortly.', err);
  }
  return null;
}
