// How the harness names itself to the API server, so that audit logs and managedFields show which tool made a
// request or owns a field: a User-Agent on every request and a fieldManager on every write.
import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

/** e.g. gateway-loadtest/0.1.0 (node v20.20.2; linux) */
export const USER_AGENT = `${packageJson.name}/${packageJson.version} (node ${process.version}; ${process.platform})`;

/** The fieldManager of every create, update and patch (server-side apply passes its own). */
export const FIELD_MANAGER = 'gateway-loadtest';

const WRITES = new Set(['POST', 'PUT', 'PATCH']);

/** `path` with fieldManager added when `method` writes and the path names none yet. */
export function withFieldManager(method: string, path: string): string {
  if (!WRITES.has(method.toUpperCase())) return path;
  const query = path.indexOf('?');
  if (query >= 0 && new URLSearchParams(path.slice(query + 1)).has('fieldManager')) return path;
  return `${path}${query >= 0 ? '&' : '?'}fieldManager=${FIELD_MANAGER}`;
}
