// Worker side of an inbound message: what the relay only linked to is fetched now. A long text
// (over 1,000 characters) arrives as a 300-character preview plus a .txt link; a photo's URL on
// the relay expires, so it is copied into our image store. A failed fetch keeps what we have.
import type { InboundPorts } from '../../src/domain/adapter-port.js';
import type { ChannelRecord } from '../../src/domain/channel.js';
import type { InboundEvent } from '../../src/domain/inbound-event.js';

/** a long text is at most a few thousand characters; anything larger is not one */
const LONG_TEXT_MAX_BYTES = 256 * 1024;
const PHOTO_MAX_BYTES = 20 * 1024 * 1024;

function longTextUrl(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const body = raw as { type?: unknown; attachment?: { url?: unknown } };
  const url = body.attachment?.url;
  return body.type === 'text' && typeof url === 'string' && url !== '' ? url : null;
}

export async function completeCounselInbound(e: InboundEvent, channel: ChannelRecord, ports: InboundPorts): Promise<InboundEvent> {
  if (e.kind === 'message.text' && !e.media) {
    const url = longTextUrl(e.raw);
    if (!url) return e;
    const file = await ports.fetchBytes(url, LONG_TEXT_MAX_BYTES);
    const full = file ? file.bytes.toString('utf8').replace(/^\uFEFF/, '') : '';
    return full.trim() !== '' ? { ...e, text: full } : e;
  }
  if (e.kind === 'message.image') {
    const file = await ports.fetchBytes(e.imageUrl, PHOTO_MAX_BYTES);
    const stored = file ? await ports.storeImage(channel.workspaceId, file.bytes) : null;
    return stored ? { ...e, imageUrl: stored } : e;
  }
  return e;
}
