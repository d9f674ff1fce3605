// What Kakao receives: dimensions and format read back from the produced bytes, and where the
// centre crop fell, judged by the colour bands painted into the fixtures.
import assert from 'node:assert/strict';
import { processImageUpload } from '../../../src/infra/images/process-upload.js';
import { fixture, isBlue, isGreen, isRed, pixelAt, readBack } from './image-test-kit.js';

interface Expectation {
  file: string;
  declared: string;
  format: 'jpeg' | 'png';
  original: [number, number];
  kakao: [number, number];
  fixedRatio: boolean;
  upscaled: boolean;
}

const EXPECTATIONS: Expectation[] = [
  {
    file: 'exact-500x250.jpg',
    declared: 'image/jpeg',
    format: 'jpeg',
    original: [500, 250],
    kakao: [500, 250],
    fixedRatio: false,
    upscaled: false,
  },
  {
    file: 'exact-500x500.png',
    declared: 'image/png',
    format: 'png',
    original: [500, 500],
    kakao: [500, 500],
    fixedRatio: true,
    upscaled: false,
  },
  {
    file: 'just-taller-500x251.jpg',
    declared: 'image/jpeg',
    format: 'jpeg',
    original: [500, 251],
    kakao: [500, 251],
    fixedRatio: true,
    upscaled: false,
  },
  {
    file: 'just-narrower-499x250.png',
    declared: 'image/png',
    format: 'png',
    original: [499, 250],
    kakao: [500, 251],
    fixedRatio: true,
    upscaled: true,
  },
  {
    file: 'wide-1000x400.jpg',
    declared: 'image/jpeg',
    format: 'jpeg',
    original: [1000, 400],
    kakao: [500, 250],
    fixedRatio: false,
    upscaled: false,
  },
  {
    file: 'tall-500x800.png',
    declared: 'image/png',
    format: 'png',
    original: [500, 800],
    kakao: [500, 500],
    fixedRatio: true,
    upscaled: false,
  },
  {
    file: 'tiny-10x10.png',
    declared: 'image/png',
    format: 'png',
    original: [10, 10],
    kakao: [500, 500],
    fixedRatio: true,
    upscaled: true,
  },
  {
    file: 'exif-gps-600x400.jpg',
    declared: 'image/jpeg',
    format: 'jpeg',
    original: [600, 400],
    kakao: [500, 333],
    fixedRatio: true,
    upscaled: false,
  },
];

describe('processImageUpload: Kakao geometry (width 500, height 250–500)', () => {
  for (const e of EXPECTATIONS) {
    it(`${e.file} → original ${e.original.join('×')}, Kakao ${e.kakao.join('×')} fixedRatio=${e.fixedRatio}`, async () => {
      const result = await processImageUpload(await fixture(e.file), e.declared);

      assert.equal(result.contentType, `image/${e.format}`);
      const [orig, kakao] = await Promise.all([
        readBack(result.original.bytes),
        readBack(result.kakao.bytes),
      ]);
      assert.deepEqual([orig.format, orig.width, orig.height], [e.format, ...e.original]);
      assert.deepEqual([kakao.format, kakao.width, kakao.height], [e.format, ...e.kakao]);
      // the reported numbers are the real ones
      assert.deepEqual([result.original.width, result.original.height], e.original);
      assert.deepEqual([result.kakao.width, result.kakao.height], e.kakao);
      assert.equal(result.kakao.fixedRatio, e.fixedRatio);
      assert.equal(result.kakao.upscaled, e.upscaled);
    });
  }

  it('wider than 2:1: scales to height 250 and cuts the sides evenly, never the top', async () => {
    const { kakao } = await processImageUpload(await fixture('wide-1000x400.jpg'), 'image/jpeg');
    // red bands sat at the far left and right; a left-anchored crop would show red at x=2
    for (const x of [2, 250, 497]) assert.ok(!isRed(await pixelAt(kakao.bytes, x, 125)), `red at x=${x}`);
    assert.ok(isGreen(await pixelAt(kakao.bytes, 2, 125)));
    assert.ok(isGreen(await pixelAt(kakao.bytes, 497, 125)));
    // the blue band along the top edge is still there
    assert.ok(isBlue(await pixelAt(kakao.bytes, 250, 5)));
  });

  it('taller than 1:1: cuts top and bottom evenly to 500×500, never the sides', async () => {
    const { kakao } = await processImageUpload(await fixture('tall-500x800.png'), 'image/png');
    for (const y of [2, 250, 497]) assert.ok(!isRed(await pixelAt(kakao.bytes, 250, y)), `red at y=${y}`);
    assert.ok(isGreen(await pixelAt(kakao.bytes, 250, 2)));
    assert.ok(isGreen(await pixelAt(kakao.bytes, 250, 497)));
    assert.ok(isBlue(await pixelAt(kakao.bytes, 5, 250)));
  });

  it('keeps the original untouched in size and content (only re-encoded)', async () => {
    const { original } = await processImageUpload(await fixture('wide-1000x400.jpg'), 'image/jpeg');
    assert.ok(isRed(await pixelAt(original.bytes, 10, 200)));
    assert.ok(isRed(await pixelAt(original.bytes, 990, 200)));
  });
});
