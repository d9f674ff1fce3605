// A small fetch client for the gateway's API, and the world the benches build through it
// (workspace, agent, channels), the same way an integrator would.
export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
export const BENCH_SECRET_KEY = 'bench-secret-key-0123456789abcdef0123456789';

export interface ApiAnswer {
  status: number;
  json: any;
  text: string;
}

export interface Api {
  readonly url: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer>;
  /** admin call that must answer `expect`, else throws with the body */
  admin(method: string, path: string, body?: unknown, expect?: number): Promise<any>;
}

export function apiClient(url: string, adminToken = BENCH_ADMIN_TOKEN): Api {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  };
  return {
    url,
    call,
    async admin(method, path, body, expect) {
      const r = await call(method, path, body, { authorization: `Bearer ${adminToken}` });
      if (expect !== undefined ? r.status !== expect : r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${r.text}`);
      return r.json;
    },
  };
}

export interface Channel {
  id: string;
  webhookKey: string;
}

export async function createWorkspace(api: Api): Promise<string> {
  return ((await api.admin('POST', '/v1/workspaces', { name: 'bench' }, 201)) as { id: string }).id;
}

/** an agent that stays offline, so conversations stay waiting and nothing but the bench writes */
export async function createAgent(api: Api, ws: string): Promise<string> {
  return ((await api.admin('POST', `/v1/workspaces/${ws}/agents`, { name: '김상담', maxConcurrent: 5 }, 201)) as { id: string }).id;
}

export async function createChannel(api: Api, ws: string, body: Record<string, unknown>): Promise<Channel> {
  const ch = (await api.admin('POST', `/v1/workspaces/${ws}/channels`, body, 201)) as Channel;
  return { id: ch.id, webhookKey: ch.webhookKey };
}

export function kakaoChannelBody(botId: string, apiBaseUrl?: string): Record<string, unknown> {
  return {
    type: 'kakao',
    name: '카카오',
    credentials: { botId, restApiKey: 'bench-kakao-rest-api-key-123456', eventName: 'talkgate_message' },
    ...(apiBaseUrl ? { apiBaseUrl } : {}),
  };
}

export function naverChannelBody(): Record<string, unknown> {
  // apiBaseUrl points nowhere reachable: ingest never sends
  return { type: 'naver', name: '톡톡', credentials: { authorizationKey: 'bench-naver-auth-key-1234567890' }, apiBaseUrl: 'http://127.0.0.1:9' };
}

export async function listConversations(api: Api, ws: string, status: 'waiting' | 'assigned'): Promise<Array<{ id: string; customerId: string; channelId: string }>> {
  const out: Array<{ id: string; customerId: string; channelId: string }> = [];
  let cursor: string | undefined;
  do {
    const page = (await api.admin('GET', `/v1/workspaces/${ws}/conversations?status=${status}&limit=999${cursor ? `&cursor=${cursor}` : ''}`)) as {
      items: Array<{ id: string; customerId: string; channelId: string }>;
      next?: string;
    };
    out.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return out;
}
