// Where an xDS observer can connect: host:port, as LOADTEST_XDS_ADDRESS gives it on an existing cluster.
import { ConfigError, readString, type Env } from '../env.js';

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

/** The address if it is host:port (a DNS name, IPv4 or [IPv6] host, port 1-65535); a ConfigError otherwise. */
export function parseXdsAddress(value: string, source: string): string {
  const match = HOST_PORT.exec(value);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65_535) {
    throw new ConfigError(`${source}=${JSON.stringify(value)} is not host:port (e.g. 127.0.0.1:9977, through kubectl port-forward to the kgateway Service's xDS port)`);
  }
  return value;
}

/** LOADTEST_XDS_ADDRESS on an existing cluster, or why route ready by xDS is not measured. */
export function xdsAddressFromEnv(env: Env): { xdsAddress?: string; xdsAbsentReason?: string } {
  const value = readString(env, 'LOADTEST_XDS_ADDRESS');
  if (!value) {
    return { xdsAbsentReason: "LOADTEST_XDS_ADDRESS is not set (port-forward the kgateway Service's xDS port, 9977 by default, and set it to host:port)" };
  }
  return { xdsAddress: parseXdsAddress(value, 'LOADTEST_XDS_ADDRESS') };
}
