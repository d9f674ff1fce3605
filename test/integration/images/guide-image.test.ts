import assert from 'node:assert/strict';
import nock from 'nock';
import { fixture } from '../../helpers/fixtures.js';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { waitFor } from '../../helpers/wait.js';
import { NAVER_BASE, createChannel, createWorkspace, naverChannel } from '../../helpers/world.js';
import { getImage, uploaded } from './image-kit.js';

const GUIDE = '상담 전 프로필을 입력해 주세요.';

function settingsWith(guideImageId: string | null): Record<string, unknown> {
  return {
    profileBot: {
      enabled: true,
      guideMessage: GUIDE,
      guideImageId,
      fields: ['name', 'phone'],
      onMissingProfile: 'hold',
      privacyConsent: { enabled: false, url: null },
    },
    distribution: { mode: 'auto', backlog: 'auto' },
    businessHours: { enabled: false, timeZone: 'Asia/Seoul', acceptOffHours: false, weekly: {}, holidays: [] },
    autoMessages: { greeting: '안녕하세요, 무엇을 도와드릴까요?', offHours: '지금은 상담 시간이 아닙니다.' },
    autoClose: { customerIdleMinutes: null },
  };
}

describe('the guide image in settings and on the profile card', () => {
  let t: TestGateway;
  afterEach(async () => {
    nock.cleanAll();
    await t.stop();
  });

  it('refuses a guideImageId that is unknown or belongs to another workspace, and accepts an uploaded one', async () => {
    t = await startTestGateway();
    const ws = await createWorkspace(t);
    const other = await createWorkspace(t);
    const theirs = await uploaded(t, other, 'exact-500x250.jpg');

    for (const id of ['img_AAAAAAAAAAAAAAAAAAAAAA', theirs.id]) {
      const r = await t.admin('PUT', `/v1/workspaces/${ws}/settings`, settingsWith(id));
      assert.equal(r.status, 400, id);
      assert.equal(r.json.error.code, 'validation_failed');
      assert.deepEqual(r.json.error.details.map((d: { path: string }) => d.path), ['/profileBot/guideImageId']);
    }
    assert.equal((await t.admin('GET', `/v1/workspaces/${ws}/settings`)).json.version, 1);

    const mine = await uploaded(t, ws, 'exact-500x250.jpg');
    const ok = await t.admin('PUT', `/v1/workspaces/${ws}/settings`, settingsWith(mine.id));
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.profileBot.guideImageId, mine.id);
  });

  it('sends the profile card on Naver with the guide image uploaded to TalkTalk as an imageId', async () => {
    t = await startTestGateway({ SEND_BACKOFF_MS: '50' });
    const ws = await createWorkspace(t);
    const image = await uploaded(t, ws, 'wide-1000x400.jpg');
    assert.equal((await t.admin('PUT', `/v1/workspaces/${ws}/settings`, settingsWith(image.id))).status, 200);
    const ch = await createChannel(t, ws, naverChannel());

    // TalkTalk is handed the public URL of the original, which the gateway really serves.
    const served = await getImage(t, image.url);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/jpeg');
    const upload = nock(NAVER_BASE)
      .matchHeader('authorization', 'naver-auth-key-1234567890')
      .post('/chatbot/v1/imageUpload', { imageUrl: image.url })
      .reply(200, { success: true, resultCode: '00', imageId: 'IMG1' });
    const sent: Array<Record<string, any>> = [];
    nock(NAVER_BASE)
      .persist()
      .post('/chatbot/v1/event', (body: Record<string, any>) => {
        sent.push(body);
        return true;
      })
      .reply(200, { success: true, resultCode: '00' });

    const hook = `/webhooks/naver/${ch.id}?key=${ch.webhookKey}`;
    assert.equal((await t.request('POST', hook, { body: fixture('naver/inbound/send-inquiry.json') })).status, 200);
    const card = await waitFor(async () => sent.find((b) => b['compositeContent']), 'profile card sent');
    upload.done();

    assert.equal(card['user'], 'al-2eGuGr5WQOnco1_V-FQ');
    const composite = card['compositeContent'].compositeList[0];
    assert.deepEqual(composite.image, { imageId: 'IMG1' });
    assert.equal(composite.description, GUIDE);
    assert.equal(composite.buttonList[0].data.title, '고객 프로필 입력');
  });
});
