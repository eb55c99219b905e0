// Reading status conditions, one way everywhere.
import type { Condition } from './types.js';

/** The condition of `type`, if the object has one. */
export function conditionOf(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** Whether every condition type in `types` is present with status True. */
export function allTrue(conditions: readonly Condition[] | undefined, ...types: string[]): boolean {
  return types.every((type) => conditionOf(conditions, type)?.status === 'True');
}

/** The conditions of any object's status (CRDs, GatewayClasses), or none. */
export function statusConditions(object: { status?: unknown }): Condition[] {
  return (object.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
}

/**
 * True while a Gateway carries only the defaults the Gateway API CRD sets before any controller writes (and, so
 * also true, before a watch has seen it at all).
 */
export function noControllerStatus(conditions: readonly { reason?: string; message?: string }[]): boolean {
  return conditions.every((c) => c.reason === 'Pending' && c.message === 'Waiting for controller');
}
