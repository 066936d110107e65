import { defaultHttpInstance, type HttpInstance, type HttpRequestOptions } from '@larksuiteoapi/node-sdk';

/**
 * The SDK's own HTTP instance (its response unwrapping and User-Agent) with a timeout on every call,
 * token requests included. The SDK sets none, so a stalled Lark would hold a call, and the queue job
 * making it, forever; timed out, the call fails and the job is retried with backoff.
 */
export function larkHttpWithTimeout(timeoutMs: number): HttpInstance {
  const timed = <D>(opts?: HttpRequestOptions<D>): HttpRequestOptions<D> => ({ ...opts, timeout: opts?.timeout ?? timeoutMs });
  return {
    request: (opts) => defaultHttpInstance.request(timed(opts)),
    get: (url, opts) => defaultHttpInstance.get(url, timed(opts)),
    delete: (url, opts) => defaultHttpInstance.delete(url, timed(opts)),
    head: (url, opts) => defaultHttpInstance.head(url, timed(opts)),
    options: (url, opts) => defaultHttpInstance.options(url, timed(opts)),
    post: (url, data, opts) => defaultHttpInstance.post(url, data, timed(opts)),
    put: (url, data, opts) => defaultHttpInstance.put(url, data, timed(opts)),
    patch: (url, data, opts) => defaultHttpInstance.patch(url, data, timed(opts)),
  };
}
