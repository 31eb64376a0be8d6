import { Construct } from "constructs";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { ParallelstoreValidationError, Violation, throwIfInvalid } from "../validation/errors";
import { isLiteral } from "../validation/literal";
import { regionOfZone } from "../validation/zones";
import { PrivateServicesAccess } from "../instance/private-services-access";
import { ParallelstoreFileSystem } from "../instance/parallelstore-file-system";
import { IParallelstoreInstance } from "../instance/types";
import { ParallelstoreGkeCluster } from "../cluster/parallelstore-gke-cluster";
import { GpuNodePool } from "../cluster/gpu-node-pool";
import { kubernetesProviderForCluster } from "../cluster/kubernetes-provider";
import { ParallelstoreStorageClass } from "../storage/parallelstore-storage-class";
import { ParallelstoreStaticVolume } from "../storage/parallelstore-static-volume";
import { ParallelstoreDynamicClaim } from "../storage/parallelstore-dynamic-claim";
import { IParallelstoreClaim, VolumeBindingMode } from "../storage/types";
import { GpuTrainingWorkload } from "../workload/gpu-training-workload";
import { WorkloadKind } from "../workload/types";
import { ParallelstoreInvariants } from "./invariants";
import { MountSettings, ParallelstoreTrainingProps, StorageMode } from "./settings";

/** Default mounts: training data at /data and checkpoints in a directory of the same volume. */
const DEFAULT_MOUNTS: readonly MountSettings[] = [{ mountPath: "/data" }, { mountPath: "/checkpoints", subPath: "checkpoints" }];

/** Primary range of the subnetwork created with a new VPC; outside 172.17.0.0/16, which Parallelstore reserves. */
const CREATED_SUBNETWORK_CIDR = "10.10.0.0/20";

/**
 * The whole Parallelstore training scenario in one construct. It creates Private Services
 * Access, the instance, a GKE cluster with the CSI add-on, a GPU node pool, the kubernetes
 * provider for that cluster, the volume (static pair, dynamic claim or existing instance) and
 * the GPU workload that mounts it. Cross-construct invariants are checked at synth time.
 *
 * Place it in any stack that declares the google provider, or use `ParallelstoreTrainingStack`.
 */
export class ParallelstoreTraining extends Construct {
  /** Private Services Access; undefined in existing-instance mode, where the VPC is peered already. */
  public readonly privateServicesAccess?: PrivateServicesAccess;
  /** Subnetwork created with a new VPC. */
  public readonly subnetwork?: ComputeSubnetwork;
  /** The instance created by Terraform, in static mode. */
  public readonly fileSystem?: ParallelstoreFileSystem;
  /** The instance every claim reads, in static and existing mode. */
  public readonly instance?: IParallelstoreInstance;
  /** The GKE cluster. */
  public readonly cluster: ParallelstoreGkeCluster;
  /** The GPU node pool. */
  public readonly gpuPool: GpuNodePool;
  /** The kubernetes provider configured from the cluster. */
  public readonly kubernetesProvider: KubernetesProvider;
  /** The StorageClass, in dynamic mode. */
  public readonly storageClass?: ParallelstoreStorageClass;
  /** The claim the workload mounts: a static volume pair or a dynamic claim. */
  public readonly claim: IParallelstoreClaim;
  /** The GPU training workload. */
  public readonly workload: GpuTrainingWorkload;
  /** The storage mode in use. */
  public readonly storageMode: StorageMode;

