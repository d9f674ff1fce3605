// Web chat v2 wire shapes: what the page sends, what it is answered, what its stream carries.
import type { Static } from '@sinclair/typebox';
import type { VisitorStreamEvent } from '../../src/domain/adapter-port.js';
import type {
  ConnectRequestSchema,
  HelloSchema,
  LeaveSchema,
  MessageSchema,
  WebchatEventSchema,
} from './schema.js';

export type HelloEvent = Static<typeof HelloSchema>;
export type ConnectRequestEvent = Static<typeof ConnectRequestSchema>;
export type TextMessageEvent = Static<typeof MessageSchema>;
export type LeaveEvent = Static<typeof LeaveSchema>;
/** any body the page POSTs to `/webhooks/webchat/:channelId` */
export type WebchatEvent = Static<typeof WebchatEventSchema>;
/** the events that need a visitor token (everything but hello) */
export type VisitorEvent = Exclude<WebchatEvent, HelloEvent>;

/** 201 answer to `{"type":"hello"}` */
export interface HelloAnswer {
  visitorId: string;
  visitorToken: string;
}

/** the signed part of a visitor token (short keys: the token travels in every request) */
export interface VisitorTokenClaims {
  /** channel id */
  c: string;
  /** visitor id */
  v: string;
  /** issued at, seconds since the epoch */
  iat: number;
}

/** the `data:` of one SSE `event: message`; the SSE `id:` line is the stream sequence */
export type StreamMessage = VisitorStreamEvent;
