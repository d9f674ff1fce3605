// What we send to TalkTalk. Inbound shapes are derived from the TypeBox schemas in schema.ts.
export type { NaverEvent, NaverApiResult } from './schema.js';

/** An image by URL (TalkTalk downloads it on every send) or by a pre-uploaded imageId. */
export type NaverImageRef = { imageUrl: string } | { imageId: string };

export interface NaverLinkButton {
  type: 'LINK';
  data: { title: string; url: string; mobileUrl: string };
}

export interface NaverComposite {
  title?: string;
  description?: string;
  image?: NaverImageRef;
  buttonList?: NaverLinkButton[];
}

export interface NaverTextPayload {
  event: 'send';
  textContent: { text: string };
}
export interface NaverImagePayload {
  event: 'send';
  imageContent: NaverImageRef;
}
export interface NaverCompositePayload {
  event: 'send';
  compositeContent: { compositeList: NaverComposite[] };
}

/**
 * A `send` event without `user`: valid as the webhook's inline 200 body as it is, and the body
 * of POST /chatbot/v1/event once `user` is added.
 */
export type NaverPayload = NaverTextPayload | NaverImagePayload | NaverCompositePayload;

/** The body of POST /chatbot/v1/event. */
export type NaverSendBody = { event: 'send'; user: string } & (
  | Omit<NaverTextPayload, 'event'>
  | Omit<NaverImagePayload, 'event'>
  | Omit<NaverCompositePayload, 'event'>
);
