// The gateway's ops API as the CLI sees it: bearer token from the environment, network and HTTP
// failures turned into CliErrors with the exit code a script can act on.
import { CliError, EXIT } from './args.js';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  fetch: typeof fetch;
  /** stderr is a terminal: progress rewrites one line */
  tty: boolean;
}

export type Env = Record<string, string | undefined>;
export type Json = Record<string, unknown>;
export type Call = (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<Json>;

export function client(env: Env, io: CliIo): Call {
  const base = (env['TALKGATE_URL'] ?? 'http://localhost:8080').replace(/\/+$/, '');
  const token = env['TALKGATE_TOKEN'] ?? env['ADMIN_TOKEN'] ?? '';
  return async (method, path, body) => {
    let res: Response;
    try {
      res = await io.fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    } catch (err) {
      const c = (err as { cause?: { code?: string; message?: string } }).cause;
      const cause = c?.code ?? c?.message ?? (err as Error).message;
      throw new CliError(`cannot reach the gateway at ${base} (${cause}); set TALKGATE_URL`, EXIT.unreachable);
    }
    const text = await res.text();
    let json: Json = {};
    try {
      json = text ? (JSON.parse(text) as Json) : {};
    } catch {
      // not JSON (a proxy page?): the status says enough
    }
    if (res.ok) return json;
    const e = (json['error'] ?? {}) as { code?: string; message?: string; details?: { path: string; message: string }[] };
    const what = `${e.message ?? `HTTP ${res.status}`}${e.details?.length ? ` (${e.details.map((d) => `${d.path} ${d.message}`).join('; ')})` : ''}`;
    if (res.status === 401 || res.status === 403) throw new CliError(`the gateway refused the token (${what.replace(/\.$/, '')}): set TALKGATE_TOKEN to the admin token`, EXIT.unreachable);
    if (res.status < 500) throw new CliError(`the gateway refused the request: ${what}`, EXIT.usage);
    throw new CliError(`the gateway failed: ${what}`, EXIT.server);
  };
}
