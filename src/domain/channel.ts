// What the gateway knows about a registered channel, with credentials already decrypted.
export const CHANNEL_TYPES = ['kakao', 'naver', 'webchat'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export interface KakaoCredentials {
  botId?: string;
  restApiKey: string;
  eventName: string;
}
export interface NaverCredentials {
  authorizationKey: string;
}
export interface WebchatCredentials {
  allowedOrigins?: string[];
}

export interface ConnectTriggers {
  utterances: string[];
  blockIds: string[];
}

interface ChannelBase {
  id: string;
  workspaceId: string;
  name: string;
  /** secret the platform presents on every webhook call (`?key=` or `X-Talkgate-Key`) */
  webhookKey: string;
  apiBaseUrl: string | null;
  connectTriggers: ConnectTriggers;
  allowCidrs: string[] | null;
  /** Kakao: the text answered when the bot has nothing to say synchronously */
  ackText: string | null;
  createdAt: string;
}

export type ChannelRecord =
  | (ChannelBase & { type: 'kakao'; credentials: KakaoCredentials })
  | (ChannelBase & { type: 'naver'; credentials: NaverCredentials })
  | (ChannelBase & { type: 'webchat'; credentials: WebchatCredentials });

export type ChannelOf<T extends ChannelType> = Extract<ChannelRecord, { type: T }>;

export const DEFAULT_CONNECT_UTTERANCES: readonly string[] = ['상담원 연결', '상담사 연결', '상담 신청'];
export const DEFAULT_KAKAO_ACK_TEXT = '메시지가 전달되었습니다.';
