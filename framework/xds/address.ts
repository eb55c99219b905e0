// Where an xDS observer can connect: host:port, as LOADTEST_XDS_ADDRESS gives it on an existing cluster.
import { clusterSection } from '../cluster/section.js';
import { hostPort, parseKind } from '../config/kinds.js';
import { readSetting } from '../config/section.js';
import { ConfigError, type Env } from '../env.js';

/** Why route ready by xDS is not measured on an existing cluster without LOADTEST_XDS_ADDRESS. */
export const NO_XDS_ADDRESS_REASON = "LOADTEST_XDS_ADDRESS is not set (port-forward the controller's xDS port and set it to host:port)";

/** The address if it is host:port (a DNS name, IPv4 or [IPv6] host, port 1-65535); a ConfigError otherwise. */
export function parseXdsAddress(value: string, source: string): string {
  if (!parseKind(hostPort, value).ok) throw new ConfigError(`${source}=${JSON.stringify(value)} is not ${hostPort.expected}`);
  return value;
}

/** LOADTEST_XDS_ADDRESS, validated; undefined when unset or blank. */
export function readXdsAddress(env: Env): string | undefined {
  return readSetting(env, clusterSection.settings.xdsAddress);
}
