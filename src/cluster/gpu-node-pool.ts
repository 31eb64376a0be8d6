import { Construct } from "constructs";
import { Annotations } from "cdktf";
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { ContainerNodePool, ContainerNodePoolAutoscaling } from "@cdktf/provider-google/lib/container-node-pool";
import { Violation, throwIfInvalid } from "../validation/errors";
import { checkLiteral, isLiteral } from "../validation/literal";
import { checkEnum } from "../validation/parallelstore-rules";
import { isZoneName } from "../validation/zones";
import { RequiredProp, checkNodeLocations, checkRequiredProps, literalZones, regionOfLocation } from "./cluster-rules";
import { checkAcceleratorCount, checkMachineAccelerator } from "./gpu-rules";
import { NodeTaint, TaintEffect, gpuPlacementForAccelerator } from "./gpu-placement";
import { ParallelstoreGkeCluster } from "./parallelstore-gke-cluster";
import { IGpuPlacement, Toleration } from "./types";
import { VERSION_GATES, checkGkeVersionFormat, checkVersionGate } from "./versions";

/** NVIDIA driver installation mode of the pool's nodes. */
export enum GpuDriverVersion {
  /** The default driver of the node's GKE version. */
  DEFAULT = "DEFAULT",
  /** The newest driver available for the node's GKE version. */
  LATEST = "LATEST",
  /** No driver: install it yourself, e.g. with NVIDIA's DaemonSet. */
  INSTALLATION_DISABLED = "INSTALLATION_DISABLED",
}

/** Zone choice of the autoscaler when it adds nodes. */
export enum AutoscalingLocationPolicy {
  /** Keep the zones about equal in size. */
  BALANCED = "BALANCED",
  /** Take whichever zone has capacity; prefers unused reservations and lowers Spot preemption risk. */
  ANY = "ANY",
}

/** Autoscaling limits, either per zone (`min/maxNodeCount`) or for the whole pool (`totalMin/totalMaxNodeCount`). */
export interface GpuNodePoolAutoscaling {
  /** Minimum nodes per zone. @default 0 when `maxNodeCount` is set */
  readonly minNodeCount?: number;
  /** Maximum nodes per zone. @default none (use the total limits instead) */
  readonly maxNodeCount?: number;
  /** Minimum nodes in the whole pool. @default 0 when `totalMaxNodeCount` is set */
  readonly totalMinNodeCount?: number;
  /** Maximum nodes in the whole pool. @default none (use the per-zone limits instead) */
  readonly totalMaxNodeCount?: number;
  /** Zone choice for new nodes. @default AutoscalingLocationPolicy.BALANCED (GKE default) */
  readonly locationPolicy?: AutoscalingLocationPolicy;
}

export interface GpuNodePoolProps {
  /**
   * Cluster of the pool: a `ParallelstoreGkeCluster` or a `google_container_cluster`
   * managed elsewhere in the app.
   */
  readonly cluster: ParallelstoreGkeCluster | ContainerCluster;

  /**
   * Node pool name. Immutable.
   * @default Terraform generates a unique name
   */
  readonly name?: string;

  /** Machine type, e.g. `a3-highgpu-8g`, `g2-standard-24` or `n1-standard-8`. Immutable. */
  readonly machineType: string;

  /**
   * Accelerator type, e.g. `nvidia-l4`. Immutable.
   * @default the type an accelerator-optimized machine type carries; required for N1 and unlisted machine types
   */
  readonly acceleratorType?: string;

  /**
   * GPUs per node. Immutable.
   * @default the count an accelerator-optimized machine type carries; required for N1 and unlisted machine types
   */
  readonly acceleratorCount?: number;

  /**
   * NVIDIA driver installation. Immutable.
   * @default GpuDriverVersion.DEFAULT
   */
  readonly gpuDriverVersion?: GpuDriverVersion;

  /**
   * Zones of the nodes, all in the cluster's region. Include the Parallelstore instance's
   * zone: mounts from other zones work but add latency.
   * @default the cluster's node locations
   */
  readonly nodeLocations?: string[];

  /**
   * Nodes per zone, for a pool without autoscaling. Conflicts with `autoscaling`.
   * @default 1 when `autoscaling` is not set
   */
  readonly nodeCount?: number;

  /**
   * Autoscaling limits. Conflicts with `nodeCount`.
   * @default no autoscaling
   */
  readonly autoscaling?: GpuNodePoolAutoscaling;

