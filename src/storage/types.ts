import { IConstruct } from "constructs";

/** Access modes of a Parallelstore volume. */
export enum AccessMode {
  READ_WRITE_MANY = "ReadWriteMany",
  READ_ONLY_MANY = "ReadOnlyMany",
  READ_WRITE_ONCE = "ReadWriteOnce",
}

/**
 * Location of the dfuse mount process that the CSI driver runs. POD (the driver default) injects a
 * sidecar into each Pod and allows one Parallelstore volume per Pod; NODE shares one mount
 * per node, allows several volumes per Pod, and needs GKE 1.32.3 or later.
 */
export enum MountLocality {
  POD = "pod",
  NODE = "node",
}

/** Reclaim policy of a volume. DELETE on a Parallelstore class deletes the instance and its data with the claim. */
export enum ReclaimPolicy {
  RETAIN = "Retain",
  DELETE = "Delete",
}

/** When a dynamically provisioned volume is created. */
export enum VolumeBindingMode {
  WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer",
  IMMEDIATE = "Immediate",
}

/**
 * Resources of the dfuse process in node-mount mode, as Kubernetes quantity strings. CPU is in
 * cores (`2`, `500m`, never a binary suffix such as `Gi`), and memory is a whole number of bytes
 * (`512Mi`, never `100m`, which is 0.1 bytes).
 * Driver defaults: CPU request 250m, memory request 512Mi, no CPU limit, memory limit 10Gi.
 */
export interface DfuseResources {
  /** CPU request, e.g. `500m`. @default "250m" (driver default) */
  readonly cpuRequest?: string;
  /** Memory request, e.g. `1Gi`. @default "512Mi" (driver default) */
  readonly memoryRequest?: string;
  /** CPU limit. @default no limit (driver default) */
  readonly cpuLimit?: string;
  /** Memory limit. @default "10Gi" (driver default) */
  readonly memoryLimit?: string;
}

/**
 * A PersistentVolumeClaim backed by Parallelstore that a workload can mount. Implemented by
 * the static volume pair and the dynamic claim; the workload layer depends only on this.
 */
export interface IParallelstoreClaim extends IConstruct {
  /** Name of the PersistentVolumeClaim. */
  readonly claimName: string;
  /** Namespace of the claim. */
  readonly namespace: string;
  /** Access mode of the claim. */
  readonly accessMode: AccessMode;
  /** Mount locality of the volume behind the claim. */
  readonly mountLocality: MountLocality;
  /** Requested size in GiB, when known at synth time. */
  readonly requestGib?: number;
  /** Zone of the backing instance, when known (static volumes, Immediate classes with a zone). */
  readonly zone?: string;
  /** VPC network of the backing instance, when known: a name, an id or a self link. */
  readonly network?: string;
}
