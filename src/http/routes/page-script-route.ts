// A page's plain browser script, served from our origin so the page's CSP can forbid inline code.
import type { Response } from 'express';
import { def, type RouteDef } from '../route-def.js';

export function pageScriptRoute(path: string, summary: string, script: string): RouteDef {
  return def(
    { method: 'get', path, summary, tag: 'customers', auth: 'none', produces: 'text/javascript', responses: { 200: 'script' } },
    (_req, res: Response) => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.type('text/javascript').send(script);
    },
  );
}
