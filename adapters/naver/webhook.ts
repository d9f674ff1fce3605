// TalkTalk waits 3 s to connect and 5 s to read, and stops delivering after repeated slow or
// non-200 answers: the event is recorded, then answered 200 at once; replies use the send API.
import type { WebhookSpec } from '../../src/domain/adapter-port.js';

export const NAVER_WEBHOOKS: WebhookSpec = {
  keyInUrl: true,
  routes: [
    {
      path: '',
      operationId: 'receiveNaverEvent',
      summary: 'Naver TalkTalk event; recorded, then 200 at once',
      responses: { 200: 'recorded (or ignored event)', 401: 'bad key', 404: 'unknown channel', 503: 'storage down' },
      answer: async () => ({ status: 200, body: {} }),
    },
  ],
};
