// The harness names itself on every request (User-Agent) and as the fieldManager of every write, checked against a
// local HTTP server that records what KubeHttp and its watch send.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KubeHttp } from '../../framework/kube/http.js';
import { FIELD_MANAGER, withFieldManager } from '../../framework/kube/userAgent.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const seen: { method: string; url: string; userAgent: string | undefined }[] = [];
const server = createServer((request: IncomingMessage, response) => {
  seen.push({ method: request.method ?? '', url: request.url ?? '', userAgent: request.headers['user-agent'] });
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json' });
    if (request.url?.includes('watch=true')) response.end('{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"2"}}}\n');
    else response.end('{"metadata":{"resourceVersion":"1"},"items":[]}');
  });
});
let http: KubeHttp;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  http = KubeHttp.fromConnection({ server: `http://127.0.0.1:${port}`, headers: { authorization: 'Bearer t' }, rejectUnauthorized: false });
});
afterAll(async () => {
  await http.close();
  server.close();
});

describe('KubeHttp names the harness', () => {
  test('every request carries the User-Agent with the package version; every write (and only writes) a fieldManager', async () => {
    const path = '/apis/gateway.networking.k8s.io/v1/namespaces/ns/httproutes';
    await http.get(path);
    await http.create(path, { metadata: { name: 'r' } });
    await http.mergePatch(`${path}/r`, { metadata: { labels: { a: 'b' } } });
    await http.mergePatchStatus(`${path}/r`, { status: {} });
    await http.request('PUT', `${path}/r?dryRun=All`, { metadata: { name: 'r' } });
    await http.apply(`${path}/r`, { metadata: { name: 'r' } }, 'crd-installer');
    await http.delete(`${path}/r`);
    const watch = await http.watch(`${path}?watch=true`, () => {}, new AbortController().signal);
    await watch.done;

    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET ${path}`,
      `POST ${path}?fieldManager=${FIELD_MANAGER}`,
      `PATCH ${path}/r?fieldManager=${FIELD_MANAGER}`,
      `PATCH ${path}/r/status?fieldManager=${FIELD_MANAGER}`,
      `PUT ${path}/r?dryRun=All&fieldManager=${FIELD_MANAGER}`,
      // Server-side apply names its own manager: not overridden, not doubled.
      `PATCH ${path}/r?fieldManager=crd-installer&force=true`,
      `DELETE ${path}/r`,
      `GET ${path}?watch=true`,
    ]);
    for (const request of seen)
      expect(request.userAgent, `${request.method} ${request.url}`).toMatch(new RegExp(`^gateway-loadtest/${version.replace(/\./g, '\\.')} \\(node v`));
  });

  test('withFieldManager leaves reads alone and adds the manager to writes once', () => {
    expect(withFieldManager('GET', '/x?a=1')).toBe('/x?a=1');
    expect(withFieldManager('DELETE', '/x')).toBe('/x');
    expect(withFieldManager('patch', '/x')).toBe('/x?fieldManager=gateway-loadtest');
    expect(withFieldManager('POST', '/x?fieldManager=other')).toBe('/x?fieldManager=other');
  });
});
