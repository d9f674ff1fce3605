// What the gateway knows about a registered channel, with credentials already decrypted.

/**
 * A channel type: one of the adapters in adapters/registry.ts. The core does not list them;
 * each adapter owns its credential shape (CredentialSpec) and narrows `credentials` itself.
 */
export type ChannelType = string;

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
  /** channels that answer in the webhook (Kakao): the text when the bot has nothing to say */
  ackText: string | null;
  createdAt: string;
}

/** `Credentials`: the adapter's own type, checked by its CredentialSpec before storing. */
export interface ChannelRecord<Credentials = Readonly<Record<string, unknown>>> extends ChannelBase {
  type: ChannelType;
  credentials: Credentials;
}

export const DEFAULT_CONNECT_UTTERANCES: readonly string[] = ['상담원 연결', '상담사 연결', '상담 신청'];
