// The dealer relay's wire format (Happytalk "KakaoWebhook" v3 send API, 2022 receive docs).

/** `{url, comment?}` items of `contents` (and `content` when it is an object) */
export interface CounselMediaItem {
  url: string;
  comment?: string;
}

export interface CounselMessageBody {
  user_key: string;
  sender_key: string;
  session_id?: string | number;
  time?: number | string;
  /** an integer beyond 2^53: read from the raw body, never from this parsed value */
  serial_number: number | string;
  type: string;
  content?: string | CounselMediaItem;
  contents?: (string | CounselMediaItem)[];
  attachment?: { url?: string; [k: string]: unknown };
  extra?: unknown;
}

export interface CounselReferenceBody {
  user_key: string;
  sender_key: string;
  session_id: string | number;
  app_user_id?: unknown;
  time?: number | string;
  reference?: Record<string, unknown>;
  last_reference?: Record<string, unknown>;
}

export interface CounselSessionEndBody {
  user_key: string;
  sender_key: string;
  session_id?: string | number;
  time?: number | string;
}

export interface CounselButton {
  name: string;
  type: 'WL';
  url_pc: string;
  url_mobile: string;
}

/** One send of a rendered message; a card with a guide image is two sends, in order. */
export type CounselSend =
  | { chat_bubble_type: 'TEXT'; message: string; attachment?: { buttons: CounselButton[] } }
  /** `image`: our URL of the image, uploaded to Kakao's servers before the send */
  | { chat_bubble_type: 'IMAGE'; image: string };

export type CounselPayload = CounselSend[];

/** `POST …/chat/send/plain` body */
export interface CounselSendBody {
  user_key: string;
  sender_key: string;
  serial_number: string;
  chat_bubble_type: 'TEXT' | 'IMAGE';
  message?: string;
  attachment?: { buttons: CounselButton[] } | { image: { img_url: string } };
}
