import assert from 'node:assert/strict';
import { imageResponseHeaders } from '../../../src/infra/images/image-http-headers.js';
import { processImageUpload } from '../../../src/infra/images/process-upload.js';
import { fixture } from './image-test-kit.js';

describe('imageResponseHeaders', () => {
  it('serves each copy with its real type, length, its own ETag and long-lived caching', async () => {
    const result = await processImageUpload(await fixture('png-named-as.jpg'), 'image/jpeg');
    assert.deepEqual(imageResponseHeaders(result.kakao, result.contentType), {
      'Content-Type': 'image/png',
      'Content-Length': String(result.kakao.bytes.length),
      'Cache-Control': 'public, max-age=31536000, immutable',
      ETag: result.kakao.etag,
      'X-Content-Type-Options': 'nosniff',
    });
    assert.equal(imageResponseHeaders(result.original, result.contentType).ETag, result.etag);
  });
});
