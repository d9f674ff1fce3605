// Headers for serving a stored image copy. Express's res.send() answers 304 on its own when
// If-None-Match matches the ETag set here (req.fresh), so routes only set these headers.
import type { AcceptedImageType } from './sniff-image-type.js';

/**
 * A year and `immutable`: the bytes under an image URL never change (a new upload gets a
 * new id; derive ids from `sha256` or generate them, never reuse one). Kakao and browsers
 * then fetch each image once. `nosniff` because we vouch for the type: it was sniffed and the
 * bytes re-encoded by us.
 */
export function imageResponseHeaders(
  image: { bytes: Uint8Array; etag: string },
  contentType: AcceptedImageType,
): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Length': String(image.bytes.length),
    'Cache-Control': 'public, max-age=31536000, immutable',
    ETag: image.etag,
    'X-Content-Type-Options': 'nosniff',
  };
}
