// Every refusal: code, status and an actionable sentence (checked by rejectsWith).
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { MAX_IMAGE_BYTES, MAX_INPUT_PIXELS } from '../../../src/infra/images/inspect-upload.js';
import { normaliseKakaoImage, processImageUpload } from '../../../src/infra/images/process-upload.js';
import { fixture, pngDeclaring, readBack, rejectsWith } from './image-test-kit.js';

const MIB = 1024 * 1024;

/** A valid JPEG of exactly `size` bytes: decoders stop at EOI and ignore what follows. */
async function jpegOfSize(size: number): Promise<Buffer> {
  const jpeg = await fixture('exact-500x250.jpg');
  return Buffer.concat([jpeg, Buffer.alloc(size - jpeg.length)]);
}

describe('processImageUpload: refusals', () => {
  describe('size (2 MiB)', () => {
    it('the limit is 2 MiB, as api.md says', () => {
      assert.equal(MAX_IMAGE_BYTES, 2 * MIB);
    });

    it('accepts exactly 2 MiB', async () => {
      const result = await processImageUpload(await jpegOfSize(2 * MIB), 'image/jpeg');
      assert.equal(result.kakao.width, 500);
    });

    it('refuses 2 MiB + 1 byte with 413 image_too_large, before looking at the content', async () => {
      const err = await rejectsWith(
        processImageUpload(await jpegOfSize(2 * MIB + 1), 'image/jpeg'),
        'image_too_large',
        413,
      );
      assert.match(err.message, /2 MiB/);
      // not even a valid image: size is checked first
      await rejectsWith(processImageUpload(Buffer.alloc(2 * MIB + 1), 'image/gif'), 'image_too_large', 413);
    });

    it('honours a lower maxBytes', async () => {
      const jpeg = await fixture('exact-500x250.jpg');
      await rejectsWith(
        processImageUpload(jpeg, 'image/jpeg', { maxBytes: jpeg.length - 1 }),
        'image_too_large',
        413,
      );
      await processImageUpload(jpeg, 'image/jpeg', { maxBytes: jpeg.length });
    });

    it('refuses an empty body with 400 image_empty', async () => {
      await rejectsWith(processImageUpload(Buffer.alloc(0), 'image/png'), 'image_empty', 400);
    });
  });

  describe('type (magic bytes, then the declared Content-Type)', () => {
    it('refuses a GIF with 415 and names the format', async () => {
      const gif = await fixture('refused-10x10.gif');
      const err = await rejectsWith(processImageUpload(gif, 'image/gif'), 'unsupported_image_type', 415);
      assert.match(err.message, /GIF/);
      // even when the client claims it is a JPEG
      await rejectsWith(processImageUpload(gif, 'image/jpeg'), 'unsupported_image_type', 415);
      await rejectsWith(processImageUpload(gif, undefined), 'unsupported_image_type', 415);
    });

    it('refuses HTML posing as image/jpeg', async () => {
      const html = Buffer.from('<!doctype html><script>alert(1)</script>');
      await rejectsWith(processImageUpload(html, 'image/jpeg'), 'unsupported_image_type', 415);
    });

    it('refuses a declared type other than image/jpeg or image/png even for valid PNG bytes', async () => {
      const png = await fixture('exact-500x500.png');
      for (const declared of ['image/gif', 'text/plain', 'application/octet-stream', 'image/svg+xml']) {
        const err = await rejectsWith(processImageUpload(png, declared), 'unsupported_image_type', 415);
        assert.match(err.message, /image\/jpeg or image\/png/);
      }
    });

    it('lets the bytes win when the declared type is the other accepted one (PNG saved as .jpg)', async () => {
      const result = await processImageUpload(await fixture('png-named-as.jpg'), 'image/jpeg');
      assert.equal(result.contentType, 'image/png');
      assert.equal((await readBack(result.original.bytes)).format, 'png');
      assert.equal((await readBack(result.kakao.bytes)).format, 'png');
      assert.deepEqual([result.kakao.width, result.kakao.height, result.kakao.fixedRatio], [500, 250, false]);
    });

    it('reads the media type case-insensitively and ignores parameters; absent means "trust the bytes"', async () => {
      const png = await fixture('tiny-10x10.png');
      assert.equal((await processImageUpload(png, 'IMAGE/PNG; charset=binary')).contentType, 'image/png');
      assert.equal((await processImageUpload(png, undefined)).contentType, 'image/png');
      assert.equal((await processImageUpload(png, '')).contentType, 'image/png');
    });
  });

  describe('decoding', () => {
    it('refuses a truncated JPEG with 400 image_undecodable', async () => {
      const truncated = await fixture('truncated-500x300.jpg');
      await rejectsWith(processImageUpload(truncated, 'image/jpeg'), 'image_undecodable', 400);
      await rejectsWith(normaliseKakaoImage(truncated, 'image/jpeg'), 'image_undecodable', 400);
    });

    it('refuses a PNG cut in the middle of its pixel data', async () => {
      const png = await fixture('tall-500x800.png');
      await rejectsWith(
        processImageUpload(png.subarray(0, Math.floor(png.length / 2)), 'image/png'),
        'image_undecodable',
        400,
      );
    });

    it('refuses right magic bytes followed by garbage', async () => {
      const garbage = Buffer.alloc(200, 0x41);
      const jpegish = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), garbage]);
      const pngish = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), garbage]);
      await rejectsWith(processImageUpload(jpegish, 'image/jpeg'), 'image_undecodable', 400);
      await rejectsWith(processImageUpload(pngish, 'image/png'), 'image_undecodable', 400);
    });
  });

  describe('decompression bombs (pixel limit)', () => {
    it('defaults to 40 megapixels', () => {
      assert.equal(MAX_INPUT_PIXELS, 40_000_000);
    });

    it('refuses a ~100-byte PNG declaring 20000×20000 with 413 before decoding anything', async () => {
      const bomb = pngDeclaring(20_000, 20_000);
      assert.ok(bomb.length < 200);
      const started = process.hrtime.bigint();
      const err = await rejectsWith(processImageUpload(bomb, 'image/png'), 'image_too_many_pixels', 413);
      assert.ok(process.hrtime.bigint() - started < 500_000_000n, 'refused from the header, not by decoding');
      assert.match(err.message, /20000×20000/);
    });

    it('refuses a real, fully decodable 6400×6400 PNG (41 MP in a few hundred KB)', async function () {
      this.timeout(30_000);
      const big = await sharp({ create: { width: 6400, height: 6400, channels: 3, background: '#fff' } })
        .png({ compressionLevel: 9 })
        .toBuffer();
      assert.ok(big.length < MAX_IMAGE_BYTES, `bomb is ${big.length} bytes, under the byte limit`);
      await rejectsWith(processImageUpload(big, 'image/png'), 'image_too_many_pixels', 413);
    });

    it('compares width × height with maxInputPixels, the limit itself allowed', async () => {
      const jpeg = await fixture('exact-500x250.jpg'); // 125 000 pixels
      await rejectsWith(
        processImageUpload(jpeg, 'image/jpeg', { maxInputPixels: 124_999 }),
        'image_too_many_pixels',
        413,
      );
      assert.equal(
        (await processImageUpload(jpeg, 'image/jpeg', { maxInputPixels: 125_000 })).kakao.height,
        250,
      );
    });
  });
});
