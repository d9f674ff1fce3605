// JSON logs on stdout. Secrets and personal data are never logged on purpose (we log ids, not
// bodies); redaction is the safety net for a field that slips through.
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-talkgate-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'token',
  'visitorToken',
  'webhookKey',
  'credentials',
  'profile',
  'text',
  'body',
  '*.credentials',
  '*.profile',
  '*.text',
  '*.body',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'talkgate' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