  constructor(scope: Construct, id: string, props: ParallelstoreTrainingProps) {
    super(scope, id);

    const storage = props.storage ?? {};
    const mode = storage.mode ?? StorageMode.STATIC;
    const networkSettings = props.network ?? {};
    const networkName = networkSettings.name ?? "default";
    const zoneRegion = isLiteral(props.zone) ? regionOfZone(props.zone) : undefined;
    throwIfInvalid(this, checkTopLevel(props, mode, zoneRegion));
    this.storageMode = mode;

    if (mode !== StorageMode.EXISTING) {
      this.privateServicesAccess = withKeyPath("network", () =>
        new PrivateServicesAccess(this, "network", {
          project: props.project,
          networkName,
          createNetwork: networkSettings.create,
          rangeName: networkSettings.rangeName,
          rangeStartAddress: networkSettings.rangeStartAddress,
          prefixLength: networkSettings.prefixLength,
          createFirewallRule: networkSettings.createFirewallRule,
          enableServices: props.enableApis ?? true,
        }),
      );
    }

    const clusterSettings = props.cluster ?? {};
    const clusterLocation = clusterSettings.location ?? zoneRegion ?? props.zone;
    let subnetworkName = networkSettings.subnetwork;
    if (networkSettings.create && subnetworkName === undefined && this.privateServicesAccess?.network) {
      // A created VPC is in custom subnet mode, so the cluster needs a subnetwork of its own.
      this.subnetwork = new ComputeSubnetwork(this, "subnetwork", {
        name: `${networkName}-${zoneRegion ?? "nodes"}`,
        project: props.project,
        network: this.privateServicesAccess.network.id,
        region: regionOfZone(clusterLocation) ?? clusterLocation,
        ipCidrRange: CREATED_SUBNETWORK_CIDR,
        privateIpGoogleAccess: true,
      });
      subnetworkName = this.subnetwork.name;
    }

    if (mode === StorageMode.STATIC) {
      const settings = props.instance ?? {};
      this.fileSystem = withKeyPath("instance", () =>
        new ParallelstoreFileSystem(this, "instance", {
          instanceId: settings.instanceId ?? "training-data",
          zone: props.zone,
          capacityGib: settings.capacityGib,
          network: this.privateServicesAccess,
          deploymentType: settings.deploymentType,
          fileStripeLevel: settings.fileStripeLevel,
          directoryStripeLevel: settings.directoryStripeLevel,
          description: settings.description ?? "Parallelstore for ML training data",
          labels: settings.labels,
          project: props.project,
          preventDestroy: settings.preventDestroy,
        }),
      );
      this.instance = this.fileSystem;
    } else if (mode === StorageMode.EXISTING && storage.existingInstance !== undefined) {
      const attributes = storage.existingInstance;
      this.instance = withKeyPath("storage.existingInstance", () => ParallelstoreFileSystem.fromInstanceAttributes(this, attributes));
    }

    this.cluster = withKeyPath("cluster", () =>
      new ParallelstoreGkeCluster(this, "cluster", {
        name: clusterSettings.name ?? "ml-training",
        location: clusterLocation,
        project: props.project,
        network: this.privateServicesAccess ?? networkSettings.name ?? this.instance?.network ?? networkName,
        subnetwork: subnetworkName,
        releaseChannel: clusterSettings.releaseChannel,
        minMasterVersion: clusterSettings.minMasterVersion,
        podsCidr: clusterSettings.podsCidr,
        servicesCidr: clusterSettings.servicesCidr,
        podsSecondaryRangeName: clusterSettings.podsSecondaryRangeName,
        servicesSecondaryRangeName: clusterSettings.servicesSecondaryRangeName,
        deletionProtection: clusterSettings.deletionProtection,
      }),
    );
    this.cluster.node.addDependency(...(this.subnetwork ? [this.subnetwork] : []));
    this.kubernetesProvider = kubernetesProviderForCluster(this, "kubernetes", this.cluster);

    const workloadSettings = props.workload ?? {};
    const kind = workloadSettings.kind ?? WorkloadKind.DEPLOYMENT;
    const podCount = kind === WorkloadKind.JOB ? workloadSettings.parallelism ?? 4 : workloadSettings.replicas ?? 4;
    const gpusPerPod = workloadSettings.gpusPerPod ?? 1;
    const poolSettings = props.gpuPool ?? {};
    const autoscaled = poolSettings.minNodeCount !== undefined || poolSettings.maxNodeCount !== undefined;
    this.gpuPool = withKeyPath("gpuPool", () =>
      new GpuNodePool(this, "gpu-pool", {
        cluster: this.cluster,
        name: poolSettings.name ?? "gpu-pool",
        machineType: poolSettings.machineType ?? "g2-standard-8",
        acceleratorType: poolSettings.acceleratorType,
        acceleratorCount: poolSettings.acceleratorCount,
        gpuDriverVersion: poolSettings.gpuDriverVersion,
        nodeLocations: poolSettings.nodeLocations ?? [props.zone],
        nodeCount: autoscaled ? undefined : poolSettings.nodeCount,
        autoscaling: autoscaled ? { minNodeCount: poolSettings.minNodeCount, maxNodeCount: poolSettings.maxNodeCount } : undefined,
        spot: poolSettings.spot,
        serviceAccount: poolSettings.serviceAccount,
        nodeVersion: poolSettings.nodeVersion,
      }),
    );
    const neededNodes = nodesFor(podCount, gpusPerPod, this.gpuPool.gpusPerNode);
    if (!autoscaled && poolSettings.nodeCount === undefined && neededNodes !== undefined) {
      // Enough nodes for every Pod: one pool zone by default, so the per-zone count is the total.
      this.gpuPool.resource.nodeCount = neededNodes;
    }

    const namespace = storage.namespace ?? "default";
    const claimName = storage.claimName ?? "training-data";
    if (mode === StorageMode.DYNAMIC) {
      this.storageClass = withKeyPath("storage", () =>
        new ParallelstoreStorageClass(this, "storage-class", {
          storageClassName: storage.storageClassName ?? "parallelstore-training",
          network: this.privateServicesAccess,
          reservedIpRange: this.privateServicesAccess,
          mountLocality: storage.mountLocality,
          volumeBindingMode: VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER,
          zones: [props.zone],
          reclaimPolicy: storage.reclaimPolicy,
        }),
      );
      const storageClass = this.storageClass;
      this.claim = withKeyPath("storage", () =>
        new ParallelstoreDynamicClaim(this, "claim", {
          storageClass,
          claimName,
          namespace,
          accessMode: storage.accessMode,
          requestGib: storage.requestGib ?? this.fileSystem?.capacityGib ?? 12000,
        }),
      );
    } else {
      const instance = this.instance!;
      this.claim = withKeyPath("storage", () =>
        new ParallelstoreStaticVolume(this, "volume", {
          instance,
          claimName,
          namespace,
          accessMode: storage.accessMode,
          mountLocality: storage.mountLocality,
          requestGib: storage.requestGib,
        }),
      );
    }

    this.workload = withKeyPath("workload", () =>
      new GpuTrainingWorkload(this, "workload", {
        kind,
        name: workloadSettings.name ?? "ml-training",
        namespace,
        placement: this.gpuPool,
        gpusPerPod,
        container: {
          image: workloadSettings.image ?? `us-docker.pkg.dev/${props.project}/ml/trainer:latest`,
          command: workloadSettings.command,
          args: workloadSettings.args,
          env: workloadSettings.env,
          cpuRequest: workloadSettings.cpuRequest,
          cpuLimit: workloadSettings.cpuLimit,
          memoryRequest: workloadSettings.memoryRequest,
          memoryLimit: workloadSettings.memoryLimit,
        },
        serviceAccountName: workloadSettings.serviceAccountName,
        securityContext:
          workloadSettings.runAsUser !== undefined || workloadSettings.runAsGroup !== undefined || workloadSettings.fsGroup !== undefined
            ? { runAsUser: workloadSettings.runAsUser, runAsGroup: workloadSettings.runAsGroup, fsGroup: workloadSettings.fsGroup }
            : undefined,
        job:
          kind === WorkloadKind.JOB
            ? { parallelism: podCount, completions: workloadSettings.completions ?? podCount, backoffLimit: workloadSettings.backoffLimit }
            : undefined,
        deployment: kind === WorkloadKind.DEPLOYMENT ? { replicas: podCount } : undefined,
      }),
    );
    const mounts = workloadSettings.mounts ?? DEFAULT_MOUNTS;
    mounts.forEach((mount, index) =>
      withKeyPath(`workload.mounts[${index}]`, () =>
        this.workload.mount(this.claim, mount.mountPath, { subPath: mount.subPath, readOnly: mount.readOnly }),
      ),
    );

    this.node.addValidation(
      new ParallelstoreInvariants({
        instance: this.instance ?? dynamicInstanceView(props, this.claim, networkName),
        privateServicesAccess: this.privateServicesAccess,
        cluster: this.cluster,
        gpuPools: [this.gpuPool],
        storageClasses: this.storageClass ? [this.storageClass] : [],
        claims: [this.claim],
        workloads: [this.workload],
      }),
    );
  }
}

