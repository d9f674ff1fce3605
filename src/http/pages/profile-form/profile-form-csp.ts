// Content-Security-Policy for the profile form pages (GET /forms/profile/:token and the link
// state pages). Every directive is as narrow as the page allows; why each source is there:
import { PROFILE_FORM_STYLES_HASH } from './profile-form-styles.js';

/** channels.md "Address search": the Kakao (Daum) postcode bundle, loaded only when the form has an address. */
export const POSTCODE_SCRIPT_URL = 'https://t1.kakaocdn.net/mapjsapi/bundle/postcode/prod/postcode.v2.js';
/**
 * TalkTalk's webview SDK (navertalk/chatbot-api webview_v1.md): the only way to close TalkTalk's
 * webview is `TalkWebview.close()` from this script. Loaded only when the page is framed.
 */
export const TALK_WEBVIEW_SCRIPT_URL = 'https://talk.naver.com/static/js/talk/sdk/webview.js';

export const PROFILE_FORM_CSP: string = [
  "default-src 'none'",
  // Our client from /forms/assets/profile-form.js; the postcode bundle (Kakao moved it from
  // t1.daumcdn.net to t1.kakaocdn.net in 2026 and serves both; the bundle's own resources may
  // still come from the old host); TalkTalk's webview SDK. No inline script, no eval.
  "script-src 'self' https://t1.kakaocdn.net https://t1.daumcdn.net https://talk.naver.com",
  // The one inline <style> block, by hash. No 'unsafe-inline', not even for style attributes:
  // if the postcode widget writes its layer with style attributes, the stylesheet sizes the
  // layer and its iframe itself (.postcode rules), so the widget still fills its container.
  `style-src ${PROFILE_FORM_STYLES_HASH}`,
  // The postcode search runs in an iframe: postcode.map.daum.net, which since 2026-03-10
  // redirects to postcode.map.kakao.com (a redirect is checked against frame-src too).
  'frame-src https://postcode.map.kakao.com https://postcode.map.daum.net',
  // The JSON submit goes to the gateway only.
  "connect-src 'self'",
  // The page never shows images; nothing else loads (no fonts, no tracking pixels).
  "img-src 'none'",
  // Without script the <form> posts to its own URL, and nowhere else.
  "form-action 'self'",
  "base-uri 'none'",
  // TalkTalk opens webview links inside an <iframe> on talk.naver.com; no other site may frame
  // the form (clickjacking a customer into submitting their data).
  'frame-ancestors https://talk.naver.com https://*.talk.naver.com',
].join('; ');
