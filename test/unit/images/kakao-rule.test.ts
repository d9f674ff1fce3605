import assert from 'node:assert/strict';
import { kakaoFrameFor, type KakaoFrame } from '../../../src/infra/images/kakao-rule.js';

describe('kakaoFrameFor (width 500, height 250–500)', () => {
  const cases: Array<[string, number, number, Omit<KakaoFrame, 'width'>]> = [
    ['exactly 2:1 stays 2:1', 500, 250, { height: 250, fixedRatio: false, crop: 'none', upscaled: false }],
    ['exactly 1:1 stays 1:1', 500, 500, { height: 500, fixedRatio: true, crop: 'none', upscaled: false }],
    [
      'one row taller than 2:1 is "taller"',
      500,
      251,
      { height: 251, fixedRatio: true, crop: 'none', upscaled: false },
    ],
    [
      'one column narrower: 250.5 rounds to 251',
      499,
      250,
      { height: 251, fixedRatio: true, crop: 'none', upscaled: true },
    ],
    [
      'a large 2:1 is scaled down, not cropped',
      1000,
      500,
      { height: 250, fixedRatio: false, crop: 'none', upscaled: false },
    ],
    [
      'just wider than 2:1 crops the sides',
      1001,
      500,
      { height: 250, fixedRatio: false, crop: 'left-right', upscaled: false },
    ],
    [
      '2.5:1 crops the sides',
      1000,
      400,
      { height: 250, fixedRatio: false, crop: 'left-right', upscaled: false },
    ],
    [
      'a wide strip is enlarged to height 250',
      1000,
      100,
      { height: 250, fixedRatio: false, crop: 'left-right', upscaled: true },
    ],
    [
      'just taller than 1:1 crops top and bottom',
      500,
      501,
      { height: 500, fixedRatio: true, crop: 'top-bottom', upscaled: false },
    ],
    [
      '5:8 crops top and bottom',
      500,
      800,
      { height: 500, fixedRatio: true, crop: 'top-bottom', upscaled: false },
    ],
    [
      '4:3 photo keeps its shape',
      4000,
      3000,
      { height: 375, fixedRatio: true, crop: 'none', upscaled: false },
    ],
    ['a 10 px icon is enlarged', 10, 10, { height: 500, fixedRatio: true, crop: 'none', upscaled: true }],
    ['a 1×1 pixel is enlarged', 1, 1, { height: 500, fixedRatio: true, crop: 'none', upscaled: true }],
  ];
  for (const [title, w, h, expected] of cases) {
    it(`${w}×${h}: ${title}`, () => {
      assert.deepEqual(kakaoFrameFor(w, h), { width: 500, ...expected });
    });
  }

  it('rejects impossible dimensions as a programming error', () => {
    assert.throws(() => kakaoFrameFor(0, 10), RangeError);
    assert.throws(() => kakaoFrameFor(10, 2.5), RangeError);
    assert.throws(() => kakaoFrameFor(Number.NaN, 10), RangeError);
  });
});
