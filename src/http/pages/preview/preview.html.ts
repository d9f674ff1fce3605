// GET /v1/workspaces/:ws/profile-bot/preview.html (PB-22): the profile card as every channel will
// show it, drawn from the exact payloads each channel is sent (each adapter turns its payload
// into PreviewBubbles, so a cut is visible as a cut), the warnings beside each, and the form the
// button opens. No script at all: the form is the real page in a sandboxed srcdoc frame.
import type { PreviewBubble } from '../../../domain/adapter-port.js';
import type { ChannelType } from '../../../domain/channel.js';
import { escapeHtml } from '../html.js';
import { PROFILE_FORM_STYLES_HASH } from '../profile-form/profile-form-styles.js';
import type { ChannelPreview, PreviewWarning } from './channel-previews.js';
import { PREVIEW_STYLES, PREVIEW_STYLES_HASH } from './preview-styles.js';

export interface PreviewPageOptions {
  workspaceName: string;
  settingsVersion: number;
  /** profileBot.enabled of that version: a disabled bot sends nothing */
  enabled: boolean;
  formUrl: string;
  previews: readonly ChannelPreview[];
  /** renderProfileFormPage({ …, preview: true }) */
  formHtml: string;
}

const FORM_ANCHOR = 'form-preview';

function httpUrl(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

function image(url: string | undefined, alt: string, className: string): string {
  const src = httpUrl(url);
  return src ? `<img class="thumb ${className}" src="${escapeHtml(src)}" alt="${escapeHtml(alt)}">` : '';
}

function buttons(labels: readonly string[]): string {
  if (labels.length === 0) return '';
  const links = labels.map((l) => `<a class="button" href="#${FORM_ANCHOR}" data-testid="preview-button">${escapeHtml(l)}</a>`);
  return `<div class="buttons">${links.join('')}</div>`;
}

function cardBubble(parts: { imageHtml?: string; title?: string; text?: string; labels: readonly string[] }): string {
  const title = parts.title ? `<strong class="card-title">${escapeHtml(parts.title)}</strong>` : '';
  const text = parts.text !== undefined ? `<p class="card-text">${escapeHtml(parts.text)}</p>` : '';
  return `<div class="bubble">${parts.imageHtml ?? ''}<div class="card-body">${title}${text}</div>${buttons(parts.labels)}</div>`;
}

const SHAPES = { square: 'thumb-square', wide: 'thumb-wide', free: 'thumb-free' } as const;

function bubbleHtml(b: PreviewBubble): string {
  switch (b.kind) {
    case 'text':
      return `<div class="bubble"><p class="plain">${escapeHtml(b.text)}</p></div>`;
    case 'image':
      return `<div class="bubble">${image(b.url, b.alt ?? '', 'thumb-free')}</div>`;
    case 'card': {
      let imageHtml = '';
      if (b.image && 'url' in b.image) imageHtml = image(b.image.url, b.image.alt ?? '', SHAPES[b.image.shape]);
      else if (b.image) imageHtml = `<p class="image-id">${escapeHtml(b.image.note)}</p>`;
      return cardBubble({
        imageHtml,
        ...(b.title ? { title: b.title } : {}),
        ...(b.text !== undefined ? { text: b.text } : {}),
        labels: b.labels,
      });
    }
  }
}

function warningList(type: ChannelType, warnings: readonly PreviewWarning[]): string {
  if (warnings.length === 0) return `<p class="no-warnings" data-testid="warnings-${type}">잘리는 글자가 없습니다.</p>`;
  const items = warnings.map((w) => `<li><code>${escapeHtml(w.path)}</code> ${escapeHtml(w.message)}</li>`);
  return `<ul class="warnings" data-testid="warnings-${type}">${items.join('')}</ul>`;
}

function channelSection(p: ChannelPreview): string {
  return `<section class="channel ${p.channelType}" data-testid="preview-${p.channelType}" aria-labelledby="h-${p.channelType}">
<h2 id="h-${p.channelType}">${escapeHtml(p.title)}</h2>
<div class="phone"><div class="phone-bar">${escapeHtml(p.bar)}</div><div class="phone-chat">
<p class="from">봇</p>
${p.bubbles.map(bubbleHtml).join('\n')}
</div></div>
${warningList(p.channelType, p.warnings)}
<details><summary>보내는 내용 (JSON)</summary><pre>${escapeHtml(JSON.stringify(p.card, null, 2))}</pre></details>
</section>`;
}

function imageUrlsOf(p: ChannelPreview): (string | undefined)[] {
  return p.bubbles.map((b) => (b.kind === 'image' ? b.url : b.kind === 'card' && b.image && 'url' in b.image ? b.image.url : undefined));
}

/**
 * The page's CSP: nothing but its own style block and the form's (the srcdoc frame inherits
 * this policy), and images only from the origins of the images it shows.
 */
export function previewCsp(previews: readonly ChannelPreview[]): string {
  const urls = previews.flatMap(imageUrlsOf).flatMap((u) => httpUrl(u) ?? []);
  const origins = [...new Set(urls.map((u) => new URL(u).origin))];
  return [
    "default-src 'none'",
    `style-src ${PREVIEW_STYLES_HASH} ${PROFILE_FORM_STYLES_HASH}`,
    `img-src ${origins.length > 0 ? origins.join(' ') : "'none'"}`,
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'self'",
  ].join('; ');
}

export function renderPreviewPage(opts: PreviewPageOptions): string {
  // in the order given: the registry's order of channel types
  const ordered = opts.previews;
  const off = opts.enabled
    ? ''
    : '<p class="off" data-testid="preview-disabled">이 설정에서는 프로필 봇이 꺼져 있어 고객에게 보내지지 않습니다.</p>\n';
  return `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>프로필 봇 미리보기</title>
<style>${PREVIEW_STYLES}</style>
</head>
<body>
<main>
<h1>프로필 봇 미리보기</h1>
<p class="meta">${escapeHtml(opts.workspaceName)} · 설정 버전 ${opts.settingsVersion}</p>
${off}<div class="channels">
${ordered.map(channelSection).join('\n')}
</div>
<section class="form-preview" id="${FORM_ANCHOR}" aria-labelledby="h-form">
<h2 id="h-form">프로필 입력 양식</h2>
<iframe class="form-frame" title="프로필 입력 양식 미리보기" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escapeHtml(opts.formHtml)}" data-testid="preview-form"></iframe>
<p class="note">버튼은 고객마다 다른 양식 링크를 엽니다. 여기 표시된 <code>${escapeHtml(opts.formUrl)}</code> 는 미리보기용 자리표시자입니다.</p>
</section>
</main>
</body>
</html>
`;
}
