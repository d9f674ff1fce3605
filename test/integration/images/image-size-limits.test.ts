import assert from 'node:assert/strict';
import net from 'node:net';
import sharp from 'sharp';
import { MAX_IMAGE_BYTES } from '../../../src/infra/images/inspect-upload.js';
import { ADMIN_TOKEN, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { createWorkspace } from '../../helpers/world.js';
import { imageFixture, upload } from './image-kit.js';

interface RawAnswer {
  status: number;
  json: { error: { code: string; message: string } };
  /** request body bytes written before the answer arrived */
  written: number;
}

/**
 * A POST written by hand on a plain socket: nock's interceptor holds an http.request/fetch body
 * until it ends, which would hide whether the server answers early. Without `contentLength`
 * the body goes chunked; with `stopAfter` the client stops writing after that many bytes and
 * waits, so an answer only comes if the server gives it before the body is complete.
 */
function rawPost(t: TestGateway, path: string, body: Buffer, opts: { contentLength?: number; stopAfter?: number }): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const { port } = new URL(t.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    const chunked = opts.contentLength === undefined;
    let written = 0;
    let answered = -1;
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer after writing ${written} bytes`));
    }, 5_000);
    const finish = (result: RawAnswer | Error): void => {
      clearTimeout(timer);
      socket.destroy();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    socket.on('error', finish);
    socket.on('data', (data: Buffer) => {
      if (answered < 0) answered = written;
      received = Buffer.concat([received, data]);
      const split = received.indexOf('\r\n\r\n');
      if (split < 0) return;
      const head = received.subarray(0, split).toString('latin1');
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? NaN);
      const payload = received.subarray(split + 4);
      if (!(payload.length >= length)) return;
      finish({ status: Number(head.split(' ')[1]), json: JSON.parse(payload.toString('utf8')), written: answered });
    });
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n` +
        'Content-Type: image/jpeg\r\nConnection: close\r\n' +
        (chunked ? 'Transfer-Encoding: chunked\r\n\r\n' : `Content-Length: ${opts.contentLength}\r\n\r\n`),
    );
    const end = Math.min(body.length, opts.stopAfter ?? body.length);
    const step = 64 * 1024;
    const writeFrom = (at: number): void => {
      if (answered >= 0 || socket.destroyed) return;
      if (at >= end) {
        if (opts.stopAfter === undefined && chunked) socket.write('0\r\n\r\n');
        return;
      }
      const chunk = body.subarray(at, Math.min(end, at + step));
      written += chunk.length;
      const frame = chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
      if (socket.write(frame)) setImmediate(() => writeFrom(at + chunk.length));
      else socket.once('drain', () => writeFrom(at + chunk.length));
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
