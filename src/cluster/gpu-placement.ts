import { IGpuPlacement, Toleration } from "./types";

/** Node label GKE puts on GPU nodes; its value is the accelerator type. */
export const GKE_ACCELERATOR_LABEL = "cloud.google.com/gke-accelerator";

/** Taint GKE puts on every GPU node, so that only Pods that tolerate it land there. */
export const GPU_TOLERATION: Toleration = { key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" };

/** Effect of a node taint, in the names `google_container_node_pool` uses. */
export enum TaintEffect {
  NO_SCHEDULE = "NO_SCHEDULE",
  PREFER_NO_SCHEDULE = "PREFER_NO_SCHEDULE",
  NO_EXECUTE = "NO_EXECUTE",
}

/** A Kubernetes taint on a node pool's nodes. */
export interface NodeTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: TaintEffect;
}

const KUBERNETES_EFFECTS: Record<TaintEffect, Toleration["effect"]> = {
  [TaintEffect.NO_SCHEDULE]: "NoSchedule",
  [TaintEffect.PREFER_NO_SCHEDULE]: "PreferNoSchedule",
  [TaintEffect.NO_EXECUTE]: "NoExecute",
};

/** Returns the toleration that matches a taint exactly. */
export function tolerationForTaint(taint: NodeTaint): Toleration {
  return { key: taint.key, operator: "Equal", value: taint.value, effect: KUBERNETES_EFFECTS[taint.effect] };
}

/** Options of `gpuPlacementForAccelerator`. */
export interface GpuPlacementOptions {
  /** GPUs per node. @default unknown */
  readonly gpusPerNode?: number;
  /** Zones of the nodes. @default unknown */
  readonly zones?: readonly string[];
  /** Pinned GKE node version. @default unknown (follows the release channel) */
  readonly nodeVersion?: string;
  /** Taints the pool adds beyond GKE's GPU taint. @default none */
  readonly taints?: readonly NodeTaint[];
}

/**
 * Builds the placement of GPU nodes from a pool managed outside this app (or by hand):
 * a node selector on the accelerator label and tolerations for GKE's GPU taint and the
 * given taints.
 */
export function gpuPlacementForAccelerator(acceleratorType: string, options: GpuPlacementOptions = {}): IGpuPlacement {
  const tolerations = [GPU_TOLERATION, ...(options.taints ?? []).map((taint) => tolerationForTaint(taint))];
  return {
    nodeSelector: { [GKE_ACCELERATOR_LABEL]: acceleratorType },
    tolerations: tolerations.filter((toleration, index) => tolerations.findIndex((other) => sameToleration(other, toleration)) === index),
    acceleratorType,
    gpusPerNode: options.gpusPerNode,
    zones: options.zones === undefined ? undefined : [...options.zones],
    nodeVersion: options.nodeVersion,
  };
}

function sameToleration(a: Toleration, b: Toleration): boolean {
  return a.key === b.key && a.operator === b.operator && a.value === b.value && a.effect === b.effect;
}
