// The watch's protocol handling against a local HTTP server that plays the API server's part exactly where the
// real one cannot be made to on demand: a watch that ends, a 410 Gone as an ERROR event, and a 410 on opening.
// (Everything else about the watch runs against the real API server in the other suites.)
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { KubeHttp } from '../../framework/kube/http.js';
import { CollectionWatch, type WatchEvent } from '../../framework/kube/watch.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;
let server: Server | undefined;
let http: KubeHttp | undefined;

afterEach(async () => {
  await http?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

async function serve(handler: Handler): Promise<KubeHttp> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  http = KubeHttp.fromConnection({ server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, headers: {}, rejectUnauthorized: true });
  return http;
}

const object = (name: string, resourceVersion: string) => ({ metadata: { name, namespace: 'ns', resourceVersion } });
const line = (value: unknown) => `${JSON.stringify(value)}\n`;

function collect() {
  const events: string[] = [];
  let notify: () => void = () => {};
  const onEvent = (event: WatchEvent<{ metadata?: { name?: string } }>) => {
    events.push(`${event.type} ${event.object.metadata?.name}`);
    notify();
  };
  const until = (count: number) =>
    new Promise<void>((resolve) => {
      notify = () => events.length >= count && resolve();
      notify();
    });
  return { events, onEvent, until };
}

describe('CollectionWatch', () => {
  test('resumes from the last resourceVersion when a stream ends, and relists after a 410 ERROR event', async () => {
    const watchVersions: string[] = [];
    let lists = 0;
    const kube = await serve((request, response) => {
      const url = new URL(request.url ?? '', 'http://x');
      if (url.searchParams.get('watch') !== 'true') {
        lists++;
        response.end(
          JSON.stringify(
            lists === 1 ? { metadata: { resourceVersion: '1' }, items: [object('a', '1')] } : { metadata: { resourceVersion: '9' }, items: [object('b', '8')] },
          ),
        );
        return;
      }
      const from = url.searchParams.get('resourceVersion') ?? '';
      watchVersions.push(from);
      if (from === '1')
        response.end(line({ type: 'MODIFIED', object: object('a', '2') })); // then the stream ends
      else if (from === '2') response.end(line({ type: 'ERROR', object: { kind: 'Status', code: 410, message: 'too old resource version' } }));
      else response.write(line({ type: 'ADDED', object: object('c', '10') })); // and stays open
    });
    const { events, onEvent, until } = collect();
    const watch = new CollectionWatch(kube, '/api/v1/namespaces/ns/configmaps', undefined, onEvent);
    await watch.start();
    await until(5);
    watch.stop();
    expect(events).toEqual(['ADDED a', 'MODIFIED a', 'ADDED b', 'DELETED a', 'ADDED c']);
    expect(watchVersions).toEqual(['1', '2', '9']);
    expect([...watch.objects().keys()].sort()).toEqual(['ns/b', 'ns/c']);
  });

  test('decodes events split anywhere, even inside a multi-byte character, and several events in one write', async () => {
    const names = ['é€😀-1', 'ascii-2', 'ü-3'];
    const kube = await serve((request, response) => {
      if (new URL(request.url ?? '', 'http://x').searchParams.get('watch') !== 'true') {
        response.end(JSON.stringify({ metadata: { resourceVersion: '1' }, items: [] }));
        return;
      }
      const bytes = Buffer.from(
        line({ type: 'ADDED', object: object(names[0] ?? '', '2') }) +
          names
            .slice(1)
            .map((name, i) => line({ type: 'ADDED', object: object(name, String(3 + i)) }))
            .join(''),
      );
      // The first event one byte per write (its 4-byte emoji split four ways), the other two in a single write.
      const first = bytes.indexOf('\n') + 1;
      let offset = 0;
      const next = () => {
        if (offset < first) response.write(bytes.subarray(offset, ++offset), () => setImmediate(next));
        else response.write(bytes.subarray(first));
      };
      next();
    });
    const { events, onEvent, until } = collect();
    const watch = new CollectionWatch(kube, '/api/v1/namespaces/ns/configmaps', undefined, onEvent);
    await watch.start();
    await until(3);
    watch.stop();
    expect(events).toEqual(names.map((name) => `ADDED ${name}`));
  });

  test('relists when opening the watch answers 410 Gone', async () => {
    let lists = 0;
    const kube = await serve((request, response) => {
      const url = new URL(request.url ?? '', 'http://x');
      if (url.searchParams.get('watch') !== 'true') {
        lists++;
        response.end(JSON.stringify({ metadata: { resourceVersion: String(lists * 10) }, items: [object(`v${lists}`, String(lists * 10))] }));
      } else if (url.searchParams.get('resourceVersion') === '10') {
        response.statusCode = 410;
        response.end(JSON.stringify({ kind: 'Status', reason: 'Expired', message: 'too old resource version', code: 410 }));
      } else {
        response.write(line({ type: 'BOOKMARK', object: object('', '21') }));
      }
    });
    const { events, onEvent, until } = collect();
    const watch = new CollectionWatch(kube, '/api/v1/namespaces/ns/configmaps', 'app=x', onEvent);
    await watch.start();
    await until(3);
    watch.stop();
    expect(events).toEqual(['ADDED v1', 'ADDED v2', 'DELETED v1']);
    expect(lists).toBe(2);
  });
});
