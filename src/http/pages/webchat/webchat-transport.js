// talkgate web chat v2 — talking to the gateway (channels.md "Web chat v2"): the visitor
// token, POSTed events with retries, and the SSE stream with reconnects. Plain browser JS,
// concatenated with the other webchat-*.js files by webchatClientScript().

// A POST is retried with the same eventId (the server de-duplicates on it) for about 2 min.
const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000, 30000, 30000, 30000];
const STREAM_BACKOFF_MAX_MS = 30000;

class HttpError extends Error {
  constructor(status) {
    super('HTTP ' + status);
    this.status = status;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const jitter = (ms) => Math.round(ms * (0.75 + Math.random() * 0.5));
const isPermanent = (status) => status >= 400 && status < 500 && status !== 408 && status !== 429;

function newEventId() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID exists only in secure contexts; plain http on a LAN address still works.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * opts: {channelId, onStatus(text), onUnavailable(), onMessage(data), onCardState(data)}.
 * Returns {start, send(event, onRetry) → Promise<{ok} | {ok: false, reason}>, reopenNow}.
 */
function createTransport(opts) {
  const endpoint = '/webhooks/webchat/' + encodeURIComponent(opts.channelId);
  const storageKey = 'talkgate.webchat.' + opts.channelId;
  const state = {
    token: null,
    tokenPromise: null,
    source: null,
    lastEventId: '',
    seen: new Set(),
    failures: 0,
    timer: 0,
  };
  let queue = Promise.resolve();

  // Storage throws in private modes and in third-party frames with storage blocked: then the
  // token lives for this page view only.
  const storage = {
    get: () => {
      try {
        return localStorage.getItem(storageKey);
      } catch {
        return null;
      }
    },
    set: (v) => {
      try {
        localStorage.setItem(storageKey, v);
      } catch {
        /* memory only */
      }
    },
    drop: () => {
      try {
        localStorage.removeItem(storageKey);
      } catch {
        /* memory only */
      }
    },
  };

  function post(body, token) {
    const headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    return fetch(endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    }).catch(() => null); // network failure: the event may or may not have arrived
  }

  async function hello() {
    for (let attempt = 0; ; attempt++) {
      const res = await post({ type: 'hello' });
      if (res && res.status === 201) {
        const body = await res.json().catch(() => null);
        if (body && typeof body.visitorToken === 'string') return body.visitorToken;
      }
      if (res && isPermanent(res.status)) throw new HttpError(res.status);
      opts.onStatus('연결할 수 없습니다. 다시 시도하는 중…');
      await sleep(jitter(RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]));
    }
  }

  function ensureToken() {
    if (state.token) return Promise.resolve(state.token);
    state.tokenPromise ??= hello()
      .then((token) => {
        state.token = token;
        storage.set(token);
        return token;
      })
      .finally(() => {
        state.tokenPromise = null;
      });
    return state.tokenPromise;
  }

  // The server refused the token (e.g. its signing key rotated): become a new visitor.
  async function renewToken(stale) {
    if (state.token === stale) {
      state.token = null;
      state.lastEventId = '';
      storage.drop();
      closeStream();
    }
    const token = await ensureToken();
    if (!state.source) openStream();
    return token;
  }

  async function deliver(event, onRetry) {
    let renewed = false;
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
      let token;
      try {
        token = await ensureToken();
      } catch {
        opts.onUnavailable();
        return { ok: false, reason: 'unavailable' };
      }
      const res = await post(event, token);
      // 409: an earlier try of this eventId arrived and only its answer was lost.
      if (res && (res.status === 202 || res.status === 200 || res.status === 409)) return { ok: true };
      if (res && res.status === 401 && !renewed) {
        renewed = true;
        try {
          await renewToken(token);
        } catch {
          opts.onUnavailable();
          return { ok: false, reason: 'unavailable' };
        }
        attempt--;
        continue;
      }
      if (res && isPermanent(res.status)) {
        if (res.status === 403 || res.status === 404) opts.onUnavailable();
        return { ok: false, reason: res.status === 400 ? 'invalid' : 'rejected' };
      }
      if (attempt === RETRY_DELAYS_MS.length) break;
      onRetry();
      await sleep(jitter(RETRY_DELAYS_MS[attempt]));
    }
    return { ok: false, reason: 'network' };
  }

  // Events go out one at a time, in the order the visitor made them.
  function send(event, onRetry) {
    const run = queue.then(() => deliver(event, onRetry));
    queue = run.catch(() => undefined);
    return run;
  }

  function streamUrl(token, withResume) {
    let url = `${endpoint}/stream?token=${encodeURIComponent(token)}`;
    // A new EventSource cannot send Last-Event-ID itself; the server accepts it as a query.
    if (withResume && state.lastEventId) url += '&lastEventId=' + encodeURIComponent(state.lastEventId);
    return url;
  }

  /** one SSE event (`message` or `card_state`) → handle(data), once per id */
  function onStreamEvent(event, handle) {
    if (event.lastEventId) state.lastEventId = event.lastEventId;
    let data;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    if (!data || typeof data !== 'object') return;
    if (typeof data.id === 'string' && data.id) {
      if (state.seen.has(data.id)) return; // replayed after a reconnect, or appended twice
      state.seen.add(data.id);
    }
    handle(data);
  }

  function closeStream() {
    clearTimeout(state.timer);
    if (state.source) state.source.close();
    state.source = null;
  }

  function openStream() {
    closeStream();
    if (!state.token) return;
    const token = state.token;
    const source = new EventSource(streamUrl(token, true));
    state.source = source;
    source.addEventListener('open', () => {
      state.failures = 0;
      opts.onStatus('');
    });
    source.addEventListener('message', (e) => onStreamEvent(e, opts.onMessage));
    source.addEventListener('card_state', (e) => onStreamEvent(e, opts.onCardState));
    source.addEventListener('error', () => {
      if (state.source !== source) return;
      // CONNECTING: the browser reconnects by itself with Last-Event-ID. CLOSED: the server
      // ended or refused the stream, and nobody retries unless we do.
      if (source.readyState === EventSource.CLOSED) scheduleReopen(token);
      else opts.onStatus('연결이 끊겼습니다. 다시 연결하는 중…');
    });
  }

  // EventSource hides the HTTP status; after repeated failures look at it once.
  async function streamStatus(token) {
    const abort = new AbortController();
    try {
      const res = await fetch(streamUrl(token, false), {
        headers: { Accept: 'text/event-stream' },
        credentials: 'omit',
        cache: 'no-store',
        signal: abort.signal,
      });
      return res.status;
    } catch {
      return 0;
    } finally {
      abort.abort();
    }
  }

  function scheduleReopen(token) {
    closeStream();
    state.failures += 1;
    const wait = jitter(Math.min(STREAM_BACKOFF_MAX_MS, 1000 * 2 ** Math.min(state.failures - 1, 5)));
    opts.onStatus('연결이 끊겼습니다. 다시 연결하는 중…');
    state.timer = setTimeout(async () => {
      if (state.failures >= 3) {
        const status = await streamStatus(token);
        if (status === 401) return void renewToken(token).catch(opts.onUnavailable);
        if (status === 403 || status === 404) return void opts.onUnavailable();
      }
      if (state.token === token) openStream();
    }, wait);
  }

  function reopenNow() {
    if (state.token && (!state.source || state.source.readyState === EventSource.CLOSED)) openStream();
  }

  function start() {
    state.token = storage.get();
    ensureToken().then(openStream, opts.onUnavailable);
  }

  return { start, send, reopenNow, newEventId };
}
