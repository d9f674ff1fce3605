import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createAdapterRegistry } from '../../../adapters/registry.js';
import { buildProfileCard } from '../../../src/domain/profile-bot/card.js';
import { defaultSettings } from '../../../src/domain/settings.js';
import { cutWarnings, previewChannel } from '../../../src/http/pages/preview/channel-previews.js';
import { previewCsp, renderPreviewPage } from '../../../src/http/pages/preview/preview.html.js';
import { renderProfileFormPage } from '../../../src/http/pages/profile-form/profile-form.html.js';
import { PROFILE_FORM_STYLES_HASH } from '../../../src/http/pages/profile-form/profile-form-styles.js';

const FORM = 'https://gw.example/forms/profile/preview-token';
const NOW = new Date('2026-01-02T03:04:05Z');
const registry = createAdapterRegistry({ webchatKey: Buffer.alloc(32, 1), publicBaseUrl: 'https://gw.example', timeoutMs: 1000 });
const adapter = (t: string) => registry.get(t);

function card(description: string, image?: { url: string; kakaoUrl?: string }) {
  const bot = { ...defaultSettings().profileBot, enabled: true, guideMessage: description };
  return buildProfileCard(bot, FORM, image);
}

const all = (c: ReturnType<typeof card>) =>
  (['kakao', 'naver', 'webchat']).map((t) => previewChannel(adapter(t), c, { workspaceId: 'ws_1', now: NOW }));

describe('preview cut warnings', () => {
  it('uses each platform limit, counted in characters', () => {
    const text = card('가'.repeat(1001));
    assert.deepEqual(cutWarnings(adapter('naver'), text), [
      {
        path: '/profileBot/guideMessage',
        message: 'TalkTalk shows at most 1000 characters in a card description; this text has 1001, so the last 1 are cut.',
      },
    ]);
    assert.deepEqual(cutWarnings(adapter('webchat'), text), []);
    assert.equal(cutWarnings(adapter('webchat'), card('😀'.repeat(4001)))[0]?.message.includes('at most 4000 characters'), true);
    assert.deepEqual(cutWarnings(adapter('kakao'), card('가'.repeat(400))), []);
    assert.equal(cutWarnings(adapter('kakao'), card('가'.repeat(231), { url: 'https://x/i.png' })).length, 1);
  });

  it('checks button labels and titles against the platform limits', () => {
    const c = { ...card('안내'), title: 't'.repeat(51), buttons: [{ label: '가'.repeat(19), url: FORM }] };
    assert.deepEqual(
      cutWarnings(adapter('kakao'), c).map((w) => w.path),
      ['/card/title', '/card/buttons/0/label'],
    );
    assert.deepEqual(
      cutWarnings(adapter('naver'), c).map((w) => w.path),
      ['/card/buttons/0/label'],
    );
  });
});

describe('preview page', () => {
  it('draws each payload, escaped, and allows only the images it shows', () => {
    const previews = all(card('<script>x</script> "안내"', { url: 'https://img.example/a.png', kakaoUrl: 'https://kakao.example/a.png' }));
    const html = renderPreviewPage({
      workspaceName: '<i>상점</i>',
      settingsVersion: 3,
      enabled: true,
      formUrl: FORM,
      previews,
      formHtml: renderProfileFormPage({ token: 'preview-token', fields: ['name'], privacyConsent: { enabled: false, url: null }, guardianNotice: false, preview: true }),
    });
    assert.ok(!html.includes('<script>x'));
    assert.ok(!html.includes('<i>'));
    assert.ok(html.includes('&lt;script&gt;x&lt;/script&gt; &quot;안내&quot;'));
    assert.ok(html.includes('class="thumb thumb-wide" src="https://kakao.example/a.png"'));
    assert.equal(
      previewCsp(previews),
      `default-src 'none'; style-src ${/'sha256-[^']+'/.exec(previewCsp(previews))?.[0]} ${PROFILE_FORM_STYLES_HASH}; img-src https://kakao.example https://img.example; form-action 'none'; base-uri 'none'; frame-ancestors 'self'`,
    );
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    assert.ok(previewCsp(previews).includes(`'sha256-${createHash('sha256').update(style, 'utf8').digest('base64')}'`));
    assert.doesNotMatch(html, / style=| on[a-z]+=|<script/);
    assert.match(previewCsp(all(card('안내'))), /img-src 'none'/);
  });
});
