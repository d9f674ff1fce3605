// The preview page's stylesheet, one inline <style> block allowed by its sha256 (no
// 'unsafe-inline'). Each channel gets a phone-sized frame drawn roughly like its app: KakaoTalk's
// blue-grey chat with a yellow header, TalkTalk's green accents, our web chat's blue buttons.
import { createHash } from 'node:crypto';

export const PREVIEW_STYLES = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Apple SD Gothic Neo","Malgun Gothic","Noto Sans KR",sans-serif;
  color:#1b1d21;background:#f4f5f7;word-break:keep-all;overflow-wrap:anywhere}
main{max-width:1200px;margin:0 auto;padding:24px 16px 48px}
h1{margin:0 0 4px;font-size:22px}
h2{margin:0 0 10px;font-size:17px}
.meta{margin:0 0 6px;color:#5b616b}
.off{margin:8px 0 16px;padding:8px 12px;border-radius:8px;background:#fff6e5;color:#8a4b00}
.channels{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:20px;margin-top:16px}
.channel{background:#fff;border:1px solid #dfe2e6;border-radius:14px;padding:14px}
.phone{border-radius:12px;overflow:hidden;border:1px solid #d0d4d9}
.phone-bar{padding:8px 12px;font-weight:700;font-size:14px}
.phone-chat{padding:14px 12px;min-height:220px}
.kakao .phone-bar{background:#fee500;color:#191919}
.kakao .phone-chat{background:#bacee0}
.naver .phone-bar{background:#03c75a;color:#fff}
.naver .phone-chat{background:#f2f4f5}
.webchat .phone-bar{background:#2f6fed;color:#fff}
.webchat .phone-chat{background:#fff}
.from{margin:0 0 4px;font-size:12px;color:#3c4047}
.bubble{max-width:270px;background:#fff;border-radius:4px 14px 14px 14px;overflow:hidden;box-shadow:0 1px 1px rgba(0,0,0,.06)}
.kakao .bubble{border-radius:14px}
.naver .bubble{border:1px solid #e3e6e8;border-radius:14px}
.webchat .bubble{border:1px solid #dfe2e6;border-radius:16px}
.thumb{display:block;width:100%;object-fit:cover;background:#e9ecef}
.thumb-wide{aspect-ratio:2/1}
.thumb-square{aspect-ratio:1/1}
.thumb-free{height:auto}
.image-id{margin:0;padding:24px 12px;background:#e9ecef;color:#5b616b;font-size:13px;text-align:center}
.card-body{padding:10px 12px}
.card-title{display:block;font-weight:700;margin-bottom:4px}
.card-text{margin:0;white-space:pre-wrap}
.buttons{display:flex;flex-direction:column;gap:6px;padding:0 10px 10px}
.button{display:block;text-align:center;padding:9px 10px;border-radius:8px;text-decoration:none;font-weight:600;font-size:14px}
.kakao .button{background:#f4f4f4;color:#191919}
.naver .button{background:#fff;color:#03a94f;border:1px solid #03c75a}
.webchat .button{background:#2f6fed;color:#fff}
.plain{padding:9px 12px;white-space:pre-wrap}
.warnings{margin:12px 0 0;padding:0;list-style:none;font-size:13px}
.warnings li{margin:0 0 6px;padding:6px 8px;border-radius:6px;background:#fdecea;color:#8e1b1b}
.warnings code{font-size:12px}
.no-warnings{margin:12px 0 0;font-size:13px;color:#2e7d32}
details{margin-top:10px;font-size:12px}
pre{margin:6px 0 0;padding:8px;max-height:220px;overflow:auto;background:#f4f5f7;border-radius:6px;white-space:pre-wrap}
.form-preview{margin-top:28px;background:#fff;border:1px solid #dfe2e6;border-radius:14px;padding:14px}
.form-frame{display:block;width:min(390px,100%);height:720px;border:1px solid #d0d4d9;border-radius:12px;background:#fff}
.note{margin:8px 0 0;font-size:13px;color:#5b616b}
a:focus-visible{outline:3px solid #2f6fed;outline-offset:2px}
`;

export const PREVIEW_STYLES_HASH = `'sha256-${createHash('sha256').update(PREVIEW_STYLES, 'utf8').digest('base64')}'`;
