// The shared inbound model every adapter maps its wire format onto (channels.md "Shared model").

/** Per-request reply context a platform hands us (Kakao's once-only callbackUrl). */
export interface ReplyContext {
  kakaoCallbackUrl?: string;
  /** ISO time after which the callbackUrl must not be used */
  kakaoCallbackExpiresAt?: string;
}

export interface CustomerFlags {
  under14?: boolean;
  under19?: boolean;
}

interface InboundBase {
  channelId: string;
  /** the customer identifier of PB-2 (Kakao plusfriendUserKey, TalkTalk user, web chat visitorId) */
  channelUserId: string;
  /**
   * Which of the platform's identifiers channelUserId is, where it has several (Kakao:
   * plusfriendUserKey, botUserKey, appUserId); unset = the platform's usual one.
   */
  channelUserIdType?: string;
  occurredAt: string;
  /** platform delivery id when there is one (web chat eventId); the dedupe key */
  deliveryId?: string;
  /** the platform's own session the event belongs to (상담톡 session_id), kept on the conversation */
  sessionId?: string;
  replyContext?: ReplyContext;
  /** the wire payload, kept for diagnosis and replay */
  raw: unknown;
}

/** a video, audio clip or file the platform only links to: the message text carries the link */
export interface InboundMedia {
  kind: 'video' | 'audio' | 'file';
  url: string;
}

interface MessageTraits {
  /**
   * true when the platform opens a session only on a customer's request for a counsellor
   * (상담톡): a message with no open conversation then starts one as a connection request.
   */
  opensConversation?: boolean;
}

export type InboundEvent =
  | (InboundBase & { kind: 'conversation.connect_requested' })
  | (InboundBase & MessageTraits & { kind: 'message.text'; text: string; media?: InboundMedia })
  | (InboundBase & MessageTraits & { kind: 'message.image'; imageUrl: string })
  /** what the platform tells us about the session (상담톡 /reference), kept on its conversation */
  | (InboundBase & { kind: 'conversation.context'; sessionId: string; context: Record<string, unknown> })
  | (InboundBase & { kind: 'conversation.left' })
  | (InboundBase & { kind: 'customer.blocked' })
  /** facts about the customer the platform tells us (TalkTalk `open` under14/under19) */
  | (InboundBase & { kind: 'customer.updated'; flags: CustomerFlags });

export type InboundKind = InboundEvent['kind'];
