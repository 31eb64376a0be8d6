import { DeploymentType, DirectoryStripeLevel, FileStripeLevel } from "../instance/types";
import { ParallelstoreInstanceAttributes } from "../instance/parallelstore-file-system";
import { ReleaseChannel } from "../cluster/parallelstore-gke-cluster";
import { GpuDriverVersion } from "../cluster/gpu-node-pool";
import { AccessMode, MountLocality, ReclaimPolicy } from "../storage/types";
import { WorkloadKind } from "../workload/types";

/** Source of the training stack's Parallelstore volume. */
export enum StorageMode {
  /** Terraform creates the instance; a pre-bound PersistentVolume and claim mount it. */
  STATIC = "static",
  /** A StorageClass and a claim make the CSI driver create a SCRATCH instance. */
  DYNAMIC = "dynamic",
  /** An instance created elsewhere is mounted through a pre-bound PersistentVolume and claim. */
  EXISTING = "existing",
}

/** The VPC and its Private Services Access. */
export interface NetworkSettings {
  /** VPC network name. @default "default" */
  readonly name?: string;
  /** Create the VPC (MTU 8896) instead of using an existing one. @default false */
  readonly create?: boolean;
  /** Subnetwork of the cluster. @default the network's automatic subnetwork in the cluster's region */
  readonly subnetwork?: string;
  /** Name of the reserved peering range. @default `${name}-parallelstore-range` */
  readonly rangeName?: string;
  /** First address of the reserved range. @default Google picks a free range */
  readonly rangeStartAddress?: string;
  /** Prefix length of the reserved range, 8-24. @default 24 */
  readonly prefixLength?: number;
  /** Create the firewall rule for the reserved range. @default true */
  readonly createFirewallRule?: boolean;
}

/** The Parallelstore instance (static mode). */
export interface InstanceSettings {
  /** Instance id. @default "training-data" */
  readonly instanceId?: string;
  /** Capacity in GiB, 12000-100000 in steps of 4000. @default 12000 */
  readonly capacityGib?: number;
  /** Deployment type. @default DeploymentType.SCRATCH */
  readonly deploymentType?: DeploymentType;
  /** File stripe level. @default FileStripeLevel.BALANCED */
  readonly fileStripeLevel?: FileStripeLevel;
  /** Directory stripe level. @default DirectoryStripeLevel.MAX */
  readonly directoryStripeLevel?: DirectoryStripeLevel;
  /** Description. @default "Parallelstore for ML training data" */
  readonly description?: string;
  /** Labels. @default no labels */
  readonly labels?: Record<string, string>;
  /** Terraform `prevent_destroy` on the instance. @default true */
  readonly preventDestroy?: boolean;
}

/** The GKE cluster. */
export interface ClusterSettings {
  /** Cluster name. @default "ml-training" */
  readonly name?: string;
  /** Zone (zonal cluster) or region (regional cluster). @default the region of `zone` */
  readonly location?: string;
  /** Release channel. @default ReleaseChannel.REGULAR */
  readonly releaseChannel?: ReleaseChannel;
  /** Minimum control plane version. @default the release channel's default */
  readonly minMasterVersion?: string;
  /** Pod CIDR. @default GKE picks one */
  readonly podsCidr?: string;
  /** Service CIDR. @default GKE picks one */
  readonly servicesCidr?: string;
  /** Name of an existing secondary range for Pods. @default none */
  readonly podsSecondaryRangeName?: string;
  /** Name of an existing secondary range for Services. @default none */
  readonly servicesSecondaryRangeName?: string;
  /** GKE deletion protection. @default true */
  readonly deletionProtection?: boolean;
}

/** The GPU node pool. */
export interface GpuPoolSettings {
  /** Node pool name. @default "gpu-pool" */
  readonly name?: string;
  /** Machine type. @default "g2-standard-8" (one NVIDIA L4) */
  readonly machineType?: string;
  /** Accelerator type. @default the type the machine type implies */
  readonly acceleratorType?: string;
  /** GPUs per node. @default the count the machine type implies */
  readonly acceleratorCount?: number;
  /** GPU driver installation. @default GpuDriverVersion.DEFAULT */
  readonly gpuDriverVersion?: GpuDriverVersion;
  /** Zones of the nodes. @default the instance zone */
  readonly nodeLocations?: string[];
  /** Nodes per zone without autoscaling. @default enough nodes for every workload Pod */
  readonly nodeCount?: number;
  /** Autoscaling minimum per zone; set with `maxNodeCount`. @default no autoscaling */
  readonly minNodeCount?: number;
  /** Autoscaling maximum per zone; set with `minNodeCount`. @default no autoscaling */
  readonly maxNodeCount?: number;
  /** Spot VMs. @default false */
  readonly spot?: boolean;
  /** Node service account email. @default the Compute Engine default service account */
  readonly serviceAccount?: string;
  /** Node version. @default the cluster's version */
  readonly nodeVersion?: string;
}

