// Where built binaries are kept, and prebuilt control-plane binaries to use instead of building them.
import * as kinds from '../../config/kinds.js';
import { defineSection } from '../../config/section.js';

export const buildSection = defineSection({
  name: 'build',
  title: 'Builds',
  description: 'The Go builds of the control plane and the controllers, cached outside the repository.',
  settings: {
    cacheDir: {
      env: 'LOADTEST_CACHE_DIR',
      kind: kinds.path,
      defaultText: '$XDG_CACHE_HOME/gateway-loadtest, else ~/.cache/gateway-loadtest',
      unit: 'path',
      description: 'the build cache',
    },
    kubebuilderAssets: {
      env: 'KUBEBUILDER_ASSETS',
      kind: kinds.path,
      defaultText: 'none',
      unit: 'path',
      description: 'a folder with etcd and kube-apiserver (and optionally kube-controller-manager) to use instead of building them',
    },
  },
});
