// Shared by the image integration tests: fixture bytes, uploads and binary reads over HTTP.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ADMIN_TOKEN, type TestGateway, type TestResponse } from '../../helpers/test-gateway.js';

const FIXTURES = new URL('../../../fixtures/images/', import.meta.url);

export function imageFixture(name: string): Promise<Buffer> {
  return readFile(new URL(name, FIXTURES));
}

export function upload(t: TestGateway, ws: string, bytes: Buffer, contentType = 'image/jpeg', token: string | null = ADMIN_TOKEN): Promise<TestResponse> {
  return t.request('POST', `/v1/workspaces/${ws}/images`, { raw: bytes, headers: { 'content-type': contentType }, token });
}

/** Uploads a fixture and insists on 201: for tests about what happens next. */
export async function uploaded(t: TestGateway, ws: string, name: string, contentType = 'image/jpeg'): Promise<UploadView> {
  const r = await upload(t, ws, await imageFixture(name), contentType);
  assert.equal(r.status, 201, r.text);
  return r.json as UploadView;
}

export interface UploadView {
  id: string;
  url: string;
  width: number;
  height: number;
  bytes: number;
  kakao: { width: number; height: number; url: string; fixedRatio: boolean };
}

export interface BinaryResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

/** GET a public image URL (absolute, as the API returned it) from the test gateway, as bytes. */
export async function getImage(t: TestGateway, url: string, headers: Record<string, string> = {}): Promise<BinaryResponse> {
  const res = await fetch(`${t.url}${new URL(url, t.url).pathname}`, { headers });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}
