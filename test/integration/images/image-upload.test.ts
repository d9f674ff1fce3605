import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';
import { createWorkspace } from '../../helpers/world.js';
import { getImage, imageFixture, upload, uploaded } from './image-kit.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('image uploads and public image URLs', () => {
  let t: TestGateway;
  let ws: string;
  beforeEach(async () => {
    t = await startTestGateway();
    ws = await createWorkspace(t);
  });
  afterEach(async () => {
    await t.stop();
  });

  it('stores an exact 2:1 JPEG and serves both copies with immutable caching and a content ETag', async () => {
    const r = await upload(t, ws, await imageFixture('exact-500x250.jpg'));
    assert.equal(r.status, 201, r.text);
    const id = r.json.id as string;
    assert.match(id, /^img_[A-Za-z0-9_-]{22}$/);
    const base = `http://localhost:${t.gw.port}`;
    assert.deepEqual(r.json, {
      id,
      url: `${base}/images/${id}`,
      width: 500,
      height: 250,
      bytes: r.json.bytes,
      kakao: { width: 500, height: 250, url: `${base}/images/${id}/kakao`, fixedRatio: false },
    });
    assert.equal(r.headers.get('location'), `${base}/images/${id}`);

    const original = await getImage(t, r.json.url);
    assert.equal(original.status, 200);
    assert.equal(original.headers.get('content-type'), 'image/jpeg');
    assert.equal(original.headers.get('cache-control'), IMMUTABLE);
    assert.equal(original.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(original.headers.get('etag'), `"${sha256(original.body)}"`);
    assert.equal(original.body.length, r.json.bytes);
    const meta = await sharp(original.body).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 500, 250]);

    const kakao = await getImage(t, r.json.kakao.url);
    assert.equal(kakao.status, 200);
    assert.equal(kakao.headers.get('content-type'), 'image/jpeg');
    assert.equal(kakao.headers.get('cache-control'), IMMUTABLE);
    assert.equal(kakao.headers.get('etag'), `"${sha256(kakao.body)}"`);
    const k = await sharp(kakao.body).metadata();
    assert.deepEqual([k.format, k.width, k.height], ['jpeg', 500, 250]);
  });

  it('answers 304 with no body to a matching If-None-Match, and 200 to another', async () => {
    const img = await uploaded(t, ws, 'exact-500x250.jpg');
    for (const url of [img.url, img.kakao.url]) {
      const first = await getImage(t, url);
      const etag = first.headers.get('etag') ?? '';
      // fetch() adds `Cache-Control: no-cache` (a forced reload) to conditional requests unless
      // one is set; max-age=0 is what a browser's or Kakao's revalidation sends.
      const again = await getImage(t, url, { 'if-none-match': etag, 'cache-control': 'max-age=0' });
      assert.equal(again.status, 304);
      assert.equal(again.body.length, 0);
      assert.equal(again.headers.get('etag'), etag);
      const other = await getImage(t, url, { 'if-none-match': '"something-else"', 'cache-control': 'max-age=0' });
      assert.equal(other.status, 200);
      assert.deepEqual(other.body, first.body);
    }
  });

  it('crops a wide 1000×400 JPEG to a 500×250 Kakao copy and keeps the original size', async () => {
    const img = await uploaded(t, ws, 'wide-1000x400.jpg');
    assert.deepEqual([img.width, img.height], [1000, 400]);
    assert.deepEqual(img.kakao, { width: 500, height: 250, url: img.kakao.url, fixedRatio: false });
    const original = await sharp((await getImage(t, img.url)).body).metadata();
    assert.deepEqual([original.width, original.height], [1000, 400]);
    const kakao = await sharp((await getImage(t, img.kakao.url)).body).metadata();
    assert.deepEqual([kakao.width, kakao.height], [500, 250]);
  });

  it('crops a tall 500×800 PNG to a 500×500 Kakao copy (fixedRatio) and serves it as PNG', async () => {
    const img = await uploaded(t, ws, 'tall-500x800.png', 'image/png');
    assert.deepEqual([img.width, img.height], [500, 800]);
    assert.deepEqual([img.kakao.width, img.kakao.height, img.kakao.fixedRatio], [500, 500, true]);
    const original = await getImage(t, img.url);
    assert.equal(original.headers.get('content-type'), 'image/png');
    assert.deepEqual(Object.values(await dims(original.body)), ['png', 500, 800]);
    const kakao = await getImage(t, img.kakao.url);
    assert.equal(kakao.headers.get('content-type'), 'image/png');
    assert.deepEqual(Object.values(await dims(kakao.body)), ['png', 500, 500]);
  });

  it('accepts PNG bytes sent as image/jpeg and serves them under their real type', async () => {
    const img = await uploaded(t, ws, 'png-named-as.jpg', 'image/jpeg');
    const served = await getImage(t, img.url);
    assert.equal(served.headers.get('content-type'), 'image/png');
    assert.equal((await sharp(served.body).metadata()).format, 'png');
    assert.equal((await getImage(t, img.kakao.url)).headers.get('content-type'), 'image/png');
  });

  it('gives the same bytes the same id in one workspace and a different one in another', async () => {
    const first = await uploaded(t, ws, 'wide-1000x400.jpg');
    const again = await uploaded(t, ws, 'wide-1000x400.jpg');
    assert.equal(again.id, first.id);
    const other = await createWorkspace(t);
    const theirs = await uploaded(t, other, 'wide-1000x400.jpg');
    assert.notEqual(theirs.id, first.id);
    assert.equal(await t.gw.services.images.exists(ws, first.id), true);
    assert.equal(await t.gw.services.images.exists(other, first.id), false);
    assert.equal(await t.gw.services.images.resolve(other, first.id), undefined);
    assert.deepEqual(await t.gw.services.images.resolve(ws, first.id), {
      id: first.id,
      url: first.url,
      kakaoUrl: first.kakao.url,
      kakaoFixedRatio: false,
    });
  });

  it('refuses a GIF with 415, a truncated JPEG with 400, an empty body with 400, a text type with 415', async () => {
    const gif = await upload(t, ws, await imageFixture('refused-10x10.gif'), 'image/gif');
    assert.equal(gif.status, 415);
    assert.equal(gif.json.error.code, 'unsupported_image_type');
    assert.match(gif.json.error.message, /GIF/);
    const truncated = await upload(t, ws, await imageFixture('truncated-500x300.jpg'));
    assert.equal(truncated.status, 400);
    assert.equal(truncated.json.error.code, 'image_undecodable');
    const empty = await upload(t, ws, Buffer.alloc(0));
    assert.equal(empty.status, 400);
    assert.equal(empty.json.error.code, 'image_empty');
    const text = await upload(t, ws, await imageFixture('exact-500x250.jpg'), 'text/plain');
    assert.equal(text.status, 415);
    assert.equal(text.json.error.code, 'unsupported_image_type');
    assert.deepEqual(await t.gw.redis.keys(`${t.prefix}:img:*`), []);
  });

  it('404s an unknown workspace, an unknown image and a malformed id; 401s an upload without a token', async () => {
    const jpg = await imageFixture('exact-500x250.jpg');
    const noWs = await upload(t, 'ws_doesnotexist', jpg);
    assert.equal(noWs.status, 404);
    assert.equal(noWs.json.error.code, 'workspace_not_found');
    const anon = await upload(t, ws, jpg, 'image/jpeg', null);
    assert.equal(anon.status, 401);
    assert.deepEqual(await t.gw.redis.keys(`${t.prefix}:img:*`), []);
    for (const path of ['/images/img_AAAAAAAAAAAAAAAAAAAAAA', '/images/img_AAAAAAAAAAAAAAAAAAAAAA/kakao', '/images/..%2Fws', '/images/x/kakao']) {
      const r = await t.request('GET', path);
      assert.equal(r.status, 404, path);
      assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(r.json.error.code, 'image_not_found', path);
    }
  });

  it('documents the upload as an image/jpeg request body in /openapi.json', async () => {
    const doc = (await t.request('GET', '/openapi.json')).json;
    const op = doc.paths['/v1/workspaces/{ws}/images'].post;
    assert.ok(op.requestBody.content['image/jpeg']);
    assert.ok(doc.paths['/images/{id}'].get);
    assert.ok(doc.paths['/images/{id}/kakao'].get);
  });
});

async function dims(bytes: Buffer): Promise<{ format: string | undefined; width: number; height: number }> {
  const m = await sharp(bytes).metadata();
  return { format: m.format, width: m.width, height: m.height };
}
