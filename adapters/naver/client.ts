// HTTP to the TalkTalk gateway. TalkTalk answers HTTP 200 even when it refuses a send, so the
// verdict is in the body's resultCode; every failure is classified here, once.
import axios, { type AxiosResponse } from 'axios';
import { ChannelSendError } from '../../src/domain/errors.js';
import { checkNaverApiResult, type NaverApiResult } from './schema.js';
import type { NaverSendBody } from './wire-types.js';

export const NAVER_DEFAULT_API_BASE_URL = 'https://gw.talk.naver.com';
export const NAVER_SEND_TIMEOUT_MS = 5_000;

export type ImageUploadOutcome =
  | { ok: true; imageId: string }
  | { ok: false; reason: string; resultCode: string | null };

export interface NaverClient {
  /** resolves when TalkTalk accepted the event; throws ChannelSendError otherwise */
  postEvent(baseUrl: string, authorizationKey: string, body: NaverSendBody): Promise<void>;
  /** never throws: a failed upload only means the send falls back to imageUrl */
  uploadImage(baseUrl: string, authorizationKey: string, imageUrl: string): Promise<ImageUploadOutcome>;
}

export function createNaverClient(options: { timeoutMs?: number } = {}): NaverClient {
  const http = axios.create({
    timeout: options.timeoutMs ?? NAVER_SEND_TIMEOUT_MS,
    validateStatus: () => true,
    // A redirect would replay the POST elsewhere; a 3xx means apiBaseUrl is wrong.
    maxRedirects: 0,
  });

  async function post(url: string, authorizationKey: string, body: unknown): Promise<AxiosResponse<unknown>> {
    // Serialised here so the bytes on the wire are exactly JSON.stringify(body).
    return http.post<unknown>(url, JSON.stringify(body), {
      headers: { 'Content-Type': 'application/json;charset=UTF-8', Authorization: authorizationKey },
    });
  }

  return {
    async postEvent(baseUrl, authorizationKey, body) {
      let res: AxiosResponse<unknown>;
      try {
        res = await post(`${trimSlash(baseUrl)}/chatbot/v1/event`, authorizationKey, body);
      } catch (err) {
        throw transportError(err);
      }
      const failure = classifyEventReply(res.status, headerText(res.headers['retry-after']), res.data);
      if (failure) throw failure;
    },

    async uploadImage(baseUrl, authorizationKey, imageUrl) {
      try {
        const res = await post(`${trimSlash(baseUrl)}/chatbot/v1/imageUpload`, authorizationKey, { imageUrl });
        if (res.status !== 200) return { ok: false, reason: `HTTP ${res.status}`, resultCode: null };
        const checked = checkNaverApiResult(res.data);
        if (!checked.ok) return { ok: false, reason: 'unreadable reply', resultCode: null };
        const { resultCode, resultMessage, imageId } = checked.value;
        if (resultCode === '00' && imageId) return { ok: true, imageId };
        return { ok: false, reason: resultMessage ?? 'no imageId', resultCode: resultCode ?? null };
      } catch (err) {
        return { ok: false, reason: err instanceof Error ? err.message : 'upload failed', resultCode: null };
      }
    },
  };
}

/** null when TalkTalk accepted the event; otherwise the classified error. */
export function classifyEventReply(status: number, retryAfter: string | undefined, data: unknown): ChannelSendError | null {
  if (status === 429) {
    return new ChannelSendError('TalkTalk throttled the send (HTTP 429).', true, status, null, parseRetryAfterMs(retryAfter));
  }
  if (status >= 500 || status === 408) {
    return new ChannelSendError(`TalkTalk is unavailable (HTTP ${status}).`, true, status);
  }
  if (status !== 200) {
    return new ChannelSendError(`TalkTalk refused the request (HTTP ${status}); check apiBaseUrl.`, false, status);
  }
  const checked = checkNaverApiResult(data);
  if (!checked.ok) {
    // Not TalkTalk's JSON (a proxy page?): the send may not have happened; try again.
    return new ChannelSendError('TalkTalk answered with an unreadable reply.', true, status);
  }
  return classifyResult(checked.value, status);
}

function classifyResult(result: NaverApiResult, status: number): ChannelSendError | null {
  const { resultCode, resultMessage, success } = result;
  if (resultCode === '00' || (resultCode === undefined && success === true)) return null;
  const code = resultCode ?? null;
  const detail = `resultCode ${code ?? '(none)'}${resultMessage ? `: ${resultMessage}` : ''}`;
  switch (true) {
    case code === '01':
      return new ChannelSendError(`TalkTalk rejected the authorization key (${detail}).`, false, status, code);
    case code === '02':
      return new ChannelSendError(`TalkTalk could not parse the event (${detail}).`, false, status, code);
    case code === '99' && (resultMessage ?? '').includes('잘못된 user'):
      return new ChannelSendError(`TalkTalk does not know this user (${detail}).`, false, status, code);
    // IMG-02 is a download timeout; other IMG-* (format, size) will fail the same way again.
    case code === 'IMG-02':
      return new ChannelSendError(`TalkTalk could not fetch the image in time (${detail}).`, true, status, code);
    case code !== null && code.startsWith('IMG-'):
      return new ChannelSendError(`TalkTalk refused the image (${detail}).`, false, status, code);
    default:
      return new ChannelSendError(`TalkTalk failed the send (${detail}).`, true, status, code);
  }
}

function transportError(err: unknown): ChannelSendError {
  const code = axios.isAxiosError(err) ? (err.code ?? null) : null;
  if (code === 'ERR_INVALID_URL') {
    return new ChannelSendError('The channel apiBaseUrl is not a valid URL.', false, null, null);
  }
  const what = code === 'ECONNABORTED' || code === 'ETIMEDOUT' ? 'timed out' : 'could not be reached';
  return new ChannelSendError(`TalkTalk ${what} (${code ?? 'network error'}).`, true, null, null);
}

/** Retry-After is delta-seconds or an HTTP date. */
export function parseRetryAfterMs(value: string | undefined, now: number = Date.now()): number | null {
  if (value === undefined || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function headerText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
