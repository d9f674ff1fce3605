// Loaded by mocha before every spec file: platforms are faked with nock, only loopback is real,
// and the private test Redis is stopped when the run ends.
import './helpers/node20-polyfills.js';
import nock from 'nock';
import { stopTestRedis } from './helpers/redis-harness.js';

nock.disableNetConnect();
nock.enableNetConnect((host) => /^(127\.0\.0\.1|localhost|\[::1\]|::1)(:\d+)?$/.test(host));

export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopTestRedis();
  },
};
