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
  // a customer's lock held by a crashed process expires by itself within seconds
  if (/^lock .* busy for \d+ ms$/.test(err.message)) {
    return new AppError('conversation_busy', 503, 'The conversation is being updated by another request; retry in a few seconds.');
  }
  if (err.name === 'MaxRetriesPerRequestError' || REDIS_DOWN.some((re) => re.test(err.message))) {
    return new DependencyDownError('Storage is unavailable right now; nothing was recorded. Retry shortly.', err);
  }
  return null;
}
