// GET /webchat/:channelId — the web chat v2 page. The HTML is static apart from the channel id
// and title; everything live happens in webchat-client.js, served from WEBCHAT_CLIENT_PATH so
// the CSP can forbid inline script.
import { readFileSync } from 'node:fs';
import { escapeHtml } from '../html.js';
import { WEBCHAT_STYLES } from './webchat-styles.js';

export { escapeHtml };

export { WEBCHAT_CSP, webchatCsp } from './webchat-csp.js';

/** where the lead's route serves webchatClientScript() (Content-Type: text/javascript) */
export const WEBCHAT_CLIENT_PATH = '/webchat/assets/webchat.js';
export const WEBCHAT_DEFAULT_TITLE = '상담 채팅';

export interface WebchatPageOptions {
  channelId: string;
  title?: string;
}

export function renderWebchatPage(opts: WebchatPageOptions): string {
  const title = escapeHtml(opts.title?.trim() || WEBCHAT_DEFAULT_TITLE);
  const channelId = escapeHtml(opts.channelId);
  return `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="color-scheme" content="light">
<title>${title}</title>
<style>${WEBCHAT_STYLES}</style>
<script src="${WEBCHAT_CLIENT_PATH}" defer></script>
</head>
<body>
<main class="chat" id="webchat" data-channel-id="${channelId}">
  <header class="chat-header">
    <h1 class="chat-title">${title}</h1>
    <button type="button" class="btn-secondary" id="webchat-connect" data-testid="webchat-connect" disabled>상담원 연결</button>
    <button type="button" class="btn-quiet" id="webchat-leave" data-testid="webchat-leave" disabled>상담 종료</button>
  </header>
  <p class="status" id="webchat-status" role="status" aria-live="polite" data-testid="webchat-status">연결 중…</p>
  <ol class="messages" id="webchat-messages" data-testid="webchat-messages" aria-label="대화 내용" aria-live="polite" aria-relevant="additions" tabindex="0"></ol>
  <noscript><p class="status">이 채팅을 사용하려면 브라우저에서 JavaScript를 켜 주세요.</p></noscript>
  <form class="composer" id="webchat-form" data-testid="webchat-form" novalidate>
    <label class="visually-hidden" for="webchat-input">메시지 입력</label>
    <textarea id="webchat-input" name="text" rows="1" placeholder="메시지를 입력하세요" autocomplete="off" aria-describedby="webchat-error" data-testid="webchat-input" disabled></textarea>
    <button type="submit" class="btn-primary" id="webchat-send" data-testid="webchat-send" disabled>보내기</button>
  </form>
  <p class="composer-error" id="webchat-error" role="alert" data-testid="webchat-error"></p>
</main>
</body>
</html>
`;
}

// Loaded in this order into one function scope: the entry file uses the other two.
const CLIENT_PARTS = ['webchat-view.js', 'webchat-transport.js', 'webchat-client.js'] as const;
let clientScript: string | undefined;

/**
 * The browser client (plain JS, no build step) as one script for WEBCHAT_CLIENT_PATH, read
 * once from the files beside this module. A build that emits to dist/ must copy them there.
 */
export function webchatClientScript(): string {
  clientScript ??= [
    '(() => {',
    "'use strict';",
    ...CLIENT_PARTS.map((name) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')),
    '})();',
    '',
  ].join('\n');
  return clientScript;
}
