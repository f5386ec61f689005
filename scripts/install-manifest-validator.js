/**
 * Installs the Kubernetes manifest validator, kubernetes-validate, from PyPI into
 * `.tools/kubernetes-validate` and prints the path of its command (see ./pip-tool.js). It carries
 * the JSON schemas of every Kubernetes release inside the package, so validating needs no network
 * (kubeconform, the other common choice, builds from the Go module proxy but downloads its schemas
 * from GitHub when it runs). Pinned to 1.37.0: it validates against Kubernetes 1.37 by default.
 */
'use strict';

require('./pip-tool').installPipTool({
  name: 'kubernetes-validate',
  pkg: 'kubernetes-validate==1.37.0',
  command: 'kubernetes-validate',
});
