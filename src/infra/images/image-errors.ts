// The refusals an image upload can meet. Codes are stable (clients switch on them); each
// message says what to do next. Statuses follow api.md: > 2 MiB → 413, other type → 415,
// undecodable → 400.
import { AppError } from '../../domain/errors.js';

const MIB = 1024 * 1024;

function formatMiB(bytes: number): string {
  return `${(bytes / MIB).toFixed(bytes % MIB === 0 ? 0 : 2)} MiB`;
}

export function imageEmpty(): AppError {
  return new AppError(
    'image_empty',
    400,
    'The request body is empty; send the JPEG or PNG file itself as the body.',
    [{ path: 'body', message: 'empty' }],
  );
}

export function imageTooLarge(bytes: number, maxBytes: number): AppError {
  return new AppError(
    'image_too_large',
    413,
    `The image is ${bytes} bytes; upload a JPEG or PNG of at most ${formatMiB(maxBytes)} (${maxBytes} bytes), for example by resizing it or saving it at a lower quality.`,
    [{ path: 'body', message: `${bytes} bytes > ${maxBytes}` }],
  );
}

/** The Content-Type header names a type we never accept (whatever the bytes are). */
export function declaredTypeNotAccepted(declared: string): AppError {
  return new AppError(
    'unsupported_image_type',
    415,
    `Content-Type ${declared} is not accepted; send the image as image/jpeg or image/png.`,
    [{ path: 'headers.content-type', message: declared }],
  );
}

/** The bytes are not a JPEG or PNG. `what` names the real format when we recognise it. */
export function bytesNotAccepted(what: string | null): AppError {
  const found = what ? `a ${what} image` : 'neither a JPEG nor a PNG';
  return new AppError(
    'unsupported_image_type',
    415,
    `The file is ${found}; convert it to JPEG or PNG and upload it again.`,
    [{ path: 'body', message: what ?? 'unrecognised bytes' }],
  );
}

export function imageUndecodable(cause: unknown): AppError {
  return new AppError(
    'image_undecodable',
    400,
    'The image data is truncated or corrupt; open it in an image editor, save it again as JPEG or PNG, and upload the new file.',
    [{ path: 'body', message: cause instanceof Error ? cause.message : 'undecodable' }],
    { cause },
  );
}

/**
 * A decompression bomb or simply a huge picture. 413 like the byte limit: the content is
 * larger than we process and the remedy is the same (make it smaller), even though the
 * compressed file may be tiny.
 */
export function imageTooManyPixels(width: number, height: number, maxPixels: number): AppError {
  const mp = (n: number): string => `${Math.round(n / 100_000) / 10} megapixels`;
  return new AppError(
    'image_too_many_pixels',
    413,
    `The image is ${width}×${height} pixels (${mp(width * height)}), above the ${mp(maxPixels)} limit; resize it and upload it again.`,
    [{ path: 'body', message: `${width}×${height} > ${maxPixels} pixels` }],
  );
}
