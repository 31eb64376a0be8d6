import { Construct } from "constructs";
import { Annotations } from "cdktf";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { ParallelstoreValidationError, Violation, requireProps, throwIfInvalid } from "../validation/errors";
import { checkProjectId } from "../validation/project";
import { checkLiteral, isLiteral } from "../validation/literal";
import { isRegionName, regionOfZone } from "../validation/zones";
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
    requireProps(this, props, "ParallelstoreTrainingProps");

    const storage = props.storage ?? {};
    const mode = storage.mode ?? StorageMode.STATIC;
    const networkSettings = props.network ?? {};
    const networkName = networkSettings.name ?? "default";
    const zoneRegion = isLiteral(props.zone) ? regionOfZone(props.zone) : undefined;
    throwIfInvalid(this, checkTopLevel(props, mode, zoneRegion));
    this.storageMode = mode;

    if (mode !== StorageMode.EXISTING) {
      this.privateServicesAccess = withKeyPath("network", { project: "project", networkName: "network.name", networkMtuBytes: "network" }, () =>
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
      this.fileSystem = withKeyPath("instance", { zone: "zone", project: "project", network: "network.name", reservedIpRange: "network.rangeName" }, () =>
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
      this.instance = withKeyPath("storage.existingInstance", {}, () => ParallelstoreFileSystem.fromInstanceAttributes(this, attributes));
    }

    this.cluster = withKeyPath("cluster", { project: "project", network: "network.name", subnetwork: "network.subnetwork" }, () =>
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
    this.gpuPool = withKeyPath("gpuPool", { "autoscaling.": "gpuPool." }, () =>
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

    const poolNodes = autoscaled ? poolSettings.maxNodeCount : poolSettings.nodeCount;
    this.warnIfPoolTooSmall(podCount, gpusPerPod, poolNodes, poolSettings.nodeLocations?.length ?? 1);

    const namespace = storage.namespace ?? "default";
    const claimName = storage.claimName ?? "training-data";
    if (mode === StorageMode.DYNAMIC) {
      this.storageClass = withKeyPath("storage", { zones: "zone", network: "network.name", reservedIpRange: "network.rangeName" }, () =>
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
      this.claim = withKeyPath("storage", {}, () =>
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
      this.claim = withKeyPath("storage", {}, () =>
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

    this.workload = withKeyPath("workload", { "container.": "workload.", "deployment.": "workload.", "job.": "workload.", "securityContext.": "workload.", container: "workload" }, () =>
      new GpuTrainingWorkload(this, "workload", {
        kind,
        name: workloadSettings.name ?? "ml-training",
        namespace,
        placement: this.gpuPool,
        gpusPerPod,
        container: {
          image: workloadSettings.image ?? this.placeholderImage(props.project),
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
    if (mounts.length === 0) {
      Annotations.of(this.workload).addWarning(
        "workload.mounts is empty, so the workload mounts no Parallelstore volume although the stack creates one. Add a mount such as { \"mountPath\": \"/data\" }.",
      );
    }
    mounts.forEach((mount, index) =>
      withKeyPath(`workload.mounts[${index}]`, {}, () =>
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

  /** Returns the image a scenario without `workload.image` runs, and warns that it is a placeholder. */
  private placeholderImage(project: string): string {
    const image = `us-docker.pkg.dev/${project}/ml/trainer:latest`;
    Annotations.of(this).addWarning(
      `workload.image is not set, so the workload runs the placeholder image ${image}. Set workload.image to your training image.`,
    );
    return image;
  }

  /** Warns when the pool can never hold every Pod at once (a fixed count or the autoscaling maximum). */
  private warnIfPoolTooSmall(podCount: number, gpusPerPod: number, nodesPerZone: number | undefined, zoneCount: number): void {
    const gpusPerNode = this.gpuPool.gpusPerNode;
    if (![podCount, gpusPerPod, nodesPerZone, gpusPerNode].every((value) => isLiteral(value)) || gpusPerNode === undefined || nodesPerZone === undefined) {
      return;
    }
    const podsPerNode = Math.floor(gpusPerNode / gpusPerPod);
    const capacityPods = podsPerNode * nodesPerZone * zoneCount;
    if (capacityPods < podCount) {
      Annotations.of(this.gpuPool).addWarning(
        `the pool has ${nodesPerZone * zoneCount} nodes of ${gpusPerNode} GPUs, which fit ${capacityPods} Pods of ${gpusPerPod} GPUs, ` +
          `but the workload runs ${podCount}. The other Pods stay Pending. Raise gpuPool.nodeCount (or maxNodeCount) to ${Math.ceil(podCount / Math.max(podsPerNode, 1))}.`,
      );
    }
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

  const project = checkLiteral(props.project, (value) => checkProjectId("project", value));
  if (project !== undefined) {
    violations.push(project);
  }

  const clusterLocation = props.cluster?.location;
  const clusterRegion = isLiteral(clusterLocation) ? regionOfZone(clusterLocation) ?? clusterLocation : undefined;
  if (zoneRegion !== undefined && clusterRegion !== undefined && isRegionName(clusterRegion) && clusterRegion !== zoneRegion) {
    violations.push({
      property: "cluster.location",
      value: clusterLocation,
      rule: `the instance and the GPU nodes are in zone ${props.zone}, so the cluster must be in region ${zoneRegion}, not ${clusterRegion}.`,
      fix: `Set cluster.location to ${zoneRegion} or one of its zones, or move zone to ${clusterRegion}.`,
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
 * Runs a build step and renames the properties of its validation errors to settings key
 * paths, so an error in a nested construct names the key to fix (e.g. `instance.capacityGib`).
 * `renames` maps construct props that come from elsewhere in the settings (the instance's
 * `zone` is the top-level `zone`), and a key ending in "." renames a prefix (`job.` to
 * `workload.`). Every other prop is prefixed with `keyPath`.
 */
function withKeyPath<T>(keyPath: string, renames: Readonly<Record<string, string>>, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof ParallelstoreValidationError) {
      const violations = error.violations.map((violation) => ({ ...violation, property: renamedProperty(keyPath, renames, violation.property) }));
      throw new ParallelstoreValidationError(error.constructPath, violations);
    }
    throw error;
  }
}

function renamedProperty(keyPath: string, renames: Readonly<Record<string, string>>, property: string): string {
  // A property may carry a qualifier after a space ("labels key") or an index ("zones[0]").
  const [name, ...qualifier] = property.split(" ");
  const base = name.replace(/\[\d+\]$/, "");
  const prefix = Object.keys(renames).find((key) => key.endsWith(".") && name.startsWith(key));
  let renamed = `${keyPath}.${name}`;
  if (Object.prototype.hasOwnProperty.call(renames, base)) {
    renamed = renames[base];
  } else if (prefix !== undefined) {
    renamed = `${renames[prefix]}${name.slice(prefix.length)}`;
  }
  return [renamed, ...qualifier].join(" ");
}
