// Bearer-token check for admin, agent and ops routes (constant-time compare).
import type { NextFunction, Request, Response } from 'express';
import { AuthError } from '../../domain/errors.js';
import { safeEqual } from '../../domain/safe-equal.js';

export function requireBearer(token: string) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const header = req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m?.[1]) return next(new AuthError('Send Authorization: Bearer <admin token>.', 'missing_token'));
    if (!safeEqual(m[1], token)) return next(new AuthError('The bearer token is not valid; check ADMIN_TOKEN.', 'invalid_token'));
    next();
  };
}
