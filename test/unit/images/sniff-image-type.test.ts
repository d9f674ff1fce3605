import assert from 'node:assert/strict';
import { describeOtherFormat, sniffImageType } from '../../../src/infra/images/sniff-image-type.js';
import { fixture } from './image-test-kit.js';

const bytes = (...b: number[]): Buffer => Buffer.from(b);
const text = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('sniffImageType', () => {
  it('recognises JPEG and PNG by their magic bytes', () => {
    assert.equal(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10)), 'image/jpeg');
    assert.equal(sniffImageType(bytes(0xff, 0xd8, 0xff)), 'image/jpeg');
    assert.equal(
      sniffImageType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d)),
      'image/png',
    );
  });

  it('reads the bytes, not the file name: a PNG saved as .jpg is a PNG', async () => {
    assert.equal(sniffImageType(await fixture('png-named-as.jpg')), 'image/png');
    assert.equal(sniffImageType(await fixture('exact-500x250.jpg')), 'image/jpeg');
  });

  it('refuses everything else, including prefixes too short to be sure', async () => {
    assert.equal(sniffImageType(await fixture('refused-10x10.gif')), null);
    assert.equal(sniffImageType(Buffer.alloc(0)), null);
    assert.equal(sniffImageType(bytes(0xff, 0xd8)), null);
    assert.equal(sniffImageType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a)), null);
    assert.equal(sniffImageType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x00)), null);
    assert.equal(sniffImageType(text('<html><img src=x onerror=alert(1)>')), null);
    // the magic somewhere other than at offset 0 does not count
    assert.equal(sniffImageType(Buffer.concat([bytes(0), bytes(0xff, 0xd8, 0xff)])), null);
  });
});

describe('describeOtherFormat', () => {
  it('names the formats admins commonly try, so the refusal can say what to convert', async () => {
    assert.equal(describeOtherFormat(await fixture('refused-10x10.gif')), 'GIF');
    assert.equal(describeOtherFormat(text('\0\0\0\x18ftypheic\0\0\0\0')), 'HEIC/HEIF');
    assert.equal(describeOtherFormat(text('RIFF\x10\0\0\0WEBPVP8 ')), 'WebP');
    assert.equal(describeOtherFormat(text('%PDF-1.7')), 'PDF');
    assert.equal(describeOtherFormat(text('<svg xmlns="http://www.w3.org/2000/svg"/>')), 'SVG/XML');
    assert.equal(describeOtherFormat(text('hello')), null);
  });
});
