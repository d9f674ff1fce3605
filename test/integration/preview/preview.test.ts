import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FALLBACK_GUIDE_MESSAGE } from '../../../src/domain/profile-bot/texts.js';
import type { OutboundImage } from '../../../src/domain/outbound-message.js';
import { FORM_URL, startPreviewWorld, type ImageHooks, type PreviewWorld } from './preview-world.js';

const GUIDE = '상담 전 프로필을 입력해 주세요.';
const NAVER_GUIDE = '상담 전에 고객 프로필을 입력해 주세요. 입력하신 정보는 상담에만 사용됩니다.';

function settings(profileBot: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    profileBot: {
      enabled: true,
      guideMessage: GUIDE,
      guideImageId: null,
      fields: ['name', 'phone'],
      onMissingProfile: 'hold',
      privacyConsent: { enabled: true, url: 'https://example.com/privacy' },
      ...profileBot,
    },
    distribution: { mode: 'auto', backlog: 'auto' },
    businessHours: { enabled: false, timeZone: 'Asia/Seoul', acceptOffHours: false, weekly: {}, holidays: [] },
    autoMessages: { greeting: '안녕하세요, 무엇을 도와드릴까요?', offHours: null },
    autoClose: { customerIdleMinutes: null },
  };
}

/** a fixture with its form URL swapped for the preview's placeholder */
function fixture(path: string, formUrl: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../../fixtures/${path}`, import.meta.url), 'utf8').split(formUrl).join(FORM_URL));
}

function image(url: string, kakaoUrl?: string): ImageHooks {
  const img: OutboundImage = { id: 'img_01HZX3', url, altText: '프로필 입력 안내', kakaoFixedRatio: false };
  if (kakaoUrl) img.kakaoUrl = kakaoUrl;
  return {
    resolveImage: async (_ws, id) => (id === 'img_01HZX3' ? img : undefined),
    imageExists: async (_ws, id) => id === 'img_01HZX3',
  };
}

describe('profile bot preview (PB-22)', () => {
  let w: PreviewWorld;
  let ws: string;

  async function start(hooks?: ImageHooks): Promise<void> {
    w = await startPreviewWorld(hooks);
    const r = await w.admin('POST', '/v1/workspaces', { name: '미리보기 상점' });
    assert.equal(r.status, 201);
    ws = r.json.id;
  }
  afterEach(async () => w?.stop());

  const preview = (body: unknown) => w.admin('POST', `/v1/workspaces/${ws}/profile-bot/preview`, body);

  /** exact response bytes: express writes JSON.stringify of this object */
  const bytes = (channelType: string, card: unknown, warnings: unknown[] = []) =>
    JSON.stringify({ channelType, card, formUrl: FORM_URL, warnings });

  describe('POST …/profile-bot/preview', () => {
    it('kakao without a guide image: the synchronous SkillResponse with the textCard', async () => {
      await start();
      const r = await preview({ settings: settings(), channelType: 'kakao' });
      assert.equal(r.status, 200);
      const expected = fixture('kakao/outbound/profile-card-text.json', 'https://talkgate.example.com/forms/profile/pf_7Hq2LmX9aZ') as {
        template: { outputs: unknown[] };
      };
      // the fixture's answer also carries the greeting bubble before the card
      assert.equal(r.text, bytes('kakao', { version: '2.0', template: { outputs: [expected.template.outputs[1]] } }));
    });

    it('kakao with a guide image: a basicCard with the Kakao-sized thumbnail', async () => {
      await start(image('https://talkgate.example.com/images/img_01HZX3.png', 'https://talkgate.example.com/images/img_01HZX3.kakao.png'));
      const r = await preview({ settings: settings({ guideImageId: 'img_01HZX3' }), channelType: 'kakao' });
      assert.equal(r.status, 200);
      const expected = fixture('kakao/outbound/profile-card-basic.json', 'https://talkgate.example.com/forms/profile/pf_7Hq2LmX9aZ') as {
        template: { outputs: unknown[] };
      };
      assert.equal(r.text, bytes('kakao', { version: '2.0', template: { outputs: [expected.template.outputs[1]] } }));
    });

    it('naver: the TalkTalk send event, with and without the image', async () => {
      await start(image('https://talkgate.example.com/media/ws_1/guide-500x250.png'));
      const tk = 'https://talkgate.example.com/forms/profile/tk_9f2c1e7ab34d4c58';
      const plain = await preview({ settings: settings({ guideMessage: NAVER_GUIDE }), channelType: 'naver' });
      assert.equal(plain.text, bytes('naver', fixture('naver/outbound/profile-card-no-image.json', tk)));
      const withImage = await preview({ settings: settings({ guideMessage: NAVER_GUIDE, guideImageId: 'img_01HZX3' }), channelType: 'naver' });
      assert.equal(withImage.text, bytes('naver', fixture('naver/outbound/profile-card.json', tk)));
    });

    it('webchat: the visitor stream event', async () => {
      await start(image('https://talkgate.example.com/images/img_01HZX3K9.png'));
      const r = await preview({ settings: settings({ guideImageId: 'img_01HZX3' }), channelType: 'webchat' });
      assert.equal(r.status, 200);
      assert.equal(r.text, bytes('webchat', fixture('webchat/outbound/profile-card.json', 'https://talkgate.example.com/forms/profile/ft_Zk3x9QpL2mWv7RtY')));
    });

    it('kakao-counsel: the guide image as an IMAGE send just before the TEXT with its WL button', async () => {
      await start(image('https://talkgate.example.com/images/img_01HZX3K9.png'));
      const r = await preview({ settings: settings({ guideImageId: 'img_01HZX3' }), channelType: 'kakao-counsel' });
      assert.equal(r.status, 200);
      assert.equal(r.text, bytes('kakao-counsel', fixture('kakao-counsel/outbound/profile-card.json', 'https://talkgate.example.com/forms/profile/ft_Zk3x9QpL2mWv7RtY')));
    });

    it('without settings previews the saved ones, and stores nothing', async () => {
      await start();
      const fresh = await preview({ channelType: 'webchat' });
      assert.equal(fresh.status, 200);
      assert.equal(fresh.json.card.card.description, FALLBACK_GUIDE_MESSAGE, 'a new workspace has no guide message');
      const put = await w.admin('PUT', `/v1/workspaces/${ws}/settings`, settings({ guideMessage: '저장된 안내' }));
      assert.equal(put.json.version, 2);
      const saved = await preview({ channelType: 'webchat' });
      assert.equal(saved.json.card.card.description, '저장된 안내');
      await preview({ settings: settings({ guideMessage: '저장 안 된 안내' }), channelType: 'webchat' });
      const current = await w.admin('GET', `/v1/workspaces/${ws}/settings`);
      assert.equal(current.json.version, 2);
      assert.equal(current.json.profileBot.guideMessage, '저장된 안내');
    });

    it('warns where Kakao would cut the guide message, counting characters not UTF-16 units', async () => {
      await start(image('https://talkgate.example.com/images/img_01HZX3.png'));
      const long = '가'.repeat(401);
      const text = await preview({ settings: settings({ guideMessage: long }), channelType: 'kakao' });
      assert.deepEqual(text.json.warnings, [
        {
          path: '/profileBot/guideMessage',
          message: 'Kakao shows at most 400 characters in the description of a card without an image (textCard); this text has 401, so the last 1 are cut.',
        },
      ]);
      assert.equal(text.json.card.template.outputs[0].textCard.description, '가'.repeat(400));

      const basic = await preview({ settings: settings({ guideMessage: '가'.repeat(231), guideImageId: 'img_01HZX3' }), channelType: 'kakao' });
      assert.equal(basic.json.warnings.length, 1);
      assert.match(basic.json.warnings[0].message, /at most 230 characters .*basicCard.* has 231/);

      const emoji = await preview({ settings: settings({ guideMessage: '😀'.repeat(230), guideImageId: 'img_01HZX3' }), channelType: 'kakao' });
      assert.deepEqual(emoji.json.warnings, []);
      const naver = await preview({ settings: settings({ guideMessage: '가'.repeat(1000) }), channelType: 'naver' });
      assert.deepEqual(naver.json.warnings, []);
    });

    it('previews without an image it cannot resolve, and says so', async () => {
      await start({ imageExists: async () => true });
      const r = await preview({ settings: settings({ guideImageId: 'img_gone' }), channelType: 'kakao' });
      assert.equal(r.status, 200);
      assert.ok(r.json.card.template.outputs[0].textCard);
      assert.equal(r.json.warnings[0].path, '/profileBot/guideImageId');
    });

    it('refuses invalid settings with every failing field, under /settings', async () => {
      await start();
      const bad = settings({ fields: ['name', 'fax'], onMissingProfile: 'later' });
      (bad['distribution'] as Record<string, unknown>)['mode'] = 'robin';
      const r = await preview({ settings: bad, channelType: 'line' });
      assert.equal(r.status, 400);
      assert.equal(r.json.error.code, 'validation_failed');
      const paths = new Set((r.json.error.details as { path: string }[]).map((d) => d.path));
      for (const p of ['/settings/profileBot/fields/1', '/settings/profileBot/onMissingProfile', '/settings/distribution/mode', '/channelType']) {
        assert.ok(paths.has(p), `${p} in ${[...paths].join(' ')}`);
      }
    });

    it('applies the settings rules too, and the uploaded-image check', async () => {
      await start({ imageExists: async () => false });
      const bad = settings({ guideMessage: ' ', guideImageId: 'img_nope', privacyConsent: { enabled: true, url: 'http://example.com/privacy' } });
      (bad['businessHours'] as Record<string, unknown>)['timeZone'] = 'Mars/Olympus';
      const r = await preview({ settings: bad, channelType: 'kakao' });
      assert.equal(r.status, 400);
      assert.deepEqual(
        (r.json.error.details as { path: string }[]).map((d) => d.path),
        ['/settings/profileBot/guideMessage', '/settings/profileBot/privacyConsent/url', '/settings/businessHours/timeZone', '/settings/profileBot/guideImageId'],
      );
    });

    it('needs the admin token, and a known workspace', async () => {
      await start();
      const anon = await w.request('POST', `/v1/workspaces/${ws}/profile-bot/preview`, { body: { channelType: 'kakao' } });
      assert.equal(anon.status, 401);
      const wrong = await w.request('POST', `/v1/workspaces/${ws}/profile-bot/preview`, { body: { channelType: 'kakao' }, token: 'nope' });
      assert.equal(wrong.status, 401);
      const html = await w.request('GET', `/v1/workspaces/${ws}/profile-bot/preview.html`);
      assert.equal(html.status, 401);
      const unknown = await w.admin('POST', '/v1/workspaces/ws_nope/profile-bot/preview', { channelType: 'kakao' });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.json.error.code, 'workspace_not_found');
    });
  });

  describe('GET …/profile-bot/preview.html', () => {
    it('shows the four cards side by side with their warnings, and the form', async () => {
      await start(image('https://cdn.example.net/guide.png', 'https://cdn.example.net/guide.kakao.png'));
      await w.admin('PUT', `/v1/workspaces/${ws}/settings`, settings({ guideMessage: `<b>${'가'.repeat(240)}</b>`, guideImageId: 'img_01HZX3', fields: ['phone', 'address'] }));
      const r = await w.admin('GET', `/v1/workspaces/${ws}/profile-bot/preview.html`);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/);
      const csp = r.headers.get('content-security-policy') ?? '';
      assert.match(csp, /^default-src 'none'; style-src 'sha256-[^']+' 'sha256-[^']+'; img-src https:\/\/cdn\.example\.net; form-action 'none'/);
      const html = r.text;
      for (const id of ['preview-kakao', 'preview-naver', 'preview-webchat', 'preview-kakao-counsel', 'warnings-kakao', 'warnings-naver', 'warnings-webchat', 'warnings-kakao-counsel', 'preview-form']) {
        assert.ok(html.includes(`data-testid="${id}"`), id);
      }
      assert.ok(html.indexOf('preview-kakao') < html.indexOf('preview-naver') && html.indexOf('preview-naver') < html.indexOf('preview-webchat'));
      assert.ok(html.indexOf('preview-webchat') < html.indexOf('preview-kakao-counsel'));
      assert.ok(html.includes('카카오톡 상담톡'), 'the 상담톡 column');
      assert.ok(html.includes('미리보기 상점 · 설정 버전 2'));
      assert.ok(html.includes('src="https://cdn.example.net/guide.kakao.png"'), 'Kakao shows its own variant');
      assert.ok(html.includes('src="https://cdn.example.net/guide.png"'));
      assert.ok(!html.includes('<b>'), 'the guide message is escaped');
      const kakaoWarnings = /data-testid="warnings-kakao">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
      assert.match(kakaoWarnings, /at most 230 characters/);
      assert.ok(html.includes('data-testid="warnings-naver">잘리는 글자가 없습니다.'));
      assert.match(html, /<a class="button" href="#form-preview" data-testid="preview-button">고객 프로필 입력<\/a>/);
      assert.doesNotMatch(html, /<script/);
      const srcdoc = /srcdoc="([^"]*)"/.exec(html)?.[1] ?? '';
      const form = srcdoc.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
      assert.match(form, /<form id="profile-form"/);
      assert.match(form, /name="phone"[\s\S]*name="address\.zonecode"/);
      assert.ok(form.includes('개인정보 수집 및 이용</a>'));
      assert.doesNotMatch(form, /<script/);
    });

    it('shows an older settings version on request, and 404 for one that does not exist', async () => {
      await start();
      await w.admin('PUT', `/v1/workspaces/${ws}/settings`, settings({ guideMessage: '두 번째 안내' }));
      const v1 = await w.admin('GET', `/v1/workspaces/${ws}/profile-bot/preview.html?settingsVersion=1`);
      assert.equal(v1.status, 200);
      assert.ok(v1.text.includes(FALLBACK_GUIDE_MESSAGE));
      assert.ok(v1.text.includes('data-testid="preview-disabled"'), 'version 1 has the bot off');
      const v2 = await w.admin('GET', `/v1/workspaces/${ws}/profile-bot/preview.html`);
      assert.ok(v2.text.includes('두 번째 안내'));
      assert.ok(!v2.text.includes('preview-disabled'));
      const missing = await w.admin('GET', `/v1/workspaces/${ws}/profile-bot/preview.html?settingsVersion=9`);
      assert.equal(missing.status, 404);
      assert.equal(missing.json.error.code, 'settings_version_not_found');
      const bad = await w.admin('GET', `/v1/workspaces/${ws}/profile-bot/preview.html?settingsVersion=abc`);
      assert.equal(bad.status, 400);
    });
  });
});
