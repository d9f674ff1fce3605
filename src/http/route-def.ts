// Routes are declared as data: the same list registers express handlers and produces the
// OpenAPI document, so /openapi.json cannot drift from what the server really answers.
import type { RequestHandler } from 'express';
import type { TSchema } from '@sinclair/typebox';
import type { ApiScope } from '../domain/api-scopes.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type RouteAuth = 'admin' | 'none' | 'platform' | 'visitor' | 'form-token';

/** a documented response: a description, and for JSON answers the body's schema */
export interface ResponseDoc {
  description: string;
  /** a `title` (or `$id`) names it under components.schemas; otherwise it is named after the operation */
  schema?: TSchema;
}

export interface RouteDef {
  method: HttpMethod;
  /** express path, e.g. /v1/workspaces/:ws/settings */
  path: string;
  summary: string;
  /** stable camelCase name for client generators; derived from method and path when absent */
  operationId?: string;
  tag: string;
  auth: RouteAuth;
  /** the workspace API key scope an `admin` route under /v1/workspaces/:ws needs (integration.md) */
  scope?: ApiScope;
  /** an operator page: a browser may open it with the operator login session instead of the header */
  browserSession?: boolean;
  /** request body schema (JSON) for the document; validation happens in the handler */
  body?: TSchema;
  /** request body content type when not JSON (images, forms) */
  bodyType?: string;
  query?: Record<string, string>;
  responses: Record<number, string | ResponseDoc>;
  /** response content type when not JSON */
  produces?: string;
  handlers: RequestHandler[];
}

/** Declares a route; handlers may type their path params (`Request<{ ws: string }>`). */
export function def<P extends Record<string, string>>(
  d: Omit<RouteDef, 'handlers'>,
  ...handlers: RequestHandler<P>[]
): RouteDef {
  // express matches the params to the path at run time; the generic only narrows their type
  return { ...d, handlers: handlers as unknown as RequestHandler[] };
}
