// Where an xDS observer can connect: host:port, as LOADTEST_XDS_ADDRESS gives it on an existing cluster.
import { ConfigError, type Env, readString } from '../env.js';

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

/** Why route ready by xDS is not measured on an existing cluster without LOADTEST_XDS_ADDRESS. */
export const NO_XDS_ADDRESS_REASON = "LOADTEST_XDS_ADDRESS is not set (port-forward the controller's xDS port and set it to host:port)";

/** The address if it is host:port (a DNS name, IPv4 or [IPv6] host, port 1-65535); a ConfigError otherwise. */
export function parseXdsAddress(value: string, source: string): string {
  const match = HOST_PORT.exec(value);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65_535) {
    throw new ConfigError(
      `${source}=${JSON.stringify(value)} is not host:port (e.g. 127.0.0.1:9977, through kubectl port-forward to the controller's xDS port)`,
    );
  }
  return value;
}

/** LOADTEST_XDS_ADDRESS, validated; undefined when unset or blank. */
export function readXdsAddress(env: Env): string | undefined {
  const value = readString(env, 'LOADTEST_XDS_ADDRESS');
  return value === undefined ? undefined : parseXdsAddress(value, 'LOADTEST_XDS_ADDRESS');
}
