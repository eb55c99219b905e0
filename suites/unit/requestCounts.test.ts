// The harness's own requests are named as the API server's apiserver_request_total names them, so that the two can
// be subtracted key by key.
import { describe, expect, test } from 'vitest';
import { RequestCounts, requestKey } from '../../framework/kube/requestCounts.js';
import { othersOf } from '../../framework/measure/apiServerRequests.js';

describe('requestKey', () => {
  test.each([
    ['POST', '/apis/gateway.networking.k8s.io/v1/namespaces/a/httproutes', undefined, 'POST httproutes'],
    ['GET', '/apis/gateway.networking.k8s.io/v1/namespaces/a/httproutes?labelSelector=x', undefined, 'LIST httproutes'],
    ['GET', '/apis/gateway.networking.k8s.io/v1/namespaces/a/httproutes?labelSelector=x&watch=true&resourceVersion=5', undefined, 'WATCH httproutes'],
    ['GET', '/apis/gateway.networking.k8s.io/v1/namespaces/a/gateways/g', undefined, 'GET gateways'],
    ['PATCH', '/apis/gateway.networking.k8s.io/v1/namespaces/a/gateways/g', 'application/merge-patch+json', 'PATCH gateways'],
    ['PATCH', '/apis/gateway.networking.k8s.io/v1/namespaces/a/gateways/g/status', 'application/merge-patch+json', 'PATCH gateways/status'],
    ['PATCH', '/api/v1/namespaces/a/services/s?fieldManager=m&force=true', 'application/apply-patch+yaml', 'APPLY services'],
    ['DELETE', '/api/v1/namespaces/a/services/s', undefined, 'DELETE services'],
    ['DELETE', '/api/v1/namespaces/a/services?labelSelector=x', undefined, 'DELETE services'],
    ['GET', '/api/v1/namespaces?labelSelector=x', undefined, 'LIST namespaces'],
    ['POST', '/api/v1/namespaces', undefined, 'POST namespaces'],
    ['DELETE', '/api/v1/namespaces/a', undefined, 'DELETE namespaces'],
    ['PUT', '/api/v1/namespaces/a/finalize', undefined, 'PUT namespaces/finalize'],
    ['GET', '/api/v1/nodes/n', undefined, 'GET nodes'],
    ['POST', '/apis/discovery.k8s.io/v1/namespaces/a/endpointslices', undefined, 'POST endpointslices'],
    ['GET', '/metrics', undefined, 'GET (non-resource)'],
    ['GET', '/version', undefined, 'GET (non-resource)'],
    ['GET', '/apis/gateway.networking.k8s.io/v1', undefined, 'GET (non-resource)'],
  ])('%s %s -> %s', (method, path, contentType, key) => {
    expect(requestKey(method, path, contentType)).toBe(key);
  });

  test('counts accumulate by key; a snapshot is a copy', () => {
    const counts = new RequestCounts();
    counts.count('POST', '/api/v1/namespaces');
    const before = counts.snapshot();
    counts.count('POST', '/api/v1/namespaces');
    counts.count('GET', '/api/v1/namespaces?watch=true');
    expect(Object.fromEntries(before)).toEqual({ 'POST namespaces': 1 });
    expect(Object.fromEntries(counts.snapshot())).toEqual({ 'POST namespaces': 2, 'WATCH namespaces': 1 });
  });
});

describe('othersOf', () => {
  test("the server's count minus the harness's, per key the server counted; negative shares show", () => {
    expect(
      othersOf(
        { 'POST httproutes': 100, 'PATCH httproutes/status': 40, 'LIST httproutes': 1 },
        { 'POST httproutes': 100, 'LIST httproutes': 2, 'GET (non-resource)': 3 },
      ),
    ).toEqual({
      'PATCH httproutes/status': 40,
      'LIST httproutes': -1,
    });
  });
});
