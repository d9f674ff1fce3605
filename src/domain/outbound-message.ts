// The shared outbound model; adapters render it into each platform's native payload.

export type Sender = 'bot' | 'agent' | 'system';

/** An image already resolved to public URLs (the Kakao variant is normalised to width 500). */
export interface OutboundImage {
  id?: string;
  url: string;
  /** URL of the Kakao-normalised variant; falls back to `url` */
  kakaoUrl?: string;
  /** Kakao basicCard thumbnail: false = 2:1 image, true = taller (see channels.md "Images") */
  kakaoFixedRatio?: boolean;
  altText?: string;
}

export interface CardButton {
  label: string;
  url: string;
}

export type OutboundMessage =
  | { kind: 'text'; from: Sender; text: string }
  | { kind: 'image'; from: Sender; image: OutboundImage }
  | {
      kind: 'card';
      from: Sender;
      title?: string;
      description: string;
      image?: OutboundImage;
      buttons: CardButton[];
    };

export type OutboundKind = OutboundMessage['kind'];
