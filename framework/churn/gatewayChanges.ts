// The Churn kinds that production Gateways see beside route changes: a listener's certificate rotated (its Secret
// updated), the controller's route policy attached to a route and detached, a listener added to a Gateway and removed.
// Each goes through ChurnChanges.send(): the request, then the status write and the xDS push that reflect it.

import type { RoutePolicy } from '../controllers/controller.js';
import { gatewayListener } from '../gatewayApi/builders.js';
import type { Condition, Gateway } from '../gatewayApi/types.js';
import type { KubeObject } from '../kube/object.js';
import type { RunParts } from '../loadtest/phases/parts.js';
import { GATEWAY_NAME } from '../loadtest/routes.js';
import { type CertificatePair, selfSignedCertificate, tlsSecretData } from '../loadtest/tlsCertificates.js';
import { type NotMeasured, notMeasured } from '../measure/notMeasured.js';
import type { XdsObserver } from '../xds/adsObserver.js';
import { listenerCertificates, listenerPorts, routeTimeoutMs } from '../xds/listeners.js';
import { routesFor } from '../xds/routeConfigs.js';
import type { AppliedChange, ChurnChanges } from './changes.js';
import type { ChurnConfig } from './config.js';
import type { ObjectWatch } from './objectWatch.js';

/** A route policy as the watch sees it: its status per ancestor (the Gateway API's PolicyStatus). */
export interface PolicyObject extends KubeObject {
  status?: { ancestors?: { controllerName?: string; conditions?: Condition[] }[] };
}

const isTrue = (conditions: readonly Condition[] | undefined, type: string, generation: number) =>
  (conditions ?? []).some((c) => c.type === type && c.status === 'True' && (c.observedGeneration ?? 0) >= generation);

export class GatewayChanges {
  private serial = 0;
  private addedListener: { name: string; port: number } | undefined;
  private attachedPolicy: { name: string; namespace: string; index: number; timeoutMs: number } | undefined;
  private nextCertificate: Promise<CertificatePair> | undefined;

  constructor(
    private readonly parts: RunParts,
    private readonly changes: ChurnChanges,
    private readonly config: ChurnConfig,
    private readonly gateways: ObjectWatch<Gateway>,
    /** The controller's route policy and the watch on its objects, when it has one. */
    private readonly policy: { readonly kind: RoutePolicy; readonly watch: ObjectWatch<PolicyObject> } | undefined,
  ) {}

  /** The observed Gateway's HTTPS listeners, each with its Secret: what a rotation can change. */
  private rotatable() {
    return this.parts.routes.httpsListeners().filter((l) => l.gateway === GATEWAY_NAME);
  }

  /**
   * Replaces the certificate of an HTTPS listener of the observed Gateway (in turn) with a fresh one. A Secret has no
   * status and the Gateway's does not change, so only the LDS push that serves the new certificate is awaited.
   */
  async rotateCertificate(k: number): Promise<AppliedChange> {
    const listeners = this.rotatable();
    const target = listeners[k % listeners.length];
    if (!target) throw new Error('certificate rotation: the observed Gateway has no HTTPS listener (LOADTEST_HTTPS_LISTENERS)');
    // The pair is made before the clock starts (openssl takes tens of milliseconds), the next one while this converges.
    const pair = await (this.nextCertificate ?? selfSignedCertificate(`rotation ${++this.serial}`));
    this.nextCertificate = selfSignedCertificate(`rotation ${++this.serial}`);
    const { http, run } = this.parts;
    const served = (xds: XdsObserver) => listenerCertificates(xds.listenerResources()).some((chain) => chain.trim() === pair.certificate.trim());
    const pushed = this.changes.xdsWait((xds) =>
      xds.whenHolds(
        () => served(xds),
        this.config.changeTimeoutMs,
        () => `Secret ${target.secret}: no LDS push served its new certificate within ${this.config.changeTimeoutMs} ms`,
      ),
    );
    return this.changes.send(
      'certificateRotation',
      `Secret ${target.secret}`,
      // Not retried: a lost answer would be a second rotation to the same pair, which nobody could tell from the first.
      () => http.mergePatch(`/api/v1/namespaces/${run.appNamespace}/secrets/${target.secret}`, { data: tlsSecretData(pair) }),
      notMeasured('a Secret has no status, and a rotation changes no Gateway status'),
      pushed,
    );
  }

