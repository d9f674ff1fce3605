// Content-Security-Policy for GET /webchat/:channelId. Every directive is as narrow as the page
// allows; why each source is there:
import { WEBCHAT_STYLES_HASH } from './webchat-styles.js';

function policy(frameAncestors: string): string {
  return [
    // Nothing loads unless a directive below says so (fonts, objects, workers, manifests …).
    "default-src 'none'",
    // Only the client served from /webchat/assets/webchat.js: no inline script, no eval, so an
    // agent's or visitor's text can never become code even if escaping failed somewhere.
    "script-src 'self'",
    // The one inline <style> block, by hash; no 'unsafe-inline' (style injection can leak data).
    `style-src ${WEBCHAT_STYLES_HASH}`,
    // Guide images live on PUBLIC_BASE_URL ('self'); images an agent sends may be hosted by the
    // company elsewhere, so any https image. No data: — the page never makes one.
    "img-src 'self' https:",
    // fetch() to POST events and the EventSource stream, both to the gateway only.
    "connect-src 'self'",
    // A <base> tag could redirect the relative asset and API URLs.
    "base-uri 'none'",
    // The composer is a <form> handled by script; it must never navigate anywhere.
    "form-action 'none'",
    // Companies embed the page in an iframe on their own sites, so framing is allowed by
    // default (the page acts only as its own visitor: sending a message or asking for an
    // agent is what a clickjacker could trigger). Channels that list allowedOrigins get only
    // those sites (webchatCsp below).
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

/** The page's CSP for a channel without allowedOrigins: embeddable anywhere. */
export const WEBCHAT_CSP: string = policy('*');

/**
 * The page's CSP for a channel: `frame-ancestors` narrowed to the channel's allowedOrigins
 * (plus 'self', for the gateway's own preview page). Entries that are not http(s) origins are
 * dropped, so a stored value can never inject another directive into the header.
 */
export function webchatCsp(allowedOrigins: readonly string[] | undefined): string {
  const origins = (allowedOrigins ?? []).flatMap((entry) => {
    try {
      const url = new URL(entry.trim());
      return url.protocol === 'https:' || url.protocol === 'http:' ? [url.origin] : [];
    } catch {
      return [];
    }
  });
  if ((allowedOrigins ?? []).length === 0) return WEBCHAT_CSP;
  return policy(["'self'", ...new Set(origins)].join(' '));
}
