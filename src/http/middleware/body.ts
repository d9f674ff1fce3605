// Body parsing with the gateway's rules: 1 MiB at most, JSON routes refuse other content types
// with 415, and the raw bytes are kept for adapters that need them.
import express, { type NextFunction, type Request, type Response } from 'express';
import { AppError } from '../../domain/errors.js';

export const BODY_LIMIT = '1mb';
/** BODY_LIMIT in bytes, as body-parser reads '1mb' */
export const BODY_LIMIT_BYTES = 1024 * 1024;

const keepRaw = (req: Request, _res: Response, buf: Buffer): void => {
  req.rawBody = buf;
};

const jsonParser = express.json({ limit: BODY_LIMIT, verify: keepRaw, type: () => true, strict: false });
const urlencodedParser = express.urlencoded({ limit: BODY_LIMIT, extended: false, verify: keepRaw });

/**
 * Nothing we accept nests past a handful of levels, and recursive code downstream
 * (JSON.stringify of a recorded event, validators) overflows the stack on a few thousand.
 */
export const MAX_JSON_DEPTH = 64;

export function deeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [v, depth] = item;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

export function hasBody(req: Pick<Request, 'headers'>): boolean {
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
    if (req.is('application/json') || req.is('application/*+json')) {
      return jsonParser(req, res, (err?: unknown) => {
        if (err === undefined && deeperThan(req.body, MAX_JSON_DEPTH)) {
          return next(new AppError('json_too_deep', 400, `The request body nests deeper than ${MAX_JSON_DEPTH} levels; send a flatter document.`));
        }
        next(err);
      });
    }
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
