// kgateway's ClusterRole comes from its chart's role.yaml: the two template expressions it uses are rendered, any
// other is refused rather than guessed.
import { describe, expect, test } from 'vitest';
import { chartClusterRole } from '../../framework/controllers/kgateway/rbac.js';

const ROLE_YAML = `{{- if .Values.rbac.create }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: kgateway-{{ .Release.Namespace }}
rules:
- apiGroups:
  - gateway.networking.k8s.io
  resources:
  - httproutes/status
  verbs:
  - patch
  - update
{{- end }}
`;

describe('chartClusterRole', () => {
  test('renders the namespace into the name and keeps the rules as the chart has them', () => {
    expect(chartClusterRole(ROLE_YAML, 'kgateway-system')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'kgateway-kgateway-system' },
      rules: [{ apiGroups: ['gateway.networking.k8s.io'], resources: ['httproutes/status'], verbs: ['patch', 'update'] }],
    });
  });

  test('a template expression it does not know is an error, not a guess', () => {
    const changed = ROLE_YAML.replace('kgateway-{{ .Release.Namespace }}', '{{ include "kgateway.fullname" . }}');
    expect(() => chartClusterRole(changed, 'ns')).toThrow(/template expression this project does not render: \{\{ include "kgateway.fullname" \. \}\}/);
  });
});
