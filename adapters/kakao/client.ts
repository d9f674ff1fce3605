// The only file that talks HTTP to Kakao. Statuses are classified by the caller, so every answer
// resolves; only a request that got no answer (timeout, refused, reset) throws, as retryable.
import axios, { AxiosError } from 'axios';
import { ChannelSendError } from '../../src/domain/errors.js';

export const KAKAO_DEFAULT_API_BASE_URL = 'https://bot-api.kakao.com';
export const KAKAO_HTTP_TIMEOUT_MS = 5_000;

export interface KakaoHttpReply {
  status: number;
  data: unknown;
  retryAfter: string | undefined;
}

const http = axios.create({ validateStatus: () => true, maxRedirects: 0 });

export async function postKakaoJson(
  url: string,
  body: unknown,
  options: { timeoutMs: number; authorization?: string },
): Promise<KakaoHttpReply> {
  try {
    const res = await http.post<unknown>(url, body, {
      timeout: options.timeoutMs,
      signal: AbortSignal.timeout(options.timeoutMs),
      headers: {
        'Content-Type': 'application/json',
        ...(options.authorization ? { Authorization: options.authorization } : {}),
      },
    });
    const retryAfter: unknown = res.headers['retry-after'];
    return { status: res.status, data: res.data, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined };
  } catch (err) {
    const code = err instanceof AxiosError ? (err.code ?? 'network_error') : 'network_error';
    const what = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED' ? 'timed out' : 'failed';
    throw new ChannelSendError(`kakao request ${what} (${code})`, true, null, code);
  }
}
