// Questions about the Listeners a proxy holds: which ports it listens on, which certificates its HTTPS listeners
// serve (kgateway v2.4.2 inlines a listener's certificate from its Secret into the filter chain's DownstreamTlsContext,
// pkg/kgateway/translator/irtranslator/fc.go), and what timeout a route carries (a TrafficPolicy's effect).
import { DOWNSTREAM_TLS_CONTEXT_TYPE_URL, type DownstreamTlsContext, decodeAny, type Listener, type Route } from './protos.js';

/** The ports the listeners bind. */
export function listenerPorts(listeners: readonly Listener[]): number[] {
  return listeners.flatMap((listener) => (listener.address?.socket_address ? [listener.address.socket_address.port_value] : []));
}

/** Every certificate chain (PEM) the listeners' TLS filter chains serve. */
export function listenerCertificates(listeners: readonly Listener[]): string[] {
  const chains: string[] = [];
  for (const listener of listeners) {
    for (const chain of [...listener.filter_chains, ...(listener.default_filter_chain ? [listener.default_filter_chain] : [])]) {
      const config = chain.transport_socket?.typed_config;
      if (config?.type_url !== DOWNSTREAM_TLS_CONTEXT_TYPE_URL) continue;
      for (const certificate of decodeAny<DownstreamTlsContext>(config).common_tls_context?.tls_certificates ?? []) {
        const source = certificate.certificate_chain;
        if (!source) continue;
        chains.push(source.inline_string || Buffer.from(source.inline_bytes ?? []).toString('utf8'));
      }
    }
  }
  return chains;
}

/** A route's timeout in milliseconds, or undefined when it has none. */
export function routeTimeoutMs(route: Route): number | undefined {
  const timeout = route.route?.timeout;
  if (!timeout) return undefined;
  const seconds = typeof timeout.seconds === 'number' ? timeout.seconds : timeout.seconds.toNumber();
  return seconds * 1000 + timeout.nanos / 1e6;
}
