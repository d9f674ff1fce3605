// HTTP to the dealer relay. The relay's verdict is the body's `code` whatever the HTTP status,
// so every answer is classified here, once (channels.md: permanent and retried codes).
import axios, { type AxiosResponse } from 'axios';
import { ChannelSendError } from '../../src/domain/errors.js';
import { readApiReply } from './schema.js';
import type { CounselSendBody } from './wire-types.js';

export const COUNSEL_HTTP_TIMEOUT_MS = 5_000;
/** jpg/png up to 5 MB are accepted by the upload */
export const COUNSEL_IMAGE_MAX_BYTES = 5 * 1024 * 1024;

export interface RelayAuth {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

/** -504: the relay already accepted this serial_number (an earlier attempt got through) */
const ALREADY_SENT = -504;
const PERMANENT: Readonly<Record<number, string>> = {
  [-501]: 'the relay refused the request',
  [-502]: 'the customer has no open session; they must write first',
  [-505]: 'the relay refused the message content',
  [-506]: 'the relay refused the sender profile',
  [-508]: 'the relay refused the message',
  [-511]: 'the customer blocked the channel',
};
const RETRIED = new Set([-600, -601]);

function codeOf(data: unknown): number | string | null {
  const reply = readApiReply(typeof data === 'string' ? safeJson(data) : data);
  return reply ? reply.code : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** null when the relay accepted; otherwise the classified error */
export function classifyRelayReply(status: number, data: unknown, ok: (code: number | string) => boolean = (c) => Number(c) === 0): ChannelSendError | null {
  const code = codeOf(data);
  if (code !== null) {
    if (ok(code) || Number(code) === ALREADY_SENT) return null;
    const n = Number(code);
    const label = String(code);
    if (n === -502) return new ChannelSendError(`kakao-counsel relay answered ${label}: ${PERMANENT[n]}`, false, status, label, null, 'conversation.left');
    if (n === -511) return new ChannelSendError(`kakao-counsel relay answered ${label}: ${PERMANENT[n]}`, false, status, label, null, 'customer.blocked');
    if (PERMANENT[n]) return new ChannelSendError(`kakao-counsel relay answered ${label}: ${PERMANENT[n]}`, false, status, label);
    if (RETRIED.has(n)) return new ChannelSendError(`kakao-counsel relay answered ${label}: busy, retrying`, true, status, label);
    // an undocumented code: the relay's own trouble when it says 5xx, else a refusal
    return new ChannelSendError(`kakao-counsel relay answered code ${label} (HTTP ${status})`, status >= 500, status, label);
  }
  if (status >= 500 || status === 429 || status === 408) return new ChannelSendError(`kakao-counsel relay is unavailable (HTTP ${status})`, true, status);
  if (status >= 400) return new ChannelSendError(`kakao-counsel relay refused the request (HTTP ${status}); check apiBaseUrl and the credentials`, false, status);
  // 2xx without a code (a proxy page?): the send may not have happened; try again
  return new ChannelSendError(`kakao-counsel relay answered HTTP ${status} without a code`, true, status);
}

function transportError(err: unknown): ChannelSendError {
  const code = axios.isAxiosError(err) ? (err.code ?? null) : null;
  if (code === 'ERR_INVALID_URL') return new ChannelSendError('The channel apiBaseUrl is not a valid URL.', false);
  const what = code === 'ECONNABORTED' || code === 'ETIMEDOUT' ? 'timed out' : 'could not be reached';
  return new ChannelSendError(`kakao-counsel relay ${what} (${code ?? 'network error'})`, true);
}

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

export interface RelayClient {
  sendPlain(auth: RelayAuth, body: CounselSendBody): Promise<void>;
  /** the image's URL on Kakao's servers */
  uploadImage(auth: RelayAuth, senderKey: string, image: { bytes: Buffer; contentType: string }): Promise<string>;
  endWithBot(auth: RelayAuth, body: { user_key: string; sender_key: string }): Promise<void>;
  /** our own image, to upload it */
  fetchImage(url: string): Promise<{ bytes: Buffer; contentType: string }>;
}

export function createRelayClient(options: { timeoutMs?: number } = {}): RelayClient {
  // a redirect would replay the POST elsewhere; a 3xx means apiBaseUrl is wrong
  const http = axios.create({ timeout: options.timeoutMs ?? COUNSEL_HTTP_TIMEOUT_MS, validateStatus: () => true, maxRedirects: 0 });
  const headers = (auth: RelayAuth) => ({ 'HT-Client-Id': auth.clientId, 'HT-Client-Secret': auth.clientSecret });

  async function call(run: () => Promise<AxiosResponse<unknown>>, ok?: (code: number | string) => boolean): Promise<unknown> {
    let res: AxiosResponse<unknown>;
    try {
      res = await run();
    } catch (err) {
      throw transportError(err);
    }
    const failure = classifyRelayReply(res.status, res.data, ok);
    if (failure) throw failure;
    return res.data;
  }

  const postJson = (auth: RelayAuth, path: string, body: unknown) =>
    call(() => http.post(`${trimSlash(auth.baseUrl)}${path}`, JSON.stringify(body), { headers: { ...headers(auth), 'Content-Type': 'application/json;charset=UTF-8' } }));

  return {
    async sendPlain(auth, body) {
      await postJson(auth, '/kakaoWebhook/v3/bzc/chat/send/plain', body);
    },
    async endWithBot(auth, body) {
      await postJson(auth, '/kakaoWebhook/v3/bzc/chat/endWithBot', body);
    },
    async uploadImage(auth, senderKey, image) {
      const form = new FormData();
      form.append('sender_key', senderKey);
      const ext = image.contentType === 'image/png' ? 'png' : 'jpg';
      form.append('image', new Blob([new Uint8Array(image.bytes)], { type: image.contentType }), `image.${ext}`);
      const data = await call(
        () => http.post(`${trimSlash(auth.baseUrl)}/kakaoWebhook/v3/bzc/image/upload`, form, { headers: headers(auth) }),
        (code) => String(code) === '0000' || Number(code) === 0,
      );
      const url = readApiReply(data)?.image;
      if (!url) throw new ChannelSendError('kakao-counsel image upload answered without an image URL', true);
      return url;
    },
    async fetchImage(url) {
      let res: AxiosResponse<ArrayBuffer>;
      try {
        res = await http.get<ArrayBuffer>(url, { responseType: 'arraybuffer', maxContentLength: COUNSEL_IMAGE_MAX_BYTES, maxRedirects: 2 });
      } catch (err) {
        throw new ChannelSendError(`the image to send could not be read (${axios.isAxiosError(err) ? (err.code ?? err.message) : 'error'})`, true);
      }
      if (res.status !== 200) throw new ChannelSendError(`the image to send could not be read (HTTP ${res.status})`, res.status >= 500);
      const type = res.headers['content-type'];
      const contentType = typeof type === 'string' && type.startsWith('image/png') ? 'image/png' : 'image/jpeg';
      return { bytes: Buffer.from(res.data), contentType };
    },
  };
}
