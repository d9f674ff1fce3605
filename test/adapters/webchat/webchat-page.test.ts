import { UNSAFE_DOM_SINKS } from '../../helpers/unsafe-sinks.js';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Script } from 'node:vm';
import {
  WEBCHAT_CLIENT_PATH,
  WEBCHAT_CSP,
  renderWebchatPage,
  webchatClientScript,
  webchatCsp,
} from '../../../src/http/pages/webchat/webchat.html.js';

function directive(csp: string, name: string): string | undefined {
  return csp
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `));
}

describe('web chat page HTML', () => {
  it('escapes the title and the channel id it interpolates', () => {
    const html = renderWebchatPage({
      channelId: 'ch"><script>x()</script>',
      title: '<img src=x onerror=alert(1)> & "상담"',
    });
    assert.ok(html.includes('<title>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;상담&quot;</title>'));
    assert.ok(html.includes('data-channel-id="ch&quot;&gt;&lt;script&gt;x()&lt;/script&gt;"'));
    assert.ok(!html.includes('<img src=x'));
    assert.ok(!html.includes('<script>x()'));
  });

  it('is a Korean mobile-first document with the default title when none is given', () => {
    const html = renderWebchatPage({ channelId: 'ch_web_1' });
    assert.match(html, /^<!doctype html>\n<html lang="ko">/);
    assert.ok(
      html.includes(
        '<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">',
      ),
    );
    assert.ok(html.includes('<title>상담 채팅</title>'));
    assert.ok(html.includes('data-channel-id="ch_web_1"'));
  });

  it('has the controls browser tests drive, labelled, and a live message list', () => {
    const html = renderWebchatPage({ channelId: 'ch_web_1' });
    for (const testid of ['webchat-input', 'webchat-send', 'webchat-connect', 'webchat-messages']) {
      assert.ok(html.includes(`data-testid="${testid}"`), testid);
    }
    assert.match(html, /<label[^>]*for="webchat-input"[^>]*>메시지 입력<\/label>/);
    assert.match(html, /<ol [^>]*aria-live="polite"/);
    assert.match(html, /<button [^>]*data-testid="webchat-connect"[^>]*>상담원 연결<\/button>/);
  });

  it('loads only its own script and carries nothing the CSP would block', () => {
    const html = renderWebchatPage({ channelId: 'ch_web_1' });
    assert.deepEqual(html.match(/<script[^>]*>/g), [`<script src="${WEBCHAT_CLIENT_PATH}" defer>`]);
    assert.doesNotMatch(html, / style=| on[a-z]+=|https?:\/\//);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = `'sha256-${createHash('sha256').update(style, 'utf8').digest('base64')}'`;
    assert.equal(directive(WEBCHAT_CSP, 'style-src'), `style-src ${hash}`);
  });
});

describe('web chat page CSP', () => {
  it('allows only the gateway for scripts and connections, and framing anywhere by default', () => {
    assert.equal(directive(WEBCHAT_CSP, 'default-src'), "default-src 'none'");
    assert.equal(directive(WEBCHAT_CSP, 'script-src'), "script-src 'self'");
    assert.equal(directive(WEBCHAT_CSP, 'connect-src'), "connect-src 'self'");
    assert.equal(directive(WEBCHAT_CSP, 'img-src'), "img-src 'self' https:");
    assert.equal(directive(WEBCHAT_CSP, 'form-action'), "form-action 'none'");
    assert.equal(directive(WEBCHAT_CSP, 'base-uri'), "base-uri 'none'");
    assert.equal(directive(WEBCHAT_CSP, 'frame-ancestors'), 'frame-ancestors *');
    assert.equal(webchatCsp([]), WEBCHAT_CSP);
  });

  it("narrows frame-ancestors to the channel's allowedOrigins and drops anything else", () => {
    const csp = webchatCsp([
      'https://Shop.example.co.kr/',
      'https://shop.example.co.kr',
      "https://evil.example; script-src 'unsafe-inline'",
      'javascript:alert(1)',
      'not a url',
    ]);
    assert.equal(directive(csp, 'frame-ancestors'), "frame-ancestors 'self' https://shop.example.co.kr");
    assert.equal(directive(csp, 'script-src'), "script-src 'self'");
    assert.equal(csp.split(';').length, WEBCHAT_CSP.split(';').length);
  });
});

describe('web chat client script', () => {
  it('is one valid script that starts the page and talks to the web chat endpoints', () => {
    const js = webchatClientScript();
    assert.doesNotThrow(() => new Script(js, { filename: 'webchat.js' }));
    for (const needle of [
      "'talkgate.webchat.' + opts.channelId",
      "'/webhooks/webchat/' + encodeURIComponent(opts.channelId)",
      'new EventSource(',
      "addEventListener('message', (e) => onStreamEvent(e, opts.onMessage))",
      "addEventListener('card_state', (e) => onStreamEvent(e, opts.onCardState))",
      '&lastEventId=',
      'crypto.randomUUID()',
      "li.dataset.testid = 'msg'",
      'startWebchat(root)',
    ]) {
      assert.ok(js.includes(needle), needle);
    }
  });

  it('never turns server or visitor text into markup or code', () => {
    const js = webchatClientScript();
    for (const banned of UNSAFE_DOM_SINKS) {
      assert.ok(!js.includes(banned), banned);
    }
  });
});
