// A minimal Server-Sent Events reader over fetch, for tests.
export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

export interface SseClient {
  events: SseEvent[];
  comments: string[];
  status: number;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const ctrl = new AbortController();
  const res = await fetch(url, { headers, signal: ctrl.signal });
  const client: SseClient = { events: [], comments: [], status: res.status, close: () => ctrl.abort() };
  if (!res.body) return client;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += decoder.decode(value, { stream: true });
        let idx;
        while ((idx = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, idx);
          buf = buf.slice(idx + 2);
          const ev: SseEvent = { data: '' };
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) client.comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) ev.id = line.slice(4);
            else if (line.startsWith('event: ')) ev.event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length) {
            ev.data = data.join('\n');
            client.events.push(ev);
          }
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return client;
}