/** The Kubernetes storage objects. */
export interface StorageSettings {
  /** Source of the volume. @default StorageMode.STATIC */
  readonly mode?: StorageMode;
  /** Name of the PersistentVolumeClaim. @default "training-data" */
  readonly claimName?: string;
  /** Namespace of the claim and the workload. @default "default" */
  readonly namespace?: string;
  /** Access mode. @default AccessMode.READ_WRITE_MANY */
  readonly accessMode?: AccessMode;
  /** Mount locality. @default MountLocality.POD */
  readonly mountLocality?: MountLocality;
  /** Requested size in GiB. @default the instance capacity (static, existing) or 12000 (dynamic) */
  readonly requestGib?: number;
  /** StorageClass name (dynamic mode). @default "parallelstore-training" */
  readonly storageClassName?: string;
  /** Reclaim policy of the StorageClass (dynamic mode). @default ReclaimPolicy.RETAIN */
  readonly reclaimPolicy?: ReclaimPolicy;
  /** The instance to mount; required in existing mode, not allowed otherwise. @default none */
  readonly existingInstance?: ParallelstoreInstanceAttributes;
}

/** One mount of the claim into the training container. */
export interface MountSettings {
  /** Absolute path in the container. */
  readonly mountPath: string;
  /** Directory of the volume to mount. @default the volume root */
  readonly subPath?: string;
  /** Mount read-only. @default false */
  readonly readOnly?: boolean;
}

/** The GPU training workload. */
export interface WorkloadSettings {
  /** Workload name. @default "ml-training" */
  readonly name?: string;
  /** Job or Deployment. @default WorkloadKind.DEPLOYMENT */
  readonly kind?: WorkloadKind;
  /** Container image. @default "us-docker.pkg.dev/PROJECT/ml/trainer:latest" */
  readonly image?: string;
  /** Entrypoint. @default the image's */
  readonly command?: string[];
  /** Arguments. @default the image's */
  readonly args?: string[];
  /** Environment variables. @default none */
  readonly env?: Record<string, string>;
  /** GPUs per Pod. @default 1 */
  readonly gpusPerPod?: number;
  /** Deployment replicas. @default 4 */
  readonly replicas?: number;
  /** Job parallelism. @default 4 */
  readonly parallelism?: number;
  /** Job completions. @default equal to parallelism */
  readonly completions?: number;
  /** Job backoff limit. @default the workload's default */
  readonly backoffLimit?: number;
  /** CPU request. @default none */
  readonly cpuRequest?: string;
  /** Memory request. @default none */
  readonly memoryRequest?: string;
  /** CPU limit. @default none */
  readonly cpuLimit?: string;
  /** Memory limit. @default none */
  readonly memoryLimit?: string;
  /** Kubernetes service account. @default the namespace's default */
  readonly serviceAccountName?: string;
  /** User id of the container processes. @default the image's */
  readonly runAsUser?: number;
  /** Group id of the container processes. @default the image's */
  readonly runAsGroup?: number;
  /** Group that owns files written to the volume. @default none */
  readonly fsGroup?: number;
  /** Mounts of the claim. @default /data, and /checkpoints on subPath "checkpoints" */
  readonly mounts?: MountSettings[];
}

/** Props of the training scenario; every key is also a key of a `STACK_CONFIG` JSON file. */
export interface ParallelstoreTrainingProps {
  /** Google Cloud project id. */
  readonly project: string;
  /** Zone of the instance and the GPU nodes, e.g. `us-central1-a`. */
  readonly zone: string;
  /** Enable the compute, container, parallelstore and servicenetworking APIs. @default true */
  readonly enableApis?: boolean;
  /** VPC settings. @default the "default" network */
  readonly network?: NetworkSettings;
  /** Instance settings (static mode). @default a 12000 GiB SCRATCH instance */
  readonly instance?: InstanceSettings;
  /** Cluster settings. @default a regional cluster in the zone's region */
  readonly cluster?: ClusterSettings;
  /** GPU node pool settings. @default g2-standard-8 nodes in the instance zone */
  readonly gpuPool?: GpuPoolSettings;
  /** Storage settings. @default a static volume pair on the instance */
  readonly storage?: StorageSettings;
  /** Workload settings. @default a Deployment of four one-GPU trainers */
  readonly workload?: WorkloadSettings;
}
