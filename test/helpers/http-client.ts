// The tests' HTTP client: JSON in, status + headers + text + parsed JSON out.
export interface RequestOpts {
  body?: unknown;
  raw?: string | Buffer;
  headers?: Record<string, string>;
  token?: string | null;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export type Requester = (method: string, path: string, opts?: RequestOpts) => Promise<TestResponse>;

export function httpClient(baseUrl: string, init: { timeoutMs?: number } = {}): Requester {
  return async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    let body: string | Uint8Array | undefined;
    if (opts.raw !== undefined) body = typeof opts.raw === 'string' ? opts.raw : new Uint8Array(opts.raw);
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body as BodyInit | undefined,
      ...(init.timeoutMs ? { signal: AbortSignal.timeout(init.timeoutMs) } : {}),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
}
