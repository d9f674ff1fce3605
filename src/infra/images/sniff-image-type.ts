// The upload's real type comes from its first bytes, never from a header the client chose:
// a browser derives Content-Type from the file name, and a renamed file keeps its real bytes.

export type AcceptedImageType = 'image/jpeg' | 'image/png';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// SOI (FF D8) followed by the first marker's FF; every JPEG/JFIF/EXIF file starts this way.
const JPEG_SIGNATURE = Buffer.from([0xff, 0xd8, 0xff]);

function startsWith(buf: Uint8Array, signature: Uint8Array, at = 0): boolean {
  if (buf.length < at + signature.length) return false;
  for (let i = 0; i < signature.length; i++) {
    if (buf[at + i] !== signature[i]) return false;
  }
  return true;
}

/** The accepted image type the bytes really are, or null for anything else. */
export function sniffImageType(buf: Uint8Array): AcceptedImageType | null {
  if (startsWith(buf, JPEG_SIGNATURE)) return 'image/jpeg';
  if (startsWith(buf, PNG_SIGNATURE)) return 'image/png';
  return null;
}

const ascii = (s: string): Buffer => Buffer.from(s, 'latin1');

// Only used to word the refusal ("this is a HEIC photo") so an admin knows what to export.
const KNOWN_OTHER_FORMATS: ReadonlyArray<{ name: string; test: (b: Uint8Array) => boolean }> = [
  { name: 'GIF', test: (b) => startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a')) },
  { name: 'WebP', test: (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8) },
  {
    name: 'HEIC/HEIF',
    test: (b) =>
      startsWith(b, ascii('ftyp'), 4) &&
      ['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].some((brand) =>
        startsWith(b, ascii(brand), 8),
      ),
  },
  { name: 'AVIF', test: (b) => startsWith(b, ascii('ftyp'), 4) && startsWith(b, ascii('avif'), 8) },
  { name: 'BMP', test: (b) => startsWith(b, ascii('BM')) },
  {
    name: 'TIFF',
    test: (b) =>
      startsWith(b, Buffer.from([0x49, 0x49, 0x2a, 0x00])) ||
      startsWith(b, Buffer.from([0x4d, 0x4d, 0x00, 0x2a])),
  },
  { name: 'PDF', test: (b) => startsWith(b, ascii('%PDF-')) },
  {
    name: 'SVG/XML',
    test: (b) => /^\s*<(\?xml|svg)/i.test(Buffer.from(b.subarray(0, 64)).toString('latin1')),
  },
];

/** A human name for a format we refuse ("GIF", "HEIC/HEIF"), or null when unrecognised. */
export function describeOtherFormat(buf: Uint8Array): string | null {
  return KNOWN_OTHER_FORMATS.find((f) => f.test(buf))?.name ?? null;
}
