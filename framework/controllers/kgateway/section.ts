// kgateway's settings: which build runs (at most one of version, source, binary) and how it runs.
import * as kinds from '../../config/kinds.js';
import { defineSection } from '../../config/section.js';
import { KGATEWAY_MODULE, KGATEWAY_VERSION } from './version.js';

// A Go module version: a release (v2.4.2, v2.5.0-rc.1) or a pseudo-version (v2.4.3-0.20260701120000-abcdef123456).
const MODULE_VERSION = /^v\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

export const VALIDATION_MODES = ['STANDARD', 'STRICT'] as const;

export const kgatewaySection = defineSection({
  name: 'kgateway',
  title: 'kgateway',
  description: 'The kgateway build a run starts (at most one of version, source, binary) and how it runs. Only with controller.name kgateway.',
  settings: {
    version: {
      env: 'KGATEWAY_VERSION',
      kind: kinds.matching(MODULE_VERSION, `a Go module version of ${KGATEWAY_MODULE} (e.g. ${KGATEWAY_VERSION})`),
      defaultText: KGATEWAY_VERSION,
      unit: 'version',
      description: 'a kgateway module version from the Go module proxy (built once, cached as kgateway-<version>)',
    },
    source: {
      env: 'KGATEWAY_SOURCE',
      kind: kinds.path,
      defaultText: 'none',
      unit: 'path',
      description: 'a kgateway checkout, built in it (go build ./cmd/kgateway) and cached by its commit and uncommitted changes',
    },
    binary: {
      env: 'KGATEWAY_BINARY',
      kind: kinds.path,
      defaultText: 'none',
      unit: 'path',
      description: `a prebuilt kgateway binary (executable; CRDs from ${KGATEWAY_VERSION})`,
    },
    validationMode: {
      env: 'KGATEWAY_VALIDATION_MODE',
      kind: kinds.upperCaseChoice(VALIDATION_MODES),
      defaultText: "kgateway's own (STANDARD)",
      unit: 'mode',
      description:
        "kgateway's route validation (passed as KGW_VALIDATION_MODE); STRICT needs an Envoy binary at /usr/local/bin/envoy, or the embedded default's own Envoy (shown to kgateway alone at that path; not with LOADTEST_ENVOY=false)",
    },
    credentials: {
      env: 'KGATEWAY_CREDENTIALS',
      kind: kinds.choice(['serviceaccount', 'admin']),
      default: 'serviceaccount',
      unit: 'name',
      description: "serviceaccount: kgateway runs as a ServiceAccount with its Helm chart's ClusterRole; admin: with the run's system:masters credentials",
    },
  },
});
