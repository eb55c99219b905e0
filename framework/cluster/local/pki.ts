// Certificates and credentials for a local control plane, written into its temporary directory.
import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ControlPlaneCredentials {
  readonly caCertPath: string;
  readonly caKeyPath: string;
  readonly servingCertPath: string;
  readonly servingKeyPath: string;
  /** One RSA key both signs and verifies service-account tokens. */
  readonly serviceAccountKeyPath: string;
  readonly tokenFilePath: string;
  readonly adminToken: string;
}

export async function createCredentials(dir: string): Promise<ControlPlaneCredentials> {
  const path = (name: string) => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', ['req', '-x509', ...ec, '-keyout', path('ca.key'), '-out', path('ca.crt'), '-days', '7', '-subj', '/CN=gateway-loadtest-ca']);
  await run('openssl', ['req', ...ec, '-keyout', path('serving.key'), '-out', path('serving.csr'), '-subj', '/CN=kube-apiserver']);
  writeFileSync(path('serving.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    path('serving.csr'),
    '-CA',
    path('ca.crt'),
    '-CAkey',
    path('ca.key'),
    '-CAcreateserial',
    '-out',
    path('serving.crt'),
    '-days',
    '7',
    '-extfile',
    path('serving.ext'),
  ]);

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(path('service-account.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }));

  const adminToken = randomBytes(24).toString('hex');
  writeFileSync(path('tokens.csv'), `${adminToken},loadtest-admin,loadtest-admin,system:masters\n`, { mode: 0o600 });

  return {
    caCertPath: path('ca.crt'),
    caKeyPath: path('ca.key'),
    servingCertPath: path('serving.crt'),
    servingKeyPath: path('serving.key'),
    serviceAccountKeyPath: path('service-account.key'),
    tokenFilePath: path('tokens.csv'),
    adminToken,
  };
}