  /**
   * Use Spot VMs: cheaper, but Compute Engine may reclaim them at any time.
   * @default false
   */
  readonly spot?: boolean;

  /**
   * Service account email of the nodes.
   * @default the Compute Engine default service account
   */
  readonly serviceAccount?: string;

  /**
   * OAuth scopes of the nodes. IAM roles of the service account then decide access.
   * @default ["https://www.googleapis.com/auth/cloud-platform"]
   */
  readonly oauthScopes?: string[];

  /**
   * Kubernetes labels of the nodes.
   * @default no labels beyond GKE's own
   */
  readonly labels?: Record<string, string>;

  /**
   * Taints beyond the `nvidia.com/gpu=present:NoSchedule` taint GKE adds to GPU nodes.
   * The placement tolerates all of them.
   * @default none
   */
  readonly taints?: NodeTaint[];

  /**
   * Boot disk size in GB.
   * @default GKE's default (100 GB)
   */
  readonly diskSizeGb?: number;

  /**
   * Boot disk type, e.g. `pd-balanced`, `pd-ssd` or `hyperdisk-balanced`.
   * @default GKE's default for the machine type
   */
  readonly diskType?: string;

  /**
   * Node image type.
   * @default "COS_CONTAINERD"
   */
  readonly imageType?: string;

  /**
   * Pinned GKE node version, e.g. `1.32.3-gke.1234000`. Pinning fights auto-upgrade, so
   * leave it unset on a release channel unless a feature needs a version floor.
   * @default the cluster's version, following the release channel
   */
  readonly nodeVersion?: string;
}

const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";

/**
 * A GKE node pool of GPU nodes (`google_container_node_pool`). The machine type and the
 * accelerator are checked against the GPU machine table, and the pool exposes, through
 * `IGpuPlacement`, the node selector and tolerations that put workloads on its nodes.
 */
export class GpuNodePool extends Construct implements IGpuPlacement {
  /** The provider resource, as an escape hatch. */
  public readonly resource: ContainerNodePool;
  /** Machine type. */
  public readonly machineType: string;
  /** Accelerator type, given or implied by the machine type. */
  public readonly acceleratorType: string;
  /** GPUs per node, when known at synth time. */
  public readonly gpusPerNode?: number;
  /** Zones of the nodes, when known at synth time. */
  public readonly zones?: readonly string[];
  /** Pinned node version, when set. */
  public readonly nodeVersion?: string;
  /** Node selector on GKE's accelerator label. */
  public readonly nodeSelector: Record<string, string>;
  /** Tolerations for GKE's GPU taint and the pool's own taints. */
  public readonly tolerations: readonly Toleration[];
  /** Spot VMs. */
  public readonly spot: boolean;

