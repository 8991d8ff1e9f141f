// A scripted fetch for SDK unit tests: each call takes the next step, and every request
// is recorded so tests can look at headers and bodies.

export interface RecordedRequest {
  url: string;
  headers: Record<string, string>;
  body: { query: string; variables: Record<string, any>; operationName?: string };
}

export type Step =
  | { status?: number; json?: unknown; text?: string; headers?: Record<string, string> }
  | { throws: Error }
  | { hang: true };

export function fakeFetch(steps: Step[]) {
  const requests: RecordedRequest[] = [];
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    requests.push({ url, headers: { ...(init.headers as Record<string, string>) }, body: JSON.parse(init.body as string) });
    const step = steps.shift();
    if (!step) throw new Error('fakeFetch: no step left for this request');
    if ('throws' in step) throw step.throws;
    if ('hang' in step) {
      return new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(Object.assign(new Error('This operation was aborted'), { name: 'AbortError' })));
      });
    }
    const body = step.text ?? JSON.stringify(step.json ?? { data: {} });
    return new Response(body, { status: step.status ?? 200, headers: { 'content-type': 'application/json', ...step.headers } });
  };
  return { fetch, requests };
}

export const ok = (data: unknown, headers?: Record<string, string>): Step => ({ json: { data }, headers });
