import { IParallelstoreClaim } from "../storage/types";

/** Kubernetes controller that runs the Pods of a workload. */
export enum WorkloadKind {
  /** A `kubernetes_job_v1`: a training run that ends. */
  JOB = "Job",
  /** A `kubernetes_deployment_v1`: long-lived workers that Kubernetes keeps running. */
  DEPLOYMENT = "Deployment",
}

/** Restart policy of a Job's Pods. Kubernetes rejects `Always` for Jobs. */
export enum JobRestartPolicy {
  /** A failed container fails its Pod, and the Job starts a new Pod (counted by the backoff limit). */
  NEVER = "Never",
  /** The kubelet restarts a failed container in the same Pod, on the same node. */
  ON_FAILURE = "OnFailure",
}

/** Completion mode of a Job: whether its Pods get completion indexes. */
export enum CompletionMode {
  /** Any `completions` successful Pods complete the Job. */
  NON_INDEXED = "NonIndexed",
  /** Each Pod gets an index from 0 to completions - 1 (`JOB_COMPLETION_INDEX`); needs `completions`. */
  INDEXED = "Indexed",
}

/** When the kubelet pulls the container image. */
export enum ImagePullPolicy {
  ALWAYS = "Always",
  IF_NOT_PRESENT = "IfNotPresent",
  NEVER = "Never",
}

/**
 * Resources of the `gke-parallelstore-sidecar` container that the CSI driver injects into
 * each Pod in pod-mount mode, as Kubernetes quantities. Each field becomes a
 * `gke-parallelstore/<resource>-<request|limit>` annotation on the Pod template.
 */
export interface SidecarResources {
  /** CPU request, e.g. `500m`. @default the driver's default */
  readonly cpuRequest?: string;
  /** CPU limit, e.g. `2`. @default the driver's default */
  readonly cpuLimit?: string;
  /** Memory request, e.g. `1Gi`. @default the driver's default */
  readonly memoryRequest?: string;
  /** Memory limit, e.g. `8Gi`. @default the driver's default */
  readonly memoryLimit?: string;
  /** Ephemeral storage request, e.g. `1Gi`. @default the driver's default */
  readonly ephemeralStorageRequest?: string;
  /** Ephemeral storage limit, e.g. `10Gi`. @default the driver's default */
  readonly ephemeralStorageLimit?: string;
}

/**
 * Pod security context. Set `fsGroup` (and the user and group ids the training image runs
 * as) so that files the workload writes to Parallelstore get an owner other workloads share.
 */
export interface PodSecurityContext {
  /** UID the containers run as. @default the image's user */
  readonly runAsUser?: number;
  /** GID the containers run as. @default the image's group */
  readonly runAsGroup?: number;
  /** Reject starting a container that would run as UID 0. @default not enforced */
  readonly runAsNonRoot?: boolean;
  /** Supplementary group that owns the Pod's volumes and files created on them. @default none */
  readonly fsGroup?: number;
}

/** A reference to one key of a Kubernetes Secret. */
export interface SecretKeyReference {
  /** Name of the Secret, in the workload's namespace. */
  readonly name: string;
  /** Key inside the Secret. */
  readonly key: string;
}

/** One environment variable of the container, for when order or a Secret matters. */
export interface EnvironmentVariable {
  /** Variable name. */
  readonly name: string;
  /** Literal value; may reference earlier variables as `$(NAME)`. @default unset, requires `secretKeyRef` or `fieldPath` */
  readonly value?: string;
  /** Secret key to read the value from. @default unset */
  readonly secretKeyRef?: SecretKeyReference;
  /** Pod field to read the value from, e.g. `metadata.name` or `status.podIP`. @default unset */
  readonly fieldPath?: string;
}

/** Options of one `mount` call. */
export interface MountOptions {
  /**
   * Directory inside the volume to mount instead of its root, relative and without `..`
   * segments, e.g. `checkpoints`.
   * @default the root of the volume
   */
  readonly subPath?: string;

  /**
   * Mount read-only. Required for a ReadOnlyMany claim.
   * @default false
   */
  readonly readOnly?: boolean;
}

/** One container mount of a Parallelstore claim, as `mount` recorded it. */
export interface WorkloadMount {
  /** The claim behind the Pod volume. */
  readonly claim: IParallelstoreClaim;
  /** Name of the Pod volume; several mounts of one claim share it. */
  readonly volumeName: string;
  /** Absolute path inside the container. */
  readonly mountPath: string;
  /** Directory inside the volume, when one was given. */
  readonly subPath?: string;
  /** Whether the mount is read-only. */
  readonly readOnly: boolean;
}
