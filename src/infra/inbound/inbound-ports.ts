// InboundPorts: what an adapter may fetch and store while the worker completes an event — the
// full text behind a long message's preview, a photo copied into our image store (through the
// same sharp pipeline as uploads, so an agent still sees it after the platform's URL expired).
import axios from 'axios';
import type { InboundPorts } from '../../domain/adapter-port.js';
import type { Logger } from '../logger.js';
import { processImageUpload } from '../images/process-upload.js';
import type { RedisImageStore } from '../stores/image-store.redis.js';

/** largest photo a customer may send that we copy (the fetch stops there too) */
export const INBOUND_IMAGE_MAX_BYTES = 20 * 1024 * 1024;

export function createInboundPorts(deps: { images: RedisImageStore; timeoutMs: number; log: Logger; now(): Date }): InboundPorts {
  const http = axios.create({ timeout: deps.timeoutMs, validateStatus: (s) => s === 200, maxRedirects: 2, responseType: 'arraybuffer' });
  return {
    async fetchBytes(url, maxBytes) {
      try {
        const { protocol } = new URL(url);
        if (protocol !== 'https:' && protocol !== 'http:') return null;
        const res = await http.get<ArrayBuffer>(url, { maxContentLength: maxBytes });
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
