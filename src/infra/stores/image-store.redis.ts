// STUB (to be implemented by the images work): uploaded images and their Kakao variants.
import type { Redis } from 'ioredis';
import type { OutboundImage } from '../../domain/outbound-message.js';
import type { Keys } from '../keys.js';

export class RedisImageStore {
  constructor(
    readonly redis: Redis,
    readonly keys: Keys,
    readonly publicBaseUrl: () => string,
  ) {}

  async exists(_workspaceId: string, _imageId: string): Promise<boolean> {
    return false;
  }

  async resolve(_workspaceId: string, _imageId: string): Promise<OutboundImage | undefined> {
    return undefined;
  }
}
