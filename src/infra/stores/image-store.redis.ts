// Uploaded images and their Kakao variants: one metadata JSON and two byte strings per image.
// Ids are content-addressed per workspace, so an upload repeated (a double click, a retried
// request) gives back the image already stored instead of a second copy.
import { createHash } from 'node:crypto';
import type { RedisClient as Redis } from '../redis-client.js';
import type { OutboundImage } from '../../domain/outbound-message.js';
import type { ProcessedImage } from '../images/process-upload.js';
import type { AcceptedImageType } from '../images/sniff-image-type.js';
import type { Keys } from '../keys.js';

export type ImageVariant = 'original' | 'kakao';

export interface StoredVariant {
  width: number;
  height: number;
  bytes: number;
  etag: string;
}

export interface StoredImage {
  id: string;
  workspaceId: string;
  /** both variants have this type */
  contentType: AcceptedImageType;
  createdAt: string;
  original: StoredVariant;
  kakao: StoredVariant & { fixedRatio: boolean; upscaled: boolean };
}

const IMAGE_ID = /^img_[A-Za-z0-9_-]{22}$/;

/** Anything else cannot be one of ours: answer "unknown" without asking Redis. */
export function isImageId(id: string): boolean {
  return IMAGE_ID.test(id);
}

/**
 * The workspace is part of the hash: image keys are global, and the same picture uploaded by
 * two workspaces must stay two images, each visible to its own workspace only.
 */
export function imageIdFor(workspaceId: string, originalSha256: string): string {
  const digest = createHash('sha256').update(`${workspaceId}\n${originalSha256}`).digest('base64url');
  return `img_${digest.slice(0, 22)}`;
}

export class RedisImageStore {
  constructor(
    readonly redis: Redis,
    readonly keys: Keys,
    readonly publicBaseUrl: () => string,
  ) {}

  /**
   * Stores both copies and the metadata in one MULTI. Every write is NX: the bytes under an
   * image URL are served as immutable, so an id that exists keeps its first bytes even if a
   * later pipeline would encode the same upload differently.
   */
  async save(workspaceId: string, image: ProcessedImage, now: Date): Promise<StoredImage> {
    const id = imageIdFor(workspaceId, image.sha256);
    const doc: StoredImage = {
      id,
      workspaceId,
      contentType: image.contentType,
      createdAt: now.toISOString(),
      original: variantOf(image.original),
      kakao: { ...variantOf(image.kakao), fixedRatio: image.kakao.fixedRatio, upscaled: image.kakao.upscaled },
    };
    const results = await this.redis
      .multi()
      .set(this.keys.imageBytes(id, 'original'), image.original.bytes, 'NX')
      .set(this.keys.imageBytes(id, 'kakao'), image.kakao.bytes, 'NX')
      .set(this.keys.image(id), JSON.stringify(doc), 'NX')
      .get(this.keys.image(id))
      .exec();
    const failed = results?.find(([err]) => err);
    if (!results || failed) throw failed?.[0] ?? new Error('image MULTI was discarded');
    const stored = results[3]?.[1];
    return typeof stored === 'string' ? (JSON.parse(stored) as StoredImage) : doc;
  }

  async get(imageId: string): Promise<StoredImage | undefined> {
    if (!isImageId(imageId)) return undefined;
    const raw = await this.redis.get(this.keys.image(imageId));
    return raw ? (JSON.parse(raw) as StoredImage) : undefined;
  }

  /** Metadata and one copy's bytes in one round trip. */
  async read(imageId: string, variant: ImageVariant): Promise<{ image: StoredImage; bytes: Buffer } | undefined> {
    if (!isImageId(imageId)) return undefined;
    const results = await this.redis
      .pipeline()
      .get(this.keys.image(imageId))
      .getBuffer(this.keys.imageBytes(imageId, variant))
      .exec();
    const failed = results?.find(([err]) => err);
    if (failed) throw failed[0];
    const raw = results?.[0]?.[1];
    const bytes = results?.[1]?.[1];
    if (typeof raw !== 'string' || !Buffer.isBuffer(bytes)) return undefined;
    return { image: JSON.parse(raw) as StoredImage, bytes };
  }

  async exists(workspaceId: string, imageId: string): Promise<boolean> {
    return (await this.get(imageId))?.workspaceId === workspaceId;
  }

  async resolve(workspaceId: string, imageId: string): Promise<OutboundImage | undefined> {
    const image = await this.get(imageId);
    if (image?.workspaceId !== workspaceId) return undefined;
    const { url, kakaoUrl } = this.urls(image.id);
    return { id: image.id, url, kakaoUrl, kakaoFixedRatio: image.kakao.fixedRatio };
  }

  /** Read at call time: PUBLIC_BASE_URL may only be known once the server listens. */
  urls(imageId: string): { url: string; kakaoUrl: string } {
    const url = `${this.publicBaseUrl().replace(/\/+$/, '')}/images/${imageId}`;
    return { url, kakaoUrl: `${url}/kakao` };
  }
}

function variantOf(v: { width: number; height: number; bytes: Buffer; etag: string }): StoredVariant {
  return { width: v.width, height: v.height, bytes: v.bytes.length, etag: v.etag };
}
