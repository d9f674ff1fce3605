// The explicit list of channel adapters. Adding a channel = one folder + one line here; the
// core derives the channel types (schemas, webhook routes, preview columns) from this list.
import type { ChannelAdapter } from '../src/domain/adapter-port.js';
import type { ChannelType } from '../src/domain/channel.js';
import type { SigningKeys } from '../src/domain/signing-keys.js';
import { NotFoundError } from '../src/domain/errors.js';
import { createKakaoAdapter } from './kakao/index.js';
import { createKakaoCounselAdapter } from './kakao-counsel/index.js';
import { createNaverAdapter } from './naver/index.js';
import { createWebchatAdapter, type WebchatAdapter } from './webchat/index.js';

export interface AdapterRegistryDeps {
  /** signs web chat visitor tokens */
  webchatKey: SigningKeys;
  publicBaseUrl: string;
  timeoutMs: number;
}

export interface AdapterRegistry {
  /** every channel type, in the order the preview page shows them */
  readonly types: readonly ChannelType[];
  /** throws NotFoundError for a type no adapter handles (a record written by a newer version) */
  get(type: ChannelType): ChannelAdapter;
  all(): readonly ChannelAdapter[];
  readonly webchat: WebchatAdapter;
}

export function createAdapterRegistry(deps: AdapterRegistryDeps): AdapterRegistry {
  const webchat = createWebchatAdapter({ secretKey: deps.webchatKey, publicBaseUrl: deps.publicBaseUrl });
  const list: readonly ChannelAdapter[] = [
    createKakaoAdapter({ timeoutMs: deps.timeoutMs }),
    createNaverAdapter({ timeoutMs: deps.timeoutMs }),
    webchat,
    createKakaoCounselAdapter({ timeoutMs: deps.timeoutMs }),
  ];
  const byType = new Map(list.map((a) => [a.type, a]));
  return {
    types: list.map((a) => a.type),
    get(type) {
      const adapter = byType.get(type);
      if (!adapter) throw new NotFoundError(`Channel type ${type}`, 'channel_type_unknown');
      return adapter;
    },
    all: () => list,
    webchat,
  };
}
