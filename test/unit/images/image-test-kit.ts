// Shared by the image tests: fixture loading, reading outputs back, crafting hostile inputs.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { crc32, deflateSync } from 'node:zlib';
import sharp, { type Metadata } from 'sharp';
import { AppError } from '../../../src/domain/errors.js';

const FIXTURES = new URL('../../../fixtures/images/', import.meta.url);

export function fixture(name: string): Promise<Buffer> {
  return readFile(new URL(name, FIXTURES));
}

export function readBack(bytes: Buffer): Promise<Metadata> {
  return sharp(bytes).metadata();
}

export type Rgb = [number, number, number];

/** Decoded pixel colour (alpha dropped) at x,y of an encoded image, as stored (no rotation). */
export async function pixelAt(bytes: Buffer, x: number, y: number): Promise<Rgb> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  assert.ok(
    x >= 0 && x < info.width && y >= 0 && y < info.height,
    `pixel ${x},${y} outside ${info.width}×${info.height}`,
  );
  const i = (y * info.width + x) * info.channels;
  return [data[i] ?? -1, data[i + 1] ?? -1, data[i + 2] ?? -1];
}

// The fixture colours are saturated; JPEG and resampling move them by a few dozen at most.
export const isRed = ([r, g, b]: Rgb): boolean => r > 170 && g < 90 && b < 90;
export const isGreen = ([r, g, b]: Rgb): boolean => g > 150 && r < 90 && b < 110;
export const isBlue = ([r, g, b]: Rgb): boolean => b > 170 && r < 90 && g < 110;

/** Tag ids in IFD0 of a raw EXIF block as sharp returns it ("Exif\0\0" + TIFF). */
export function exifIfd0Tags(exif: Buffer): number[] {
  const tiff = exif.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? exif.subarray(6) : exif;
  const le = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (o: number): number => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number): number => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const ifd0 = u32(4);
  return Array.from({ length: u16(ifd0) }, (_, i) => u16(ifd0 + 2 + i * 12));
}
export const GPS_IFD_POINTER = 0x8825;

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A decompression bomb's calling card: a ~100-byte PNG whose valid header declares
 * width×height (8-bit greyscale) followed by a token of compressed data.
 */
export function pngDeclaring(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    // one valid zlib-compressed scanline; the rest of the image is simply missing
    pngChunk('IDAT', deflateSync(Buffer.alloc(width + 1))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Awaits a rejection with exactly this AppError code and status; returns it for more checks. */
export async function rejectsWith(
  promise: Promise<unknown>,
  code: string,
  status: number,
): Promise<AppError> {
  let caught: unknown;
  await assert.rejects(promise, (err) => {
    caught = err;
    return true;
  });
  assert.ok(caught instanceof AppError, `expected an AppError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.equal(caught.status, status);
  // every refusal tells the uploader what to do, as a sentence
  assert.match(caught.message, /^[A-Z].*\.$/);
  return caught;
}
