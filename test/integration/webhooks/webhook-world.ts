// Shared set-up of the webhook tests: a gateway with a short retry schedule, a workspace, and
// helpers to create endpoints pointing at local receivers and to write events into the log.
import assert from 'node:assert/strict';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { eventLog } from '../../helpers/event-log.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

/** 4 attempts, 0.3 s apart (±20 %) */
export const FAST_RETRIES = { WEBHOOK_RETRY_SCHEDULE: '0.3,0.3,0.3', WEBHOOK_TIMEOUT_MS: '1000' };

export interface Endpoint {
  id: string;
  secret: string;
  receiver: WebhookReceiver;
}

export async function webhookGateway(env: Record<string, string> = {}): Promise<TestGateway> {
  return startTestGateway({ ...FAST_RETRIES, ...env });
}

export async function newWorkspace(t: TestGateway) {
  const r = await t.admin('POST', '/v1/workspaces', { name: 'hooks' });
  assert.equal(r.status, 201, r.text);
  const ws = r.json.id as string;
  return { ws, log: eventLog(t.gw.redis, t.gw.keys, ws) };
}

export async function newEndpoint(t: TestGateway, ws: string, eventTypes: string[] = ['*']): Promise<Endpoint> {
  const receiver = await startWebhookReceiver();
  const r = await t.admin('POST', `/v1/workspaces/${ws}/webhooks`, { url: receiver.url, eventTypes });
  assert.equal(r.status, 201, r.text);
  receiver.setSecrets([r.json.secret as string]);
  return { id: r.json.id as string, secret: r.json.secret as string, receiver };
}

/** the event ids each conversation received 2xx for, in arrival order */
export function deliveredByConversation(receiver: WebhookReceiver): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of receiver.delivered()) {
    const c = r.event.conversationId ?? '_';
    out.set(c, [...(out.get(c) ?? []), r.event.sequence ?? 0]);
  }
  return out;
}
