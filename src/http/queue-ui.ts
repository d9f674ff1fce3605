// STUB (to be implemented by the operations work): Bull Board mounted behind admin auth.
import type { Express, RequestHandler } from 'express';
import type { HttpDeps } from './deps.js';

export function mountQueueUi(_app: Express, _deps: HttpDeps, _auth: RequestHandler): void {}
