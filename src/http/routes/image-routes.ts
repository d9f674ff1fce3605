// Image uploads (api.md "Integrators") and the public URLs Kakao, TalkTalk and browsers fetch.
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { NotFoundError } from '../../domain/errors.js';
import { imageTooLarge } from '../../infra/images/image-errors.js';
import { imageResponseHeaders } from '../../infra/images/image-http-headers.js';
import { MAX_IMAGE_BYTES } from '../../infra/images/inspect-upload.js';
import { processImageUpload } from '../../infra/images/process-upload.js';
import type { ImageVariant, StoredImage } from '../../infra/stores/image-store.redis.js';
import type { HttpDeps } from '../deps.js';
import { def, type RouteDef } from '../route-def.js';
import { requireWorkspace } from './workspace-routes.js';

// Any declared type reaches the pipeline, which answers 415 with a message naming the type.
const rawParser = express.raw({ type: () => true, limit: MAX_IMAGE_BYTES });

interface BodyParserError {
  type?: string;
  length?: number;
  received?: number;
}

/**
 * The route's own body reader: a declared Content-Length above the limit is refused before a
 * byte is read (body-parser would drain the whole body before answering), and body-parser's
 * own `entity.too.large` (chunked bodies) speaks the pipeline's `image_too_large`.
 */
function rawImageBody(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_IMAGE_BYTES) {
      next(imageTooLarge(declared, MAX_IMAGE_BYTES));
      return;
    }
    rawParser(req, res, (err?: unknown) => {
      const e = err as BodyParserError | undefined;
      if (e?.type === 'entity.too.large') {
        next(imageTooLarge(e.length ?? e.received ?? MAX_IMAGE_BYTES + 1, MAX_IMAGE_BYTES));
        return;
      }
      next(err);
    });
  };
}

/** The 201 answer of an upload (api.md). */
export interface ImageView {
  id: string;
  url: string;
  width: number;
  height: number;
  bytes: number;
  kakao: { width: number; height: number; url: string; fixedRatio: boolean };
}

export function imageRoutes(deps: HttpDeps): RouteDef[] {
  const images = deps.services.images;

  function view(image: StoredImage): ImageView {
    const { url, kakaoUrl } = images.urls(image.id);
    return {
      id: image.id,
      url,
      width: image.original.width,
      height: image.original.height,
      bytes: image.original.bytes,
      kakao: { width: image.kakao.width, height: image.kakao.height, url: kakaoUrl, fixedRatio: image.kakao.fixedRatio },
    };
  }

  function serve(variant: ImageVariant): RequestHandler<{ id: string }> {
    return async (req: Request<{ id: string }>, res: Response): Promise<void> => {
      const found = await images.read(req.params.id, variant);
      if (!found) throw new NotFoundError(`Image ${req.params.id}`, 'image_not_found');
      const etag = found.image[variant].etag;
      res.set(imageResponseHeaders({ bytes: found.bytes, etag }, found.image.contentType));
      // res.send answers 304 itself when If-None-Match matches the ETag just set.
      res.send(found.bytes);
    };
  }

  const servedResponses = { 200: 'the image bytes (JPEG or PNG, as uploaded)', 304: 'not modified', 404: 'unknown image' };

  return [
    def(
      { method: 'post', path: '/v1/workspaces/:ws/images', operationId: 'uploadImage',
        summary: 'Upload a JPEG or PNG (the raw file as the body, at most 2 MiB); stores it and its Kakao 500 px copy',
        tag: 'integrators', auth: 'admin', scope: 'settings', bodyType: 'image/jpeg',
        responses: { 201: '{id, url, width, height, bytes, kakao: {width, height, url, fixedRatio}}',
          400: 'empty or undecodable', 401: 'no token', 404: 'unknown workspace', 413: 'larger than 2 MiB or too many pixels',
          415: 'not a JPEG or PNG' } },
      // the workspace first, so an upload to a wrong path is refused before its body is read
      async (req: Request<{ ws: string }>, _res: Response, next: NextFunction) => {
        await requireWorkspace(deps, req.params.ws);
        next();
      },
      rawImageBody(),
      async (req: Request<{ ws: string }>, res: Response) => {
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const processed = await processImageUpload(body, req.headers['content-type']);
        const image = await images.save(req.params.ws, processed, deps.now());
        req.log.info({ workspaceId: req.params.ws, imageId: image.id, bytes: image.original.bytes }, 'image stored');
        const answer = view(image);
        res.status(201).location(answer.url).json(answer);
      },
    ),
    def(
      { method: 'get', path: '/images/:id', operationId: 'getImage', summary: 'An uploaded image, metadata stripped (public, immutable)',
        tag: 'customers', auth: 'none', produces: 'image/jpeg', responses: servedResponses },
      serve('original'),
    ),
    def(
      { method: 'get', path: '/images/:id/kakao', operationId: 'getKakaoImage', summary: 'The Kakao copy of an image: width 500, height 250–500 (public, immutable)',
        tag: 'customers', auth: 'none', produces: 'image/jpeg', responses: servedResponses },
      serve('kakao'),
    ),
  ];
}