  constructor(scope: Construct, id: string, props: GpuNodePoolProps) {
    super(scope, id);

    throwIfInvalid(this, checkRequiredProps("GpuNodePoolProps", props, POOL_REQUIRED_PROPS));
    throwIfInvalid(this, [checkClusterKind(props.cluster)]);

    const cluster = clusterReferenceOf(props.cluster);
    const gpuDriverVersion = props.gpuDriverVersion ?? GpuDriverVersion.DEFAULT;
    const taints = props.taints ?? [];
    const machine = resolveAccelerator(props);
    const clusterRegion = isLiteral(cluster.location) ? regionOfLocation(cluster.location) : undefined;

    throwIfInvalid(this, [
      ...machine.violations,
      checkLiteral(props.acceleratorCount, (value) => checkAcceleratorCount("acceleratorCount", value)),
      checkLiteral(gpuDriverVersion, (value) => checkEnum("gpuDriverVersion", value, GpuDriverVersion)),
      checkLiteral(props.nodeVersion, (value) => checkGkeVersionFormat("nodeVersion", value)),
      checkLiteral(props.nodeCount, (value) => checkNodeCount("nodeCount", value)),
      props.nodeCount !== undefined && props.autoscaling !== undefined ? nodeCountConflict(props.nodeCount) : undefined,
      ...(props.autoscaling ? checkAutoscaling(props.autoscaling) : []),
      ...taints.map((taint, index) => checkLiteral(taint.effect, (value) => checkEnum(`taints[${index}].effect`, value, TaintEffect))),
      ...(isLiteral(props.nodeLocations) ? checkNodeLocations("nodeLocations", props.nodeLocations.filter(isLiteral), clusterRegion) : []),
    ]);
    for (const warning of machine.warnings) {
      Annotations.of(this).addWarning(warning);
    }
    // Nodes may lag the control plane, so an old node version only warns; the format was checked above.
    const oldVersion = checkLiteral(props.nodeVersion, (value) => checkVersionGate("nodeVersion", value, VERSION_GATES.PARALLELSTORE_CSI_DRIVER));
    if (oldVersion) {
      Annotations.of(this).addWarning(`nodeVersion ${JSON.stringify(oldVersion.value)} is old: ${oldVersion.rule} ${oldVersion.fix}`);
    }

    this.resource = new ContainerNodePool(this, "pool", {
      cluster: cluster.name,
      location: cluster.location,
      project: cluster.project,
      name: props.name,
      nodeLocations: props.nodeLocations,
      nodeCount: props.autoscaling ? undefined : props.nodeCount ?? 1,
      autoscaling: props.autoscaling ? autoscalingConfig(props.autoscaling) : undefined,
      version: props.nodeVersion,
      nodeConfig: {
        machineType: props.machineType,
        guestAccelerator: [
          {
            type: machine.acceleratorType,
            count: machine.count,
            gpuDriverInstallationConfig: { gpuDriverVersion },
          },
        ],
        spot: props.spot ?? false,
        serviceAccount: props.serviceAccount,
        oauthScopes: props.oauthScopes ?? [CLOUD_PLATFORM_SCOPE],
        labels: props.labels,
        taint: taints.length > 0 ? taints.map((taint) => ({ key: taint.key, value: taint.value, effect: taint.effect })) : undefined,
        diskSizeGb: props.diskSizeGb,
        diskType: props.diskType,
        imageType: props.imageType ?? "COS_CONTAINERD",
      },
    });

    this.machineType = props.machineType;
    this.acceleratorType = machine.acceleratorType;
    this.gpusPerNode = isLiteral(machine.count) ? machine.count : undefined;
    this.zones = props.nodeLocations === undefined ? cluster.zones : literalZones(props.nodeLocations);
    this.nodeVersion = props.nodeVersion;
    this.spot = props.spot ?? false;
    const placement = gpuPlacementForAccelerator(machine.acceleratorType, { taints });
    this.nodeSelector = placement.nodeSelector;
    this.tolerations = placement.tolerations;
  }
}

const POOL_REQUIRED_PROPS: readonly RequiredProp[] = [
  { name: "cluster", example: "the ParallelstoreGkeCluster or ContainerCluster the pool belongs to" },
  { name: "machineType", example: "a GPU machine type such as \"g2-standard-8\"" },
];

/**
 * Checks that the cluster is one of the two supported kinds. A ContainerCluster from another
 * copy of the provider package fails `instanceof`, so the Terraform resource type is
 * accepted as well.
 */
function checkClusterKind(cluster: unknown): Violation | undefined {
  if (cluster instanceof ParallelstoreGkeCluster || cluster instanceof ContainerCluster) {
    return undefined;
  }
  if (typeof cluster === "object" && cluster !== null && (cluster as { terraformResourceType?: unknown }).terraformResourceType === ContainerCluster.tfResourceType) {
    return undefined;
  }
  // A construct refers to itself through its tree and cannot go through JSON.stringify, so
  // the message names an object by its class.
  const className = typeof cluster === "object" && cluster !== null ? (cluster.constructor?.name ?? "Object") : undefined;
  return {
    property: "cluster",
    value: className === undefined ? cluster : `instance of ${className}`,
    rule: "cluster must be a ParallelstoreGkeCluster or a ContainerCluster (google_container_cluster).",
    fix: "Pass the cluster construct itself, not its name or id.",
  };
}

/** Cluster fields the pool reads, from either kind of cluster. */
interface ClusterReference {
  readonly name: string;
  readonly location: string;
  readonly project?: string;
  readonly zones?: readonly string[];
}

function clusterReferenceOf(cluster: ParallelstoreGkeCluster | ContainerCluster): ClusterReference {
  if (cluster instanceof ParallelstoreGkeCluster) {
    // The resource's name attribute (not the literal) orders the pool after the cluster.
    return { name: cluster.resource.name, location: cluster.location, project: cluster.resource.projectInput, zones: cluster.zones };
  }
  const location = cluster.locationInput ?? cluster.location;
  const nodeLocations = cluster.nodeLocationsInput;
  const zones = nodeLocations !== undefined ? literalZones(nodeLocations) : isLiteral(location) && isZoneName(location) ? [location] : undefined;
  return { name: cluster.name, location, project: cluster.projectInput, zones };
}

