// Swap image URLs for TalkTalk imageIds before a send: with an imageUrl TalkTalk downloads the
// image on every message (slow, and fails when our host is slow); an uploaded imageId is
// delivered as fast as text. The id is cached per channel and URL; any failure keeps the URL.
import type { SendPorts } from '../../src/domain/adapter-port.js';
import type { NaverClient } from './client.js';
import type { NaverComposite, NaverImageRef, NaverPayload } from './wire-types.js';

export const NAVER_IMAGE_ID_TTL_SECONDS = 30 * 24 * 60 * 60;

export interface ImageIdContext {
  channelId: string;
  baseUrl: string;
  authorizationKey: string;
  client: NaverClient;
  ports: SendPorts;
}

export function imageIdCacheKey(channelId: string, imageUrl: string): string {
  return `naver-image:${channelId}:${imageUrl}`;
}

export async function withImageIds(payload: NaverPayload, ctx: ImageIdContext): Promise<NaverPayload> {
  if ('imageContent' in payload) {
    return { event: 'send', imageContent: await resolveImage(payload.imageContent, ctx) };
  }
  if ('compositeContent' in payload) {
    const compositeList: NaverComposite[] = [];
    for (const composite of payload.compositeContent.compositeList) {
      compositeList.push(composite.image ? { ...composite, image: await resolveImage(composite.image, ctx) } : composite);
    }
    return { event: 'send', compositeContent: { ...payload.compositeContent, compositeList } };
  }
  return payload;
}

async function resolveImage(ref: NaverImageRef, ctx: ImageIdContext): Promise<NaverImageRef> {
  if (!('imageUrl' in ref)) return ref;
  const key = imageIdCacheKey(ctx.channelId, ref.imageUrl);
  // The cache is an optimisation: when it is down, upload (or fall back) rather than fail.
  const cached = await ctx.ports.cacheGet(key).catch(() => null);
  if (cached) return { imageId: cached };
  const upload = await ctx.client.uploadImage(ctx.baseUrl, ctx.authorizationKey, ref.imageUrl);
  if (!upload.ok) return ref;
  await ctx.ports.cacheSet(key, upload.imageId, NAVER_IMAGE_ID_TTL_SECONDS).catch(() => undefined);
  return { imageId: upload.imageId };
}
