/** A Kubernetes toleration, in the kubernetes provider's field names. */
export interface Toleration {
  readonly key: string;
  readonly operator: "Equal" | "Exists";
  readonly value?: string;
  readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/**
 * Placement of Pods on GPU nodes: the selector and tolerations a Pod needs, and what the nodes offer. Implemented by the GPU
 * node pool construct and by `gpuPlacementForAccelerator` for pools managed elsewhere.
 */
export interface IGpuPlacement {
  /** Node selector, e.g. `{ "cloud.google.com/gke-accelerator": "nvidia-l4" }`. */
  readonly nodeSelector: Record<string, string>;
  /** Tolerations for the GPU taint and any taints the pool adds. */
  readonly tolerations: readonly Toleration[];
  /** Accelerator type, e.g. `nvidia-l4`. */
  readonly acceleratorType: string;
  /** GPUs per node, when known at synth time. */
  readonly gpusPerNode?: number;
  /** Zones the nodes run in, when known at synth time. */
  readonly zones?: readonly string[];
  /** GKE minimum node version, when pinned, for version gates such as node mount. */
  readonly nodeVersion?: string;
}