interface ResolvedAccelerator {
  readonly acceleratorType: string;
  readonly count: number;
  readonly violations: readonly Violation[];
  readonly warnings: readonly string[];
}

/** Fills in the accelerator a machine type implies and checks the combination; tokens skip the check. */
function resolveAccelerator(props: GpuNodePoolProps): ResolvedAccelerator {
  const tokenInput =
    !isLiteral(props.machineType) ||
    (props.acceleratorType !== undefined && !isLiteral(props.acceleratorType)) ||
    (props.acceleratorCount !== undefined && !isLiteral(props.acceleratorCount));
  if (tokenInput) {
    const violations: Violation[] = [];
    if (props.acceleratorType === undefined || props.acceleratorCount === undefined) {
      violations.push({
        property: "acceleratorType",
        value: props.acceleratorType,
        rule: "a machine type known only at apply time cannot imply the GPU type and count.",
        fix: "Set both acceleratorType and acceleratorCount.",
      });
    }
    return { acceleratorType: props.acceleratorType ?? "", count: props.acceleratorCount ?? 0, violations, warnings: [] };
  }
  const check = checkMachineAccelerator(props.machineType, props.acceleratorType, props.acceleratorCount);
  return {
    acceleratorType: check.acceleratorType ?? "",
    count: check.count ?? 0,
    violations: check.violations,
    warnings: check.warnings,
  };
}

function checkNodeCount(property: string, count: number): Violation | undefined {
  if (Number.isInteger(count) && count >= 0) {
    return undefined;
  }
  return { property, value: count, rule: "a node count must be a non-negative integer.", fix: "Use 0 or more." };
}

function nodeCountConflict(nodeCount: number): Violation {
  return {
    property: "nodeCount",
    value: nodeCount,
    rule: "a fixed node count and autoscaling both set the pool size; the autoscaler would undo the count.",
    fix: "Remove nodeCount, or remove autoscaling.",
  };
}

function checkAutoscaling(limits: GpuNodePoolAutoscaling): Violation[] {
  const perZone = limits.minNodeCount !== undefined || limits.maxNodeCount !== undefined;
  const total = limits.totalMinNodeCount !== undefined || limits.totalMaxNodeCount !== undefined;
  if (perZone && total) {
    return [
      {
        property: "autoscaling",
        value: limits,
        rule: "per-zone limits (minNodeCount, maxNodeCount) and total limits (totalMinNodeCount, totalMaxNodeCount) cannot be combined.",
        fix: "Keep one pair.",
      },
    ];
  }
  const [minProperty, maxProperty] = total ? ["totalMinNodeCount", "totalMaxNodeCount"] : ["minNodeCount", "maxNodeCount"];
  const min = total ? limits.totalMinNodeCount : limits.minNodeCount;
  const max = total ? limits.totalMaxNodeCount : limits.maxNodeCount;
  const violations: (Violation | undefined)[] = [
    checkLiteral(min, (value) => checkNodeCount(`autoscaling.${minProperty}`, value)),
    checkLiteral(max, (value) => checkNodeCount(`autoscaling.${maxProperty}`, value)),
    checkLiteral(limits.locationPolicy, (value) => checkEnum("autoscaling.locationPolicy", value, AutoscalingLocationPolicy)),
  ];
  if (max === undefined) {
    violations.push({
      property: `autoscaling.${maxProperty}`,
      value: undefined,
      rule: "autoscaling needs a maximum node count.",
      fix: `Set ${maxProperty}.`,
    });
  } else if (isLiteral(min) && isLiteral(max) && min > max) {
    violations.push({
      property: `autoscaling.${minProperty}`,
      value: min,
      rule: `the minimum is above the maximum ${max}.`,
      fix: `Set ${minProperty} to ${max} or less.`,
    });
  }
  return violations.filter((violation): violation is Violation => violation !== undefined);
}

function autoscalingConfig(limits: GpuNodePoolAutoscaling): ContainerNodePoolAutoscaling {
  const total = limits.totalMinNodeCount !== undefined || limits.totalMaxNodeCount !== undefined;
  return total
    ? { totalMinNodeCount: limits.totalMinNodeCount ?? 0, totalMaxNodeCount: limits.totalMaxNodeCount, locationPolicy: limits.locationPolicy }
    : { minNodeCount: limits.minNodeCount ?? 0, maxNodeCount: limits.maxNodeCount, locationPolicy: limits.locationPolicy };
}
