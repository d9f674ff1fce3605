import assert from 'node:assert/strict';
import http from 'node:http';
import sharp from 'sharp';
import { MAX_IMAGE_BYTES } from '../../../src/infra/images/inspect-upload.js';
import { ADMIN_TOKEN, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { createWorkspace } from '../../helpers/world.js';
import { imageFixture, upload } from './image-kit.js';

interface RawAnswer {
  status: number;
  json: { error: { code: string; message: string } };
  /** request bytes written before the answer arrived */
  written: number;
}

/**
 * A POST whose body is written chunk by chunk; with `stopAfter` the client stops writing after
 * that many bytes and waits for the answer, which only comes if the server answers early.
 */
function rawPost(t: TestGateway, path: string, body: Buffer, opts: { contentLength?: number; stopAfter?: number }): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'image/jpeg' };
    if (opts.contentLength !== undefined) headers['content-length'] = String(opts.contentLength);
    const req = http.request(`${t.url}${path}`, { method: 'POST', headers });
    let written = 0;
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer after writing ${written} bytes`));
    }, 5_000);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        const answered = written;
        req.destroy();
        resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')), written: answered });
      });
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    const end = Math.min(body.length, opts.stopAfter ?? body.length);
    const step = 64 * 1024;
    const writeFrom = (at: number): void => {
      if (at >= end) {
        if (opts.stopAfter === undefined) req.end();
        return;
      }
      const chunk = body.subarray(at, Math.min(end, at + step));
      written += chunk.length;
      if (req.write(chunk)) setImmediate(() => writeFrom(at + chunk.length));
      else req.once('drain', () => writeFrom(at + chunk.length));
    };
    writeFrom(0);
  });
}

describe('image upload size limits', () => {
  let t: TestGateway;
  let ws: string;
  beforeEach(async () => {
    t = await startTestGateway();
    ws = await createWorkspace(t);
  });
  afterEach(async () => {
    await t.stop();
  });

  it('refuses a real JPEG above 2 MiB with 413 image_too_large and stores nothing', async () => {
    // Noise defeats JPEG compression: a 1400×1400 noise image at quality 100 is ~2.5–3 MiB.
    const big = await sharp({ create: { width: 1400, height: 1400, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
      .jpeg({ quality: 100 })
      .toBuffer();
    assert.ok(big.length > MAX_IMAGE_BYTES, `generated only ${big.length} bytes`);
    const r = await upload(t, ws, big);
    assert.equal(r.status, 413);
    assert.equal(r.json.error.code, 'image_too_large');
    assert.match(r.json.error.message, new RegExp(`The image is ${big.length} bytes.*at most 2 MiB`));
    assert.deepEqual(await t.gw.redis.keys(`${t.prefix}:img:*`), []);
  });

  it('accepts exactly 2 MiB and refuses one byte more', async () => {
    const jpg = await imageFixture('exact-500x250.jpg');
    // Bytes after the JPEG's end-of-image marker are ignored by decoders; they only add size.
    const atLimit = Buffer.concat([jpg, Buffer.alloc(MAX_IMAGE_BYTES - jpg.length)]);
    const ok = await upload(t, ws, atLimit);
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual([ok.json.width, ok.json.height], [500, 250]);
    const over = await upload(t, ws, Buffer.concat([atLimit, Buffer.alloc(1)]));
    assert.equal(over.status, 413);
    assert.equal(over.json.error.code, 'image_too_large');
  });

  it('refuses a declared 3 MiB body with 413 before the client has sent it', async () => {
    const body = Buffer.concat([await imageFixture('exact-500x250.jpg'), Buffer.alloc(3 * 1024 * 1024)]);
    const r = await rawPost(t, `/v1/workspaces/${ws}/images`, body, { contentLength: body.length, stopAfter: 128 * 1024 });
    assert.equal(r.status, 413);
    assert.equal(r.json.error.code, 'image_too_large');
    assert.match(r.json.error.message, new RegExp(`The image is ${body.length} bytes`));
    assert.ok(r.written <= 128 * 1024);
  });

  it('refuses a chunked body (no Content-Length) that grows past 2 MiB with 413 image_too_large', async () => {
    const body = Buffer.concat([await imageFixture('exact-500x250.jpg'), Buffer.alloc(MAX_IMAGE_BYTES)]);
    const r = await rawPost(t, `/v1/workspaces/${ws}/images`, body, {});
    assert.equal(r.status, 413);
    assert.equal(r.json.error.code, 'image_too_large');
    // the gateway still answers the next request on a fresh connection
    assert.equal((await t.admin('GET', `/v1/workspaces/${ws}/settings`)).status, 200);
  });
});
