// Body parsing with the gateway's rules: 1 MiB at most, JSON routes refuse other content types
// with 415, and the raw bytes are kept for adapters that need them.
import express, { type NextFunction, type Request, type Response } from 'express';
import { AppError } from '../../domain/errors.js';

export const BODY_LIMIT = '1mb';

const keepRaw = (req: Request, _res: Response, buf: Buffer): void => {
  req.rawBody = buf;
};

const jsonParser = express.json({ limit: BODY_LIMIT, verify: keepRaw, type: () => true, strict: false });
const urlencodedParser = express.urlencoded({ limit: BODY_LIMIT, extended: false, verify: keepRaw });

function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/** JSON only; a body of another type → 415 */
export function jsonBody(opts: { allowUrlencoded?: boolean } = {}) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!hasBody(req)) {
      req.body = undefined;
      next();
      return;
    }
    if (req.is('application/json') || req.is('application/*+json')) return jsonParser(req, res, next);
    if (opts.allowUrlencoded && req.is('application/x-www-form-urlencoded')) return urlencodedParser(req, res, next);
    next(
      new AppError(
        'unsupported_media_type',
        415,
        `Send the body as application/json${opts.allowUrlencoded ? ' or application/x-www-form-urlencoded' : ''}.`,
      ),
    );
  };
}
