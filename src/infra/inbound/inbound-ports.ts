// InboundPorts: what an adapter may fetch and store while the worker completes an event — the
// full text behind a long message's preview, a photo copied into our image store (through the
// same sharp pipeline as uploads, so an agent still sees it after the platform's URL expired).
// A link comes from the platform's payload, so it is fetched under the outbound-URL rules
// (channels.md, integration.md): https, no private target, also not through a redirect.
import axios, { type AxiosResponse } from 'axios';
import type { InboundPorts } from '../../domain/adapter-port.js';
import type { Logger } from '../logger.js';
import { processImageUpload } from '../images/process-upload.js';
import type { RedisImageStore } from '../stores/image-store.redis.js';
import { TargetRefusedError, type TargetGuard } from '../target-guard.js';

/** largest photo a customer may send that we copy (the fetch stops there too) */
export const INBOUND_IMAGE_MAX_BYTES = 20 * 1024 * 1024;
const MAX_REDIRECTS = 2;

export function createInboundPorts(deps: {
  images: RedisImageStore;
  timeoutMs: number;
  log: Logger;
  now(): Date;
  guard: Pick<TargetGuard, 'checkShape' | 'lookup'>;
}): InboundPorts {
  // redirects are followed here, each hop checked like the first link
  const http = axios.create({ timeout: deps.timeoutMs, validateStatus: () => true, maxRedirects: 0, responseType: 'arraybuffer' });

  async function get(url: string, maxBytes: number, hopsLeft: number): Promise<AxiosResponse<ArrayBuffer>> {
    const { protocol } = new URL(url);
    if (protocol !== 'https:' && protocol !== 'http:') throw new TargetRefusedError(`a ${protocol} link is not fetched`);
    const shape = deps.guard.checkShape(url);
    if (!shape.ok) throw new TargetRefusedError(`the link is not an allowed target: ${shape.reason}`);
    const res = await http.get<ArrayBuffer>(url, { maxContentLength: maxBytes, ...(deps.guard.lookup ? { lookup: deps.guard.lookup } : {}) });
    const location: unknown = res.headers['location'];
    if (res.status >= 300 && res.status < 400 && typeof location === 'string' && hopsLeft > 0) return get(new URL(location, url).href, maxBytes, hopsLeft - 1);
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    return res;
  }

  return {
    async fetchBytes(url, maxBytes) {
      try {
        const res = await get(url, maxBytes, MAX_REDIRECTS);
        const type = res.headers['content-type'];
        return { bytes: Buffer.from(res.data), contentType: typeof type === 'string' ? type : null };
      } catch (err) {
        deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'inbound attachment fetch failed');
        return null;
      }
    },
    async storeImage(workspaceId, bytes) {
      try {
        // a customer's phone photo may exceed the 2 MiB upload limit of integrators' images
        const processed = await processImageUpload(bytes, undefined, { maxBytes: INBOUND_IMAGE_MAX_BYTES });
        const image = await deps.images.save(workspaceId, processed, deps.now());
        return deps.images.urls(image.id).url;
      } catch (err) {
        deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'inbound image refused by the image pipeline');
        return null;
      }
    },
  };
}
