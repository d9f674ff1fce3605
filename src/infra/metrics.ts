// Prometheus metrics (prom-client): one registry per gateway process.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface HttpMetrics {
  observe(method: string, route: string, status: number, seconds: number): void;
}

export interface Metrics extends HttpMetrics {
  readonly registry: Registry;
  readonly webhooks: Counter<'channel' | 'outcome'>;
  readonly sends: Counter<'channel' | 'outcome'>;
  readonly sendLatency: Histogram<'channel'>;
  readonly inboundLag: Histogram<'channel'>;
  readonly formSubmissions: Counter<'outcome'>;
  readonly webhookDeliveries: Counter<'endpoint' | 'outcome'>;
  readonly webhookLatency: Histogram<'endpoint'>;
  readonly webhookOldestUndelivered: Gauge<'endpoint'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'talkgate_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'talkgate_http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return {
    registry,
    observe(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, seconds);
    },
    webhooks: new Counter({
      name: 'talkgate_webhooks_total',
      help: 'Platform webhook calls by channel type and outcome (recorded, duplicate, or a refusal reason)',
      labelNames: ['channel', 'outcome'] as const,
      registers: [registry],
    }),
    sends: new Counter({
      name: 'talkgate_outbound_sends_total',
      help: 'Outbound send attempts by channel type and outcome',
      labelNames: ['channel', 'outcome'] as const,
      registers: [registry],
    }),
    sendLatency: new Histogram({
      name: 'talkgate_outbound_send_duration_seconds',
      help: 'Platform call latency per send attempt',
      labelNames: ['channel'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    inboundLag: new Histogram({
      name: 'talkgate_inbound_processing_lag_seconds',
      help: 'Time from webhook receipt to the end of processing',
      labelNames: ['channel'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    formSubmissions: new Counter({
      name: 'talkgate_form_submissions_total',
      help: 'Profile form submissions by outcome',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: 'talkgate_webhook_deliveries_total',
      help: 'Webhook delivery attempts by endpoint and outcome (delivered, retry, failed, disabled)',
      labelNames: ['endpoint', 'outcome'] as const,
      registers: [registry],
    }),
    webhookLatency: new Histogram({
      name: 'talkgate_webhook_delivery_latency_seconds',
      help: 'Time from an event to its 2xx answer, retries included',
      labelNames: ['endpoint'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 7200, 36000],
      registers: [registry],
    }),
    webhookOldestUndelivered: new Gauge({
      name: 'talkgate_webhook_oldest_undelivered_seconds',
      help: 'Age of the oldest event not yet delivered (nor given up) per endpoint; 0 when none waits',
      labelNames: ['endpoint'] as const,
      registers: [registry],
    }),
  };
}