  /** Adds an HTTP listener to the observed Gateway (even k) or removes the one added before (odd k). */
  addOrRemoveListener(): Promise<AppliedChange> {
    const { routes, http } = this.parts;
    const base = routes.gateway(0).spec.listeners;
    const added = this.addedListener;
    const next = added ? undefined : { name: `churn-listener-${++this.serial}`, port: 10_000 + (this.serial % 10_000) };
    this.addedListener = next;
    const listeners = next ? [...base, gatewayListener({ name: next.name, port: next.port, protocol: 'HTTP', allowedRoutes: { from: 'Same' } })] : base;
    const changed = (next ?? added) as { name: string; port: number };
    const generation = (this.gateways.get(GATEWAY_NAME)?.metadata?.generation ?? 0) + 1;
    const timeout = this.config.changeTimeoutMs;
    const status = this.gateways.when(
      GATEWAY_NAME,
      (gateway) => {
        const current = isTrue(gateway?.status?.conditions, 'Accepted', generation);
        const listener = gateway?.status?.listeners?.find((l) => l.name === changed.name);
        return next ? current && isTrue(listener?.conditions, 'Programmed', generation) : current && listener === undefined;
      },
      timeout,
      () =>
        `Gateway ${GATEWAY_NAME}: listener ${changed.name} ${next ? 'not Programmed' : 'still in its status'} for generation ${generation} within ${timeout} ms`,
    );
    const bound = (xds: XdsObserver) => listenerPorts(xds.listenerResources()).includes(changed.port);
    const pushed = this.changes.xdsWait((xds) =>
      xds.whenHolds(
        () => (next ? bound(xds) : !bound(xds)),
        timeout,
        () => `listener ${changed.name}: no LDS push ${next ? 'with' : 'without'} port ${changed.port} within ${timeout} ms`,
      ),
    );
    return this.changes.send(
      next ? 'listenerAdd' : 'listenerRemove',
      `Gateway ${GATEWAY_NAME} listener ${changed.name}`,
      async () => {
        // Not retried: a retry after a lost answer would bump the generation twice.
        const patched = await http.mergePatch<Gateway>(routes.gatewayPath, { spec: { listeners } });
        if (patched.metadata?.generation !== generation) {
          throw new Error(
            `Gateway ${GATEWAY_NAME}: generation ${patched.metadata?.generation} after the patch, expected ${generation}: something else changed it`,
          );
        }
      },
      status,
      pushed,
    );
  }

  /**
   * Attaches the controller's route policy with a request timeout of its own to a route of the observed Gateway (even k), or
   * deletes the one attached before (odd k). Attached: the policy's status says Accepted and Attached, and an RDS push
   * carries the route with that timeout; detached: a push carries the route without it (a deleted policy has no status).
   */
  attachOrDetachPolicy(k: number): Promise<AppliedChange> {
    if (!this.policy) throw new Error("policy changes need the controller's route policy");
    const { kind: routePolicy, watch: policies } = this.policy;
    const { routes, http, run, config: runConfig } = this.parts;
    const timeout = this.config.changeTimeoutMs;
    const attached = this.attachedPolicy;
    const policy = attached ?? {
      name: `churn-policy-${++this.serial}`,
      index: routes.observedRoute(k, runConfig.routes),
      timeoutMs: 10_000 + (this.serial % 90_000),
      namespace: '',
    };
    const namespace = routes.namespaceOf(policy.index);
    const host = routes.host(policy.index);
    const path = this.changes.pathOf(policy.index);
    const carries = (xds: XdsObserver) => routesFor(xds.routeConfigs(), host, path).some((route) => routeTimeoutMs(route) === policy.timeoutMs);
    const pushed = this.changes.xdsWait((xds) =>
      xds.whenHolds(
        () => (attached ? !carries(xds) && routesFor(xds.routeConfigs(), host, path).length > 0 : carries(xds)),
        timeout,
        () =>
          `${routePolicy.kind} ${policy.name}: no RDS push ${attached ? 'without' : 'with'} its ${policy.timeoutMs} ms timeout on ${host}${path} within ${timeout} ms`,
      ),
    );
    if (attached) {
      this.attachedPolicy = undefined;
      return this.changes.send(
        'policyDetach',
        `${routePolicy.kind} ${policy.name}`,
        () => http.delete(`${routePolicy.collectionPath(namespace)}/${policy.name}`),
        notMeasured(`a deleted ${routePolicy.kind} has no status to write`),
        pushed,
      );
    }
    this.attachedPolicy = { ...policy, namespace };
    const status: Promise<number> | NotMeasured = policies.when(
      policy.name,
      (object) => (object?.status?.ancestors ?? []).some((a) => isTrue(a.conditions, 'Accepted', 1) && isTrue(a.conditions, 'Attached', 1)),
      timeout,
      () =>
        `${routePolicy.kind} ${policy.name}: not Accepted and Attached within ${timeout} ms: ${JSON.stringify(policies.get(policy.name)?.status ?? 'no status')}`,
    );
    const object = routePolicy.object({ name: policy.name, labels: run.labels, route: routes.name(policy.index), requestTimeoutMs: policy.timeoutMs });
    return this.changes.send(
      'policyAttach',
      `${routePolicy.kind} ${policy.name}`,
      () => this.parts.creates.create(routePolicy.collectionPath(namespace), object),
      status,
      pushed,
    );
  }
}
