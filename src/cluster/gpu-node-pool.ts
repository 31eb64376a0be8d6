import { Construct } from "constructs";
import { Annotations } from "cdktf";
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { ContainerNodePool, ContainerNodePoolAutoscaling } from "@cdktf/provider-google/lib/container-node-pool";
import { Violation, throwIfInvalid } from "../validation/errors";
import { checkLiteral, isLiteral } from "../validation/literal";
import { checkEnum } from "../validation/parallelstore-rules";
import { RequiredProp, checkGkeName, checkRequiredProps, literalZones, regionOfLocation, suggestGkeName } from "./cluster-rules";
import { checkClusterKind, clusterReferenceOf } from "./cluster-reference";
import { checkAcceleratorCount, checkMachineAccelerator } from "./gpu-rules";
import { NodeTaint, gpuPlacementForAccelerator } from "./gpu-placement";
import { checkDiskSize, checkNodeLabels, checkNodeLocationList, checkTaints, diskSizeWarning, zeroMaximumWarning } from "./node-pool-rules";
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
  /**
   * Maximum nodes per zone. 0 warns, because the autoscaler can then add no nodes.
   * @default none (use the total limits instead)
   */
  readonly maxNodeCount?: number;
  /** Minimum nodes in the whole pool. @default 0 when `totalMaxNodeCount` is set */
  readonly totalMinNodeCount?: number;
  /**
   * Maximum nodes in the whole pool. 0 warns, because the autoscaler can then add no nodes.
   * @default none (use the per-zone limits instead)
   */
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
   * Node pool name: 1-40 lowercase letters, digits and hyphens, starting with a letter and
   * ending with a letter or digit. Immutable.
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
   * Kubernetes labels of the nodes. Keys and values follow the Kubernetes label syntax, e.g.
   * `workload` or `example.com/team`.
   * @default no labels beyond GKE's own
   */
  readonly labels?: Record<string, string>;

  /**
   * Taints beyond the `nvidia.com/gpu=present:NoSchedule` taint GKE adds to GPU nodes.
   * The placement tolerates all of them. Keys and values follow the Kubernetes syntax, and
   * each key and effect pair may appear once.
   * @default none
   */
  readonly taints?: NodeTaint[];

  /**
   * Boot disk size in GB, at least 10 (GKE's minimum). Sizes below 15 warn, because newer
   * GKE versions raise the minimum to 12 or 15 GB.
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
      checkLiteral(props.name, (value) => checkGkeName("name", value, "node pool", suggestGkeName(value, "gpu-pool"))),
      ...machine.violations,
      checkLiteral(props.acceleratorCount, (value) => checkAcceleratorCount("acceleratorCount", value)),
      checkLiteral(gpuDriverVersion, (value) => checkEnum("gpuDriverVersion", value, GpuDriverVersion)),
      checkLiteral(props.nodeVersion, (value) => checkGkeVersionFormat("nodeVersion", value)),
      checkLiteral(props.nodeCount, (value) => checkNodeCount("nodeCount", value)),
      props.nodeCount !== undefined && props.autoscaling !== undefined ? nodeCountConflict(props.nodeCount) : undefined,
      ...(props.autoscaling ? checkAutoscaling(props.autoscaling) : []),
      checkLiteral(props.diskSizeGb, (value) => checkDiskSize("diskSizeGb", value)),
      ...checkTaints("taints", props.taints),
      ...checkNodeLabels("labels", props.labels),
      ...checkNodeLocationList("nodeLocations", props.nodeLocations, clusterRegion),
    ]);
    const warnings = [
      ...machine.warnings,
      checkLiteral(props.diskSizeGb, (value) => diskSizeWarning("diskSizeGb", value)),
      props.autoscaling ? zeroMaximumWarning(props.autoscaling) : undefined,
    ];
    for (const warning of warnings) {
      if (warning !== undefined) {
        Annotations.of(this).addWarning(warning);
      }
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
