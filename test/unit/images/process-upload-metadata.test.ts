// Privacy and orientation: what a customer could extract from, or see in, the stored copies.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { processImageUpload } from '../../../src/infra/images/process-upload.js';
import {
  exifIfd0Tags,
  fixture,
  GPS_IFD_POINTER,
  isBlue,
  isRed,
  pixelAt,
  readBack,
} from './image-test-kit.js';

describe('processImageUpload: metadata and orientation', () => {
  it('strips EXIF (camera, GPS), XMP and ICC from both copies', async () => {
    const input = await fixture('exif-gps-600x400.jpg');
    // the fixture really carries what we claim to strip
    const before = await readBack(input);
    assert.ok(before.exif && exifIfd0Tags(before.exif).includes(GPS_IFD_POINTER), 'fixture has a GPS IFD');
    assert.ok(before.exif.includes('TalkgateTestCam'));
    assert.match(before.xmpAsString ?? '', /Secret Photographer/);
    assert.ok(before.icc);

    const result = await processImageUpload(input, 'image/jpeg');
    for (const copy of [result.original, result.kakao]) {
      const after = await readBack(copy.bytes);
      assert.equal(after.exif, undefined);
      assert.equal(after.xmp, undefined);
      assert.equal(after.iptc, undefined);
      assert.equal(after.icc, undefined);
      assert.equal(after.orientation, undefined);
      assert.equal(copy.bytes.includes('Secret Photographer'), false);
      assert.equal(copy.bytes.includes('TalkgateTestCam'), false);
    }
  });

  it('applies EXIF orientation 6: width and height swap and the pixels are turned', async () => {
    const input = await fixture('exif-orientation-6.jpg');
    const before = await readBack(input);
    assert.deepEqual([before.width, before.height, before.orientation], [1000, 500, 6]);

    const { original, kakao } = await processImageUpload(input, 'image/jpeg');
    const after = await readBack(original.bytes);
    // stored upright, so a viewer that ignores EXIF shows the same picture as one that honours it
    assert.deepEqual([after.width, after.height, after.orientation], [500, 1000, undefined]);
    assert.deepEqual([original.width, original.height], [500, 1000]);
    // the stored top-left corner (red) is now top-right
    assert.ok(isRed(await pixelAt(original.bytes, 490, 10)));
    assert.ok(!isRed(await pixelAt(original.bytes, 10, 10)));

    // 500×1000 is taller than 1:1: the Kakao copy is the middle 500×500 of the upright image,
    // where the blue mark (stored top edge, middle) lands on the right edge
    assert.deepEqual([kakao.width, kakao.height, kakao.fixedRatio], [500, 500, true]);
    assert.ok(isBlue(await pixelAt(kakao.bytes, 490, 250)));
    assert.ok(!isBlue(await pixelAt(kakao.bytes, 10, 250)));
  });

  it('hashes the stored bytes: sha256 and a quoted strong ETag per copy, stable across runs', async () => {
    const input = await fixture('wide-1000x400.jpg');
    const first = await processImageUpload(input, 'image/jpeg');
    const second = await processImageUpload(input, 'image/jpeg');

    const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
    assert.equal(first.original.sha256, sha(first.original.bytes));
    assert.equal(first.kakao.sha256, sha(first.kakao.bytes));
    assert.equal(first.original.etag, `"${first.original.sha256}"`);
    assert.equal(first.kakao.etag, `"${first.kakao.sha256}"`);
    assert.equal(first.etag, first.original.etag);
    assert.equal(first.sha256, first.original.sha256);
    assert.notEqual(first.kakao.etag, first.original.etag);

    assert.equal(second.etag, first.etag);
    assert.equal(second.kakao.etag, first.kakao.etag);
    assert.ok(second.original.bytes.equals(first.original.bytes));
  });
});
