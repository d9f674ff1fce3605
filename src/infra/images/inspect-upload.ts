// Everything we can refuse before decoding pixels: size, declared type, real type (magic
// bytes) and header dimensions. Cheap checks first, so a bomb never reaches the decoder.
import type { Metadata } from 'sharp';
import {
  bytesNotAccepted,
  declaredTypeNotAccepted,
  imageEmpty,
  imageTooLarge,
  imageTooManyPixels,
  imageUndecodable,
} from './image-errors.js';
import { describeOtherFormat, sniffImageType, type AcceptedImageType } from './sniff-image-type.js';
import { loadSharp } from './sharp-config.js';

/** api.md: uploads above 2 MiB are refused with 413. */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
/**
 * 40 megapixels: more than a 2 MiB JPEG at ordinary quality can hold (~1–2 bits per pixel
 * gives 8–16 MP), so only highly compressible inputs — bombs — reach it, while a 40 MP RGB
 * image still decodes in ~120 MB, the worst case when a 90° EXIF rotation forces the whole
 * image into memory.
 */
export const MAX_INPUT_PIXELS = 40_000_000;

export interface UploadLimits {
  maxBytes?: number;
  maxInputPixels?: number;
}

export interface InspectedUpload {
  bytes: Buffer;
  contentType: AcceptedImageType;
  /** dimensions after EXIF auto-orientation, i.e. as a viewer shows the image */
  width: number;
  height: number;
  maxInputPixels: number;
}

const ACCEPTED_DECLARED = new Set<string>(['image/jpeg', 'image/png']);
const SHARP_FORMAT: Record<AcceptedImageType, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png' };

/** `Image/PNG; charset=binary` → `image/png`; blank → undefined. */
function mediaTypeOf(header: string | undefined): string | undefined {
  const media = header?.split(';')[0]?.trim().toLowerCase();
  return media ? media : undefined;
}

/**
 * Declared type policy: a declared type must be image/jpeg or image/png (api.md), and the
 * bytes must be JPEG or PNG. When both are accepted types but disagree — typically a PNG
 * saved as `logo.jpg`, for which the browser sends image/jpeg — the bytes win: the file is
 * an acceptable image, we re-encode it in its real format and serve it with the sniffed
 * type, so nothing is ever served under a type it is not. An absent header (CLI, tests)
 * leaves the decision to the bytes.
 */
export async function inspectUpload(
  bytes: Buffer,
  declaredType: string | undefined,
  limits: UploadLimits = {},
): Promise<InspectedUpload> {
  const maxBytes = limits.maxBytes ?? MAX_IMAGE_BYTES;
  const maxInputPixels = limits.maxInputPixels ?? MAX_INPUT_PIXELS;

  if (bytes.length === 0) throw imageEmpty();
  if (bytes.length > maxBytes) throw imageTooLarge(bytes.length, maxBytes);

  // Bytes first: "this is a HEIC photo, convert it" helps more than "image/heic is not accepted".
  const contentType = sniffImageType(bytes);
  if (contentType === null) throw bytesNotAccepted(describeOtherFormat(bytes));

  const declared = mediaTypeOf(declaredType);
  if (declared !== undefined && !ACCEPTED_DECLARED.has(declared)) throw declaredTypeNotAccepted(declared);

  // Header only, so no pixel limit here: we compare the dimensions ourselves and say how big
  // the image is, instead of relaying sharp's "exceeds pixel limit".
  let meta: Metadata;
  try {
    const sharp = await loadSharp();
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw imageUndecodable(err);
  }
  if (meta.format !== SHARP_FORMAT[contentType] || !(meta.width > 0) || !(meta.height > 0)) {
    throw imageUndecodable(new Error(`decoder read ${meta.format} ${meta.width}×${meta.height}`));
  }
  if (meta.width * meta.height > maxInputPixels)
    throw imageTooManyPixels(meta.width, meta.height, maxInputPixels);

  return {
    bytes,
    contentType,
    width: meta.autoOrient.width,
    height: meta.autoOrient.height,
    maxInputPixels,
  };
}
