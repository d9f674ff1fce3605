// The two stored outputs of an upload. Both start from the same bytes, are auto-oriented and
// leave metadata behind (sharp writes EXIF/XMP/IPTC/ICC only when asked with keep*/with*).
import { createHash } from 'node:crypto';
import type { OutputInfo, Sharp } from 'sharp';
import { imageTooManyPixels, imageUndecodable } from './image-errors.js';
import type { InspectedUpload } from './inspect-upload.js';
import { kakaoFrameFor, type KakaoFrame } from './kakao-rule.js';
import { loadSharp } from './sharp-config.js';

export interface EncodedImage {
  bytes: Buffer;
  width: number;
  height: number;
  /** hex sha256 of `bytes` */
  sha256: string;
  /** strong, quoted: `"<sha256>"` — the bytes never change under a given URL */
  etag: string;
}

export type KakaoImage = EncodedImage & Omit<KakaoFrame, 'crop'>;

// Originals are the copy agents and web chat show full size: keep them close to the source.
const ORIGINAL_JPEG = { quality: 90, mozjpeg: false } as const;
// The Kakao copy is displayed at ≤ 500 px in a chat bubble; 85 is visually lossless there.
const KAKAO_JPEG = { quality: 85, mozjpeg: false } as const;
// zlib level 6 is the speed/size knee; palette quantisation would change the admin's pixels.
const PNG = { compressionLevel: 6, palette: false } as const;

async function decoder(upload: InspectedUpload): Promise<Sharp> {
  const sharp = await loadSharp();
  // failOn 'error': refuse truncated or corrupt data, but tolerate the libjpeg *warnings*
  // (e.g. extraneous bytes before a marker) that browsers display without complaint.
  return sharp(upload.bytes, { failOn: 'error', limitInputPixels: upload.maxInputPixels }).autoOrient();
}

function encoded(bytes: Buffer, info: OutputInfo): EncodedImage {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { bytes, width: info.width, height: info.height, sha256, etag: `"${sha256}"` };
}

function decodeFailure(err: unknown, upload: InspectedUpload): Error {
  // inspectUpload already compared the header dimensions; this is the belt to those braces.
  if (err instanceof Error && /pixel limit/i.test(err.message)) {
    return imageTooManyPixels(upload.width, upload.height, upload.maxInputPixels);
  }
  return imageUndecodable(err);
}

async function run(pipeline: Sharp, upload: InspectedUpload): Promise<EncodedImage> {
  try {
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    return encoded(data, info);
  } catch (err) {
    throw decodeFailure(err, upload);
  }
}

/** Auto-oriented, metadata stripped, same format and size as the upload. */
export async function encodeOriginal(upload: InspectedUpload): Promise<EncodedImage> {
  const pipeline = await decoder(upload);
  return run(upload.contentType === 'image/jpeg' ? pipeline.jpeg(ORIGINAL_JPEG) : pipeline.png(PNG), upload);
}

/** Width 500, height 250–500, centre-cropped (kakao-rule.ts), same format as the upload. */
export async function encodeKakao(upload: InspectedUpload): Promise<KakaoImage> {
  const frame = kakaoFrameFor(upload.width, upload.height);
  // One resize with `cover` scales and centre-crops in a single pass; for JPEG sharp also
  // shrinks on load, decoding at 1/2–1/8 scale when the source is large.
  const pipeline = (await decoder(upload)).resize(frame.width, frame.height, { fit: 'cover', position: 'centre' });
  const image = await run(
    upload.contentType === 'image/jpeg' ? pipeline.jpeg(KAKAO_JPEG) : pipeline.png(PNG),
    upload,
  );
  if (image.width !== frame.width || image.height !== frame.height) {
    throw new Error(
      `kakao variant came out ${image.width}×${image.height}, expected ${frame.width}×${frame.height}`,
    );
  }
  return { ...image, width: frame.width, fixedRatio: frame.fixedRatio, upscaled: frame.upscaled };
}
