// The relay appends fixed paths to the channel's base URL; every accepted POST (duplicates,
// /reference and session ends included) is answered 200 {"code": 0} once recorded.
import type { WebhookRoute, WebhookSpec } from '../../src/domain/adapter-port.js';

const RESPONSES = { 200: '{"code": 0} once recorded', 400: 'invalid body', 401: 'bad HT-Client-Id/HT-Client-Secret', 403: 'another sender_key', 404: 'unknown channel', 503: 'storage down' };

const route = (path: string, operationId: string, summary: string): WebhookRoute => ({
  path,
  operationId,
  summary,
  responses: RESPONSES,
  answer: async () => ({ status: 200, body: { code: 0 } }),
});

export const COUNSEL_WEBHOOKS: WebhookSpec = {
  // the relay authenticates with its own headers: the webhookUrl is the bare base URL
  keyInUrl: false,
  routes: [
    route('/message', 'receiveKakaoCounselMessage', 'Kakao 상담톡 (dealer relay): the customer wrote'),
    route('/reference', 'receiveKakaoCounselReference', 'Kakao 상담톡 (dealer relay): session reference data'),
    route('/sessionEnd', 'receiveKakaoCounselSessionEnd', 'Kakao 상담톡 (dealer relay): the session ended'),
    route('/expired_session', 'receiveKakaoCounselExpiredSession', 'Kakao 상담톡 (dealer relay): the session expired'),
  ],
};
