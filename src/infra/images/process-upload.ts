// POST …/images, minus HTTP and storage: validate an upload and produce the two copies we
// store — the original (oriented, metadata stripped) and the Kakao guide-image variant.
import { encodeKakao, encodeOriginal, type EncodedImage, type KakaoImage } from './encode-variants.js';
import { inspectUpload, type UploadLimits } from './inspect-upload.js';
import type { AcceptedImageType } from './sniff-image-type.js';

export interface ProcessedImage {
  /** sniffed from the bytes; both stored copies have this type */
  contentType: AcceptedImageType;
  /** the upload re-encoded: EXIF orientation applied, all metadata (EXIF, GPS, XMP, ICC) gone */
  original: EncodedImage;
  /** width 500, height 250–500; `fixedRatio` goes straight into Kakao's basicCard thumbnail */
  kakao: KakaoImage & { width: 500 };
  /** = original.etag / original.sha256: identifies the stored original (a natural image id) */
  etag: string;
  sha256: string;
}

/**
 * Throws AppError: image_empty 400, image_too_large 413, unsupported_image_type 415,
 * image_too_many_pixels 413, image_undecodable 400 (image-errors.ts). The result is
 * deterministic: the same upload always yields the same bytes and hashes.
 */
export async function processImageUpload(
  buf: Buffer,
  declaredType: string | undefined,
  opts: UploadLimits = {},
): Promise<ProcessedImage> {
  const upload = await inspectUpload(buf, declaredType, opts);
  // Two independent libvips pipelines on two libuv threads; the Kakao one shrinks on load, so
  // the pair costs little more than the full-size original alone.
  const [original, kakao] = await Promise.all([encodeOriginal(upload), encodeKakao(upload)]);
  return { contentType: upload.contentType, original, kakao, etag: original.etag, sha256: original.sha256 };
}

/**
 * Only the Kakao variant, with the same checks: for re-deriving variants from stored
 * originals when the rule changes, and for the benchmark's like-for-like comparison.
 */
export async function normaliseKakaoImage(
  buf: Buffer,
  declaredType: string | undefined,
  opts: UploadLimits = {},
): Promise<KakaoImage & { contentType: AcceptedImageType }> {
  const upload = await inspectUpload(buf, declaredType, opts);
  return { contentType: upload.contentType, ...(await encodeKakao(upload)) };
}
