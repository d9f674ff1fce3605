// The form pages' only stylesheet, one inline <style> block allowed by its sha256 in the CSP (no
// 'unsafe-inline'). Mobile first: the form is opened from a chat app's in-app browser or
// TalkTalk's webview, so one column, 48 px touch targets and 16 px inputs (no iOS zoom on focus).
import { createHash } from 'node:crypto';

export const PROFILE_FORM_STYLES = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Apple SD Gothic Neo","Malgun Gothic","Noto Sans KR",sans-serif;
  color:#1b1d21;background:#fff;word-break:keep-all;overflow-wrap:anywhere}
.page{max-width:480px;margin:0 auto;padding:20px 16px max(24px,env(safe-area-inset-bottom))}
h1{margin:0 0 4px;font-size:20px;font-weight:700}
.intro{margin:0 0 20px;color:#5b616b;font-size:15px}
.notice{margin:0 0 16px;padding:10px 12px;border-radius:10px;background:#fff6e5;color:#8a4b00;font-size:14px}
.field{margin:0 0 18px;padding:0;border:0;min-width:0}
.field>label,.field>legend{display:block;margin:0 0 6px;padding:0;font-weight:600;font-size:15px}
.field>.sub-label{margin:14px 0 4px;font-size:14px;color:#3c4047}
.field>legend+.sub-label{margin-top:0}
.optional{font-weight:400;color:#5b616b;font-size:13px}
input{display:block;width:100%;min-height:48px;padding:10px 12px;font:inherit;font-size:16px;color:inherit;
  background:#fff;border:1px solid #c9cdd3;border-radius:10px;-webkit-appearance:none;appearance:none}
input[readonly]{background:#f4f5f7}
input[aria-invalid="true"]{border-color:#c62828}
input:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid #2f6fed;outline-offset:2px}
.row{display:flex;gap:8px;align-items:stretch}
.row input{flex:1;min-width:0}
.hint{margin:4px 0 0;font-size:13px;color:#5b616b}
.field-error,.form-error{margin:4px 0 0;font-size:14px;color:#c62828}
.field-error:empty,.form-error:empty{display:none}
.postcode{position:relative;height:460px;margin-top:8px;border:1px solid #c9cdd3;border-radius:10px;overflow:hidden}
.postcode>div{position:relative!important;width:100%!important;height:100%!important}
.postcode iframe{position:absolute!important;top:0;left:0;width:100%!important;height:100%!important;border:0!important}
.consent{margin:20px 0 0;font-size:14px;color:#3c4047}
.consent a{color:#2f6fed}
button{font:inherit;cursor:pointer;border-radius:10px;border:1px solid transparent;min-height:48px;padding:0 16px}
button:disabled{cursor:default;opacity:.55}
.btn-primary{display:block;width:100%;margin-top:20px;background:#2f6fed;color:#fff;font-weight:700;font-size:17px}
.btn-secondary{background:#fff;color:#2f6fed;border-color:#2f6fed;white-space:nowrap}
.status{margin:8px 0 0;font-size:14px;color:#5b616b;text-align:center}
.status:empty{display:none}
.panel{padding:40px 0 8px;text-align:center}
.panel:focus{outline:none}
.panel-title{margin:0 0 8px;font-size:20px;font-weight:700}
.panel-body{margin:0;color:#3c4047}
[hidden]{display:none!important}
`;

/** CSP source for the inline <style> block above */
export const PROFILE_FORM_STYLES_HASH = `'sha256-${createHash('sha256').update(PROFILE_FORM_STYLES, 'utf8').digest('base64')}'`;
