// The explicit list of channel adapters. Adding a channel = one folder + one line here.
import type { ChannelAdapter } from '../src/domain/adapter-port.js';
import type { ChannelType } from '../src/domain/channel.js';
import type { SigningKeys } from '../src/domain/signing-keys.js';
import { createKakaoAdapter } from './kakao/index.js';
import { createNaverAdapter } from './naver/index.js';
import { createWebchatAdapter, type WebchatAdapter } from './webchat/index.js';

export interface AdapterRegistryDeps {
  /** signs web chat visitor tokens */
  webchatKey: SigningKeys;
  publicBaseUrl: string;
  timeoutMs: number;
}

export interface AdapterRegistry {
  get(type: ChannelType): ChannelAdapter;
  readonly webchat: WebchatAdapter;
}

export function createAdapterRegistry(deps: AdapterRegistryDeps): AdapterRegistry {
  const webchat = createWebchatAdapter({ secretKey: deps.webchatKey, publicBaseUrl: deps.publicBaseUrl });
  const adapters: Record<ChannelType, ChannelAdapter> = {
    kakao: createKakaoAdapter({ timeoutMs: deps.timeoutMs }),
    naver: createNaverAdapter({ timeoutMs: deps.timeoutMs }),
    webchat: webchat,
  };
  return { get: (type) => adapters[type], webchat };
}
