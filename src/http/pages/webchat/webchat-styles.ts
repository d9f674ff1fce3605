// The page's only stylesheet, inlined as one <style> block and allowed by its sha256 in the
// CSP (no 'unsafe-inline'). Mobile first: a full-height column; wider screens get a centred
// panel. The client script never writes style attributes (the CSP would block them).
import { createHash } from 'node:crypto';

export const WEBCHAT_STYLES = `
*,*::before,*::after{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font:16px/1.5 system-ui,-apple-system,"Apple SD Gothic Neo","Malgun Gothic","Noto Sans KR",sans-serif;
  color:#1b1d21;background:#eef0f3;word-break:keep-all;overflow-wrap:anywhere}
.chat{display:flex;flex-direction:column;height:100vh;height:100dvh;max-width:720px;margin:0 auto;background:#fff}
.chat-header{display:flex;align-items:center;gap:8px;padding:10px 12px;border-bottom:1px solid #dfe2e6;
  padding-top:max(10px,env(safe-area-inset-top))}
.chat-title{flex:1;margin:0;font-size:17px;font-weight:700;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
button{font:inherit;cursor:pointer;border-radius:10px;border:1px solid transparent;min-height:44px;padding:0 14px}
button:disabled{cursor:default;opacity:.55}
button:focus-visible,a:focus-visible,textarea:focus-visible{outline:3px solid #2f6fed;outline-offset:2px}
.btn-primary{background:#2f6fed;color:#fff}
.btn-secondary{background:#fff;color:#2f6fed;border-color:#2f6fed}
.btn-quiet{background:transparent;color:#5b616b;border-color:#c9cdd3}
.status{margin:0;padding:0 12px;font-size:13px;color:#8a4b00;background:#fff6e5}
.status:empty{display:none}
.status:not(:empty){padding:6px 12px}
.messages{flex:1;overflow-y:auto;margin:0;padding:12px;list-style:none;display:flex;flex-direction:column;gap:10px;
  overscroll-behavior:contain;-webkit-overflow-scrolling:touch}
.msg{display:flex;flex-direction:column;align-items:flex-start;max-width:85%}
.msg[data-from="customer"]{align-self:flex-end;align-items:flex-end}
.msg[data-from="system"]{align-self:center;align-items:center;max-width:95%}
.msg-from{font-size:12px;color:#5b616b;margin:0 4px 2px}
.msg[data-from="customer"] .msg-from{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
.bubble{padding:9px 12px;border-radius:16px;background:#f1f3f5;white-space:pre-wrap}
.msg[data-from="customer"] .bubble{background:#2f6fed;color:#fff}
.msg[data-from="customer"] .bubble a{color:#fff}
.msg[data-from="agent"] .bubble{background:#e8f0fe}
.msg[data-from="system"] .bubble{background:transparent;color:#5b616b;font-size:14px;text-align:center;padding:2px 8px}
.msg[data-kind="image"] .bubble,.msg[data-kind="card"] .bubble{padding:0;overflow:hidden;background:#fff;border:1px solid #dfe2e6}
.msg-image{display:block;max-width:100%;max-height:320px;height:auto}
.card{width:min(300px,75vw)}
.card-image{display:block;width:100%;height:auto}
.card-body{padding:10px 12px}
.card-title{display:block;font-weight:700;margin-bottom:4px}
.card-description{margin:0}
.card-buttons{display:flex;flex-direction:column;gap:6px;padding:0 12px 12px}
.card-button{display:block;text-align:center;padding:10px 12px;border-radius:10px;background:#2f6fed;color:#fff;
  text-decoration:none;font-weight:600}
.card-button-done{width:100%;border:0;font:inherit;font-weight:600;background:#e3e6ea;color:#4a4f57;cursor:default}
.msg-note{font-size:12px;color:#5b616b;margin:2px 4px 0}
.msg[data-status="failed"] .msg-note{color:#c62828}
.msg-retry{min-height:32px;font-size:13px;margin-top:4px}
.composer{display:flex;align-items:flex-end;gap:8px;padding:8px 12px;border-top:1px solid #dfe2e6;
  padding-bottom:max(8px,env(safe-area-inset-bottom))}
.composer textarea{flex:1;min-height:44px;max-height:160px;resize:none;padding:10px 12px;font:inherit;
  border:1px solid #c9cdd3;border-radius:12px}
.composer-error{margin:0;padding:0 12px 6px;font-size:13px;color:#c62828}
.composer-error:empty{display:none}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
@media (min-width:760px){body{padding:24px 0}.chat{height:calc(100vh - 48px);border:1px solid #dfe2e6;border-radius:16px;overflow:hidden}}
@media (prefers-reduced-motion:no-preference){.messages{scroll-behavior:smooth}}
`;

/** CSP source for the inline <style> block above */
export const WEBCHAT_STYLES_HASH = `'sha256-${createHash('sha256').update(WEBCHAT_STYLES, 'utf8').digest('base64')}'`;
