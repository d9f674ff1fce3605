// GET /v1/workspaces/:ws/profile-bot/preview.html (PB-22): the profile card as KakaoTalk, TalkTalk
// and our web chat will show it, drawn from the exact payloads each channel is sent (so a cut is
// visible as a cut), the warnings beside each, and the form the button opens. No script at all:
// the form is the real page in a sandboxed srcdoc frame (no scripts, no submits).
import type { KakaoOutput, KakaoWebLinkButton } from '../../../../adapters/kakao/index.js';
import type { NaverComposite } from '../../../../adapters/naver/wire-types.js';
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

const CHANNELS: readonly { type: ChannelType; name: string; bar: string }[] = [
  { type: 'kakao', name: '카카오톡', bar: '카카오톡 채널' },
  { type: 'naver', name: '네이버 톡톡', bar: '톡톡' },
  { type: 'webchat', name: '웹 채팅', bar: '상담 채팅' },
];

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

const kakaoLabels = (b: KakaoWebLinkButton[] | undefined): string[] => (b ?? []).map((x) => x.label);

function kakaoOutput(o: KakaoOutput): string {
  if ('simpleText' in o) return `<div class="bubble"><p class="plain">${escapeHtml(o.simpleText.text)}</p></div>`;
  if ('simpleImage' in o) return `<div class="bubble">${image(o.simpleImage.imageUrl, o.simpleImage.altText, 'thumb-free')}</div>`;
  if ('textCard' in o) {
    const c = o.textCard;
    return cardBubble({ ...(c.title ? { title: c.title } : {}), text: c.description, labels: kakaoLabels(c.buttons) });
  }
  const c = o.basicCard;
  const ratio = c.thumbnail.fixedRatio ? 'thumb-square' : 'thumb-wide';
  return cardBubble({
    imageHtml: image(c.thumbnail.imageUrl, c.thumbnail.altText, ratio),
    ...(c.title ? { title: c.title } : {}),
    text: c.description,
    labels: kakaoLabels(c.buttons),
  });
}

function naverComposite(c: NaverComposite): string {
  let imageHtml = '';
  if (c.image && 'imageUrl' in c.image) imageHtml = image(c.image.imageUrl, '', 'thumb-free');
  else if (c.image) imageHtml = `<p class="image-id">이미지 (imageId ${escapeHtml(c.image.imageId)})</p>`;
  return cardBubble({
    imageHtml,
    ...(c.title ? { title: c.title } : {}),
    ...(c.description !== undefined ? { text: c.description } : {}),
    labels: (c.buttonList ?? []).map((b) => b.data.title),
  });
}

function messages(p: ChannelPreview): string {
  switch (p.channelType) {
    case 'kakao':
      return p.card.template.outputs.map(kakaoOutput).join('\n');
    case 'naver':
      return 'compositeContent' in p.card ? p.card.compositeContent.compositeList.map(naverComposite).join('\n') : '';
    case 'webchat': {
      const c = p.card.card;
      if (!c) return `<div class="bubble"><p class="plain">${escapeHtml(p.card.text ?? '')}</p></div>`;
      return cardBubble({
        imageHtml: image(c.imageUrl, '', 'thumb-free'),
        ...(c.title ? { title: c.title } : {}),
        text: c.description,
        labels: c.buttons.map((b) => b.label),
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
  const meta = CHANNELS.find((c) => c.type === p.channelType) ?? { type: p.channelType, name: p.channelType, bar: '' };
  return `<section class="channel ${p.channelType}" data-testid="preview-${p.channelType}" aria-labelledby="h-${p.channelType}">
<h2 id="h-${p.channelType}">${escapeHtml(meta.name)}</h2>
<div class="phone"><div class="phone-bar">${escapeHtml(meta.bar)}</div><div class="phone-chat">
<p class="from">봇</p>
${messages(p)}
</div></div>
${warningList(p.channelType, p.warnings)}
<details><summary>보내는 내용 (JSON)</summary><pre>${escapeHtml(JSON.stringify(p.card, null, 2))}</pre></details>
</section>`;
}

function imageUrlsOf(p: ChannelPreview): (string | undefined)[] {
  switch (p.channelType) {
    case 'kakao':
      return p.card.template.outputs.map((o) =>
        'basicCard' in o ? o.basicCard.thumbnail.imageUrl : 'simpleImage' in o ? o.simpleImage.imageUrl : undefined,
      );
    case 'naver':
      return 'compositeContent' in p.card
        ? p.card.compositeContent.compositeList.map((c) => (c.image && 'imageUrl' in c.image ? c.image.imageUrl : undefined))
        : [];
    case 'webchat':
      return [p.card.card?.imageUrl, p.card.imageUrl];
  }
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
  const ordered = CHANNELS.flatMap((c) => opts.previews.filter((p) => p.channelType === c.type));
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