/** Returns the node count that fits every Pod, or undefined when a factor is unknown at synth time. */
function nodesFor(podCount: number, gpusPerPod: number, gpusPerNode: number | undefined): number | undefined {
  if (!isLiteral(podCount) || !isLiteral(gpusPerPod) || !isLiteral(gpusPerNode) || gpusPerNode <= 0) {
    return undefined;
  }
  const podsPerNode = Math.max(1, Math.floor(gpusPerNode / gpusPerPod));
  return Math.ceil(podCount / podsPerNode);
}

/**
 * Describes the instance to the invariants in dynamic mode, where the CSI driver creates it
 * in the class's zone on the class's network.
 */
function dynamicInstanceView(props: ParallelstoreTrainingProps, claim: IParallelstoreClaim, networkName: string): IParallelstoreInstance {
  return {
    project: props.project,
    zone: props.zone,
    instanceId: "",
    accessPointsJoined: "",
    network: networkName,
    capacityGib: claim.requestGib ?? Number.NaN,
    volumeHandle: "",
  };
}

function checkTopLevel(props: ParallelstoreTrainingProps, mode: StorageMode, zoneRegion: string | undefined): Violation[] {
  const violations: Violation[] = [];
  const storage = props.storage ?? {};
  if (mode === StorageMode.EXISTING && storage.existingInstance === undefined) {
    violations.push({
      property: "storage.existingInstance",
      value: undefined,
      rule: "existing mode mounts an instance created elsewhere, so its attributes are required.",
      fix: "Set storage.existingInstance to the project, zone, instanceId, accessPoints, network and capacityGib of the instance.",
    });
  }
  if (mode !== StorageMode.EXISTING && storage.existingInstance !== undefined) {
    violations.push({
      property: "storage.existingInstance",
      value: storage.existingInstance.instanceId,
      rule: `an existing instance is only mounted in existing mode, but storage.mode is ${JSON.stringify(mode)}.`,
      fix: "Set storage.mode to \"existing\", or remove storage.existingInstance.",
    });
  }
  if (mode !== StorageMode.STATIC && props.instance !== undefined) {
    violations.push({
      property: "instance",
      value: props.instance.instanceId ?? "(settings)",
      rule: `instance settings apply when Terraform creates the instance (static mode), but storage.mode is ${JSON.stringify(mode)}.`,
      fix: "Remove instance, or set storage.mode to \"static\".",
    });
  }
  if (isLiteral(props.zone) && zoneRegion === undefined) {
    violations.push({
      property: "zone",
      value: props.zone,
      rule: "the training stack needs a zone such as \"us-central1-a\" for the instance and the GPU nodes.",
      fix: "Use a zone, not a region.",
    });
  }
  return violations;
}

/**
 * Runs a build step and prefixes the properties of its validation errors with a key path, so
 * an error in a nested construct names the settings key to fix (e.g. `instance.capacityGib`).
 */
function withKeyPath<T>(keyPath: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof ParallelstoreValidationError) {
      const violations = error.violations.map((violation) => ({ ...violation, property: `${keyPath}.${violation.property}` }));
      throw new ParallelstoreValidationError(error.constructPath, violations);
    }
    throw error;
  }
}
