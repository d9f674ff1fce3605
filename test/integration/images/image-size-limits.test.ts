import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { MAX_IMAGE_BYTES } from '../../../src/infra/images/inspect-upload.js';
import { ADMIN_TOKEN, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { createWorkspace } from '../../helpers/world.js';
import { imageFixture, upload } from './image-kit.js';

const run = promisify(execFile);

interface RawAnswer {
  status: number;
  json: { error: { code: string; message: string } };
  /** request body bytes the client had written when the answer arrived */
  written: number;
}

// A hand-written HTTP/1.1 POST on a plain socket, run in a child process: in this process
// nock's socket interceptor holds every outgoing request until its body is complete, which
// would hide whether the server answers early. The body is a JPEG signature and zeros.
const CLIENT = String.raw`
const net = require('node:net');
const [port, path, token, mode, total, stopAfter] = process.argv.slice(1);
const end = Math.min(Number(total), Number(stopAfter));
const socket = net.connect(Number(port), '127.0.0.1');
let written = 0, answered = -1, received = Buffer.alloc(0);
setTimeout(() => { console.log(JSON.stringify({ timeout: true, written })); process.exit(0); }, 5000).unref();
socket.on('error', (e) => { console.log(JSON.stringify({ error: e.message, written })); process.exit(0); });
socket.on('data', (d) => {
  if (answered < 0) answered = written;
  received = Buffer.concat([received, d]);
  const split = received.indexOf('\r\n\r\n');
  if (split < 0) return;
  const head = received.subarray(0, split).toString('latin1');
  const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1]);
  const body = received.subarray(split + 4);
  if (!(body.length >= length)) return;
  console.log(JSON.stringify({ status: Number(head.split(' ')[1]), json: JSON.parse(body.toString('utf8')), written: answered }));
  socket.destroy();
  process.exit(0);
});
const chunked = mode === 'chunked';
socket.write('POST ' + path + ' HTTP/1.1\r\nHost: 127.0.0.1:' + port + '\r\nAuthorization: Bearer ' + token +
  '\r\nContent-Type: image/jpeg\r\nConnection: close\r\n' +
  (chunked ? 'Transfer-Encoding: chunked\r\n\r\n' : 'Content-Length: ' + total + '\r\n\r\n'));
const step = 64 * 1024;
const writeFrom = (at) => {
  if (answered >= 0 || socket.destroyed) return;
  if (at >= end) { if (chunked && end === Number(total)) socket.write('0\r\n\r\n'); return; }
  const chunk = Buffer.alloc(Math.min(step, end - at));
  if (at === 0) Buffer.from([0xff, 0xd8, 0xff]).copy(chunk);
  written += chunk.length;
  const frame = chunked ? Buffer.concat([Buffer.from(chunk.length.toString(16) + '\r\n'), chunk, Buffer.from('\r\n')]) : chunk;
  if (socket.write(frame)) setImmediate(() => writeFrom(at + chunk.length));
  else socket.once('drain', () => writeFrom(at + chunk.length));
};
writeFrom(0);
`;

/** `total` body bytes announced (Content-Length) or chunked; the client stops writing after `stopAfter`. */
async function rawPost(t: TestGateway, path: string, opts: { mode: 'length' | 'chunked'; total: number; stopAfter?: number }): Promise<RawAnswer> {
  const { port } = new URL(t.url);
  const args = [port, path, ADMIN_TOKEN, opts.mode, String(opts.total), String(opts.stopAfter ?? opts.total)];
  const env = { ...process.env };
  delete env['NODE_OPTIONS'];
  const { stdout } = await run(process.execPath, ['-e', CLIENT, ...args], { env });
  const out = JSON.parse(stdout.trim()) as RawAnswer & { timeout?: boolean; error?: string };
  if (out.timeout || out.error) throw new Error(`no answer (${out.error ?? 'timeout'}) after writing ${out.written} bytes`);
  return out;
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
    const noise = { type: 'gaussian', mean: 128, sigma: 60 } as const;
    const big = await sharp({ create: { width: 1400, height: 1400, channels: 3, background: '#808080', noise } })
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
    const total = 3 * 1024 * 1024;
    const r = await rawPost(t, `/v1/workspaces/${ws}/images`, { mode: 'length', total, stopAfter: 128 * 1024 });
    assert.equal(r.status, 413);
    assert.equal(r.json.error.code, 'image_too_large');
    assert.match(r.json.error.message, new RegExp(`The image is ${total} bytes`));
    assert.ok(r.written <= 128 * 1024, `answered after ${r.written} bytes`);
  });

  it('refuses a chunked body (no Content-Length) that grows past 2 MiB with 413 image_too_large', async () => {
    const r = await rawPost(t, `/v1/workspaces/${ws}/images`, { mode: 'chunked', total: MAX_IMAGE_BYTES + 256 * 1024 });
    assert.equal(r.status, 413);
    assert.equal(r.json.error.code, 'image_too_large');
    // the gateway still answers the next request on a fresh connection
    assert.equal((await t.admin('GET', `/v1/workspaces/${ws}/settings`)).status, 200);
  });
});
