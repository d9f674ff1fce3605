// Kakao's guide-image rule (channels.md, "Images (sharp)"): width exactly 500 px and height
// 250–500 px, i.e. an aspect between 2:1 and 1:1. Pure arithmetic so every edge is testable
// without decoding anything.

export const KAKAO_IMAGE_WIDTH = 500;
/** 2:1 at width 500: the widest shape Kakao shows uncropped (`fixedRatio: false`). */
export const KAKAO_MIN_HEIGHT = 250;
/** 1:1 at width 500: the tallest shape Kakao accepts. */
export const KAKAO_MAX_HEIGHT = 500;

export interface KakaoFrame {
  width: typeof KAKAO_IMAGE_WIDTH;
  height: number;
  /** false only for an exact 2:1 result; Kakao then shows its 2:1 area, else its 1:1 area */
  fixedRatio: boolean;
  /** which edges the centre crop removes */
  crop: 'none' | 'left-right' | 'top-bottom';
  /** the source is scaled up (e.g. narrower than 500 px); the admin UI may want to warn */
  upscaled: boolean;
}

/**
 * The Kakao frame for an image that is `width`×`height` after auto-orientation.
 *
 * "Scale to width 500, centre-crop to height 250 when wider than 2:1" cannot be taken
 * literally: a 1000×400 image scaled to width 500 is only 200 high. What the rule means is
 * the result shape: wider than 2:1 becomes exactly 500×250 by scaling to height 250 and
 * cropping the sides; taller than 1:1 becomes 500×500 by scaling to width 500 and cropping
 * top and bottom; anything in between keeps its proportions at width 500.
 *
 * Images narrower than 500 px are scaled up rather than refused: Kakao needs width 500
 * exactly, an admin who uploads a 400 px banner expects it to appear, and refusing would only
 * send them to an image editor to do the same resize. The original is stored unscaled, and
 * `upscaled` lets the UI say the Kakao copy was enlarged.
 */
export function kakaoFrameFor(width: number, height: number): KakaoFrame {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`image dimensions must be positive integers, got ${width}×${height}`);
  }
  // Integer comparisons decide the crop so an exact 2:1 or 1:1 never crops by rounding.
  const wider = 2 * height < width;
  const taller = height > width;
  const frameHeight = wider
    ? KAKAO_MIN_HEIGHT
    : taller
      ? KAKAO_MAX_HEIGHT
      : Math.min(
          KAKAO_MAX_HEIGHT,
          Math.max(KAKAO_MIN_HEIGHT, Math.round((KAKAO_IMAGE_WIDTH * height) / width)),
        );
  // sharp's `fit: 'cover'` uses the larger of the two factors and crops the excess.
  const scale = Math.max(KAKAO_IMAGE_WIDTH / width, frameHeight / height);
  return {
    width: KAKAO_IMAGE_WIDTH,
    height: frameHeight,
    fixedRatio: frameHeight > KAKAO_MIN_HEIGHT,
    crop: wider ? 'left-right' : taller ? 'top-bottom' : 'none',
    upscaled: scale > 1,
  };
}
