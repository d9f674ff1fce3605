// sharp's process-wide settings, applied once, here, so no other file tunes libvips. sharp is
// loaded on the first image, not at start: libvips adds ~20 MB of resident memory to a process
// that may never see an upload (an HTTP process holding web chat streams).
type SharpModule = typeof import('sharp').default;

export const SHARP_SETTINGS = Object.freeze({
  /**
   * libvips threads per image. This host has 2 cores, and the gateway's event loop must keep
   * answering Kakao within its 5 s deadline while an admin uploads. Our images are small
   * (≤ 2 MiB in, 500 px out): measured here, 2 threads per image gave no gain beyond noise for
   * one 1600×1200 upload (~36 vs ~38 uploads/s) nor for 4 in parallel. With 1, the two encodes
   * of one upload (original + Kakao copy) run side by side on the libuv pool and one upload
   * never takes more than those 2 threads. It is also sharp's own default on glibc without
   * jemalloc; set explicitly so it does not depend on the allocator sharp detects.
   */
  concurrency: 1,
  /**
   * libvips' operation cache pays off when the same input is processed repeatedly (e.g.
   * thumbnails of one file on disk). Every upload is a new buffer, so it would only hold up
   * to 50 MB of decoded pixels that never hit again.
   */
  cache: false,
});

let loading: Promise<SharpModule> | null = null;

/** sharp, configured; loaded once, on first use */
export function loadSharp(): Promise<SharpModule> {
  const loaded = (loading ??= import('sharp').then(({ default: sharp }) => {
    sharp.concurrency(SHARP_SETTINGS.concurrency);
    sharp.cache(SHARP_SETTINGS.cache);
    return sharp;
  }));
  return loaded;
}
