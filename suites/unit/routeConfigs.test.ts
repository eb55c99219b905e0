// Route detection in RouteConfigurations by each xDS controller's naming (framework/xds/routeConfigs.ts). The Istio
// shapes are copied from a dump of what pilot-discovery 1.31-dev pushed to the observer in a 20-route run.
import { describe, expect, test } from 'vitest';
import type { Route, RouteConfiguration } from '../../framework/xds/protos.js';
import { holdsHttpRoutes, httpRoutesIn, type RouteConfigs, routeConfigHas } from '../../framework/xds/routeConfigs.js';

const namespace = 'lt261128085403e78c-app';

function route(name: string, pathSeparatedPrefix: string): Route {
  return {
    name,
    match: { path_specifier: 'path_separated_prefix', path_separated_prefix: pathSeparatedPrefix, prefix: '', path: '' },
    action: 'route',
    route: { cluster: 'outbound|80||sim-service-0.lt261128085403e78c-sim.svc.cluster.local' },
    direct_response: null,
    toJSON: () => ({}),
  };
}

function configs(...configurations: Omit<RouteConfiguration, 'toJSON'>[]): RouteConfigs {
  return new Map(configurations.map((config) => [config.name, { ...config, toJSON: () => ({}) }]));
}

describe('route detection (Istio naming)', () => {
  const istio = configs({
    name: 'http.80',
    virtual_hosts: [
      { name: '0-route.example.com:80', domains: ['0-route.example.com'], routes: [route(`${namespace}.test-gateway-route-0.0`, '/test-route-0')] },
      { name: '1-route.example.com:80', domains: ['1-route.example.com'], routes: [route(`${namespace}.test-gateway-route-1.0`, '/test-route-1')] },
      // Another namespace's route on the same Gateway is not ours.
      { name: '2-route.example.com:80', domains: ['2-route.example.com'], routes: [route('other-app.test-gateway-route-2.0', '/test-route-2')] },
    ],
  });

  test('the HTTPRoute of each Envoy route "<namespace>.<route>.<rule>"', () => {
    expect([...httpRoutesIn(istio, namespace)].sort()).toEqual(['test-gateway-route-0', 'test-gateway-route-1']);
    expect(holdsHttpRoutes(namespace, 2)(istio)).toBe(true);
    expect(holdsHttpRoutes(namespace, 3)(istio)).toBe(false);
  });

  test('a route by host and path prefix (a trailing slash of the HTTPRoute is dropped, as Istio drops it)', () => {
    expect(routeConfigHas('1-route.example.com', '/test-route-1/')(istio)).toBe(true);
    expect(routeConfigHas('1-route.example.com', '/test-route-0')(istio)).toBe(false);
    expect(routeConfigHas('9-route.example.com', '/test-route-9')(istio)).toBe(false);
  });
});

describe('kgateway route names across listeners and namespaces', () => {
  test('HTTPS virtual hosts (one "~") count, and routes of namespace x-1 are not read as namespace x', () => {
    const route = (name: string) => ({ name, match: { path_specifier: 'prefix', prefix: '/' } });
    const configs = new Map([
      [
        'https-1',
        {
          name: 'https-1',
          virtual_hosts: [
            {
              name: 'https-1~4-route_example_com',
              domains: ['4-route.example.com'],
              routes: [
                route('https-1~4-route_example_com-route-0-httproute-test-gateway-route-4-lt1-app-0-0-matcher-0'),
                route('https-1~5-route_example_com-route-0-httproute-test-gateway-route-5-lt1-app-1-0-0-matcher-0'),
                route('listener~81~6-route_example_com-route-0-httproute-test-gateway-route-6-lt1-app-1-0-1-matcher-2'),
              ],
            },
          ],
        },
      ],
    ]) as unknown as RouteConfigs;
    expect([...httpRoutesIn(configs, 'lt1-app')]).toEqual(['test-gateway-route-4']);
    expect([...httpRoutesIn(configs, 'lt1-app-1')].sort()).toEqual(['test-gateway-route-5', 'test-gateway-route-6']);
    expect(holdsHttpRoutes(['lt1-app', 'lt1-app-1'], 3)(configs)).toBe(true);
    expect(holdsHttpRoutes(['lt1-app', 'lt1-app-1'], 4)(configs)).toBe(false);
  });
});
