// Certificates for the run's HTTPS listeners: a self-signed ECDSA P-256 certificate for *.example.com (the routes'
// hosts) made by openssl, kept in a kubernetes.io/tls Secret of the Gateway's namespace with the run's labels, so it
// goes with the run. Certificate rotation (a Churn kind) replaces the Secret's data with a fresh pair.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CertificatePair {
  /** PEM of the certificate and of its private key. */
  readonly certificate: string;
  readonly key: string;
}

/** A fresh key and self-signed certificate; `serial` goes into the subject so that every pair differs visibly. */
export async function selfSignedCertificate(serial: string): Promise<CertificatePair> {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-loadtest-tls-'));
  try {
    const key = join(dir, 'tls.key');
    const certificate = join(dir, 'tls.crt');
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      certificate,
      '-days',
      '2',
      '-subj',
      // The serial names the pair in the subject; '/' and '=' would start another attribute there.
      `/CN=*.example.com/O=gateway-loadtest ${serial.replace(/[/=]/g, '-')}`,
      '-addext',
      'subjectAltName=DNS:*.example.com',
    ]);
    return { certificate: readFileSync(certificate, 'utf8'), key: readFileSync(key, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The data of a kubernetes.io/tls Secret holding `pair`. */
export function tlsSecretData(pair: CertificatePair): { 'tls.crt': string; 'tls.key': string } {
  return { 'tls.crt': Buffer.from(pair.certificate).toString('base64'), 'tls.key': Buffer.from(pair.key).toString('base64') };
}

export function tlsSecret(name: string, labels: Readonly<Record<string, string>>, pair: CertificatePair) {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, labels: { ...labels } }, type: 'kubernetes.io/tls', data: tlsSecretData(pair) };
}
