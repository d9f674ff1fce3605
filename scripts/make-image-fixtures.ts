// Writes the committed image fixtures to fixtures/images/ (see its README.md for the intent of
// each). Deterministic: running it again rewrites identical bytes.
//   npx tsx scripts/make-image-fixtures.ts
// Large inputs (just over 2 MiB, decompression bombs) are built inside the tests instead.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp, { type Sharp } from 'sharp';

const OUT_DIR = fileURLToPath(new URL('../fixtures/images/', import.meta.url));
const MAX_FIXTURE_BYTES = 50 * 1024;

type Rgb = readonly [number, number, number];
const RED: Rgb = [230, 20, 20];
const GREEN: Rgb = [20, 200, 40];
const BLUE: Rgb = [20, 40, 230];

/** Raw RGB pixels from a colour function; a soft gradient keeps files small yet non-trivial. */
function paint(width: number, height: number, colour: (x: number, y: number) => Rgb | null): Sharp {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const c = colour(x, y) ?? [
        110 + Math.round((60 * x) / width),
        110 + Math.round((60 * y) / height),
        150,
      ];
      raw[i] = c[0];
      raw[i + 1] = c[1];
      raw[i + 2] = c[2];
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } });
}

const plain = (width: number, height: number): Sharp => paint(width, height, () => null);

/** Noisy texture: JPEG cannot compress it well, so a cut-off file really misses scan data. */
function texture(width: number, height: number): Sharp {
  let seed = 42;
  const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 64;
  return paint(width, height, (x, y) => [100 + next() + (x % 32), 100 + next() + (y % 32), 120 + next()]);
}

const fixtures: Record<string, () => Promise<Buffer>> = {
  // exact edges of Kakao's 500 × 250–500 rule
  'exact-500x250.jpg': () => plain(500, 250).jpeg({ quality: 85 }).toBuffer(),
  'exact-500x500.png': () => plain(500, 500).png().toBuffer(),
  'just-taller-500x251.jpg': () => plain(500, 251).jpeg({ quality: 85 }).toBuffer(),
  'just-narrower-499x250.png': () => plain(499, 250).png().toBuffer(),
  // wider than 2:1: red side bands (x < 80, x ≥ 920) fall outside the centre crop, which keeps
  // original x 100–900; the blue top band (y < 40) must survive because nothing is cut vertically
  'wide-1000x400.jpg': () =>
    paint(1000, 400, (x, y) => (x < 80 || x >= 920 ? RED : y < 40 ? BLUE : GREEN))
      .jpeg({ quality: 85 })
      .toBuffer(),
  // taller than 1:1: red top/bottom bands (y < 120, y ≥ 680) fall outside the kept y 150–650;
  // the blue left band (x < 40) must survive
  'tall-500x800.png': () =>
    paint(500, 800, (x, y) => (y < 120 || y >= 680 ? RED : x < 40 ? BLUE : GREEN))
      .png()
      .toBuffer(),
  'tiny-10x10.png': () => plain(10, 10).png().toBuffer(),
  // stored 1000×500 landscape with EXIF Orientation 6 (rotate 90° clockwise to view): viewers
  // show it 500×1000. Red marks the stored top-left corner, which ends up top-right; blue marks
  // the stored top edge's middle, which ends up on the right edge, halfway down.
  'exif-orientation-6.jpg': () =>
    paint(1000, 500, (x, y) => (x < 100 && y < 100 ? RED : x >= 450 && x < 550 && y < 100 ? BLUE : null))
      .jpeg({ quality: 85 })
      .withMetadata({ orientation: 6 })
      .toBuffer(),
  // camera make/model, GPS position (IFD3), XMP author and an ICC profile: all must be gone
  'exif-gps-600x400.jpg': () =>
    plain(600, 400)
      .jpeg({ quality: 85 })
      .withMetadata({ orientation: 1 })
      .withExifMerge({
        IFD0: { Make: 'TalkgateTestCam', Model: 'Fixture 1', Artist: 'Secret Photographer' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '37/1 33/1 59/1',
          GPSLongitudeRef: 'E',
          GPSLongitude: '126/1 58/1 41/1',
        },
      })
      .withXmp(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
          '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="Secret Photographer"/>' +
          '</rdf:RDF></x:xmpmeta>',
      )
      .toBuffer(),
  // a valid header, then the scan data stops 60 % of the way through
  'truncated-500x300.jpg': async () => {
    const whole = await texture(500, 300).jpeg({ quality: 70 }).toBuffer();
    return whole.subarray(0, Math.floor(whole.length * 0.6));
  },
  'refused-10x10.gif': () => plain(10, 10).gif().toBuffer(),
  // PNG bytes under a .jpg name: a browser would upload it as image/jpeg
  'png-named-as.jpg': () => plain(600, 300).png().toBuffer(),
};

await mkdir(OUT_DIR, { recursive: true });
for (const [name, make] of Object.entries(fixtures)) {
  const bytes = await make();
  if (bytes.length > MAX_FIXTURE_BYTES)
    throw new Error(`${name} is ${bytes.length} bytes; keep fixtures under 50 KB`);
  await writeFile(join(OUT_DIR, name), bytes);
  console.log(`${name.padEnd(28)} ${String(bytes.length).padStart(6)} bytes`);
}
