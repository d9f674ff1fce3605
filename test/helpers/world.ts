// Builds a workspace with channels and agents through the real admin API.
import assert from 'node:assert/strict';
import type { TestGateway } from './test-gateway.js';

export interface ChannelInfo {
  id: string;
  webhookKey: string;
  webhookUrl: string;
}

export async function createWorkspace(t: TestGateway, settings?: Record<string, unknown>): Promise<string> {
  const r = await t.admin('POST', '/v1/workspaces', { name: 'acme' });
  assert.equal(r.status, 201);
  if (settings) {
    const put = await t.admin('PUT', `/v1/workspaces/${r.json.id}/settings`, settings);
    assert.equal(put.status, 200, put.text);
  }
  return r.json.id as string;
}

export async function createChannel(t: TestGateway, ws: string, body: Record<string, unknown>): Promise<ChannelInfo> {
  const r = await t.admin('POST', `/v1/workspaces/${ws}/channels`, body);
  assert.equal(r.status, 201, r.text);
  return r.json as ChannelInfo;
}

export async function createAgent(t: TestGateway, ws: string, name = '김상담', online = true, maxConcurrent = 5): Promise<string> {
  const r = await t.admin('POST', `/v1/workspaces/${ws}/agents`, { name, maxConcurrent });
  assert.equal(r.status, 201);
  if (online) assert.equal((await t.admin('PUT', `/v1/workspaces/${ws}/agents/${r.json.id}/status`, { online: true })).status, 200);
  return r.json.id as string;
}

export const NAVER_BASE = 'http://naver.test';
export const KAKAO_BASE = 'http://kakao.test';

export function naverChannel(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'naver', name: '톡톡', credentials: { authorizationKey: 'naver-auth-key-1234567890' }, apiBaseUrl: NAVER_BASE, ...extra };
}

export function kakaoChannel(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'kakao',
    name: '카카오',
    credentials: { botId: 'bot-1', restApiKey: 'kakao-rest-api-key-1234567890', eventName: 'talkgate_message' },
    apiBaseUrl: KAKAO_BASE,
    ...extra,
  };
}
