import { Construct } from "constructs";
import { Fn } from "cdktf";
import { ContainerCluster, ContainerClusterAddonsConfig, ContainerClusterIpAllocationPolicy } from "@cdktf/provider-google/lib/container-cluster";
import { DataGoogleClientConfig } from "@cdktf/provider-google/lib/data-google-client-config";
import { Violation, throwIfInvalid } from "../validation/errors";
import { checkLiteral, isLiteral } from "../validation/literal";
import { checkNetworkReference } from "../validation/network";
import { checkEnum, checkLabels } from "../validation/parallelstore-rules";
import { PrivateServicesAccess } from "../instance/private-services-access";
import { isRegionName } from "../validation/zones";
import {
  RequiredProp,
  checkClusterLocation,
  checkGkeName,
  checkIpRange,
  checkNodeLocations,
  checkRangesDisjoint,
  checkRequiredProps,
  literalZones,
  regionOfLocation,
} from "./cluster-rules";
import { VERSION_GATES, checkVersionGate } from "./versions";

/** GKE release channel: how fast the control plane and nodes follow new versions. */
export enum ReleaseChannel {
  RAPID = "RAPID",
  REGULAR = "REGULAR",
  STABLE = "STABLE",
  EXTENDED = "EXTENDED",
  /** No channel: versions are managed by hand with `minMasterVersion` and node pool versions. */
  UNSPECIFIED = "UNSPECIFIED",
}

/**
 * How Pods get IP addresses. The Parallelstore CSI driver needs VPC_NATIVE (alias IPs);
 * ROUTES is listed only so that a value copied from an older configuration gets a clear error.
 */
export enum NetworkingMode {
  VPC_NATIVE = "VPC_NATIVE",
  ROUTES = "ROUTES",
}

export interface ParallelstoreGkeClusterProps {
  /** Cluster name: 1-40 lowercase letters, digits and hyphens, starting with a letter. Immutable. */
  readonly name: string;

  /**
   * Zone (zonal cluster, e.g. `us-central1-a`) or region (regional cluster, e.g.
   * `us-central1`). A Parallelstore instance must lie in a zone of this region. Immutable.
   */
  readonly location: string;

  /**
   * Project of the cluster.
   * @default the google provider's project
   */
  readonly project?: string;

  /**
   * VPC network: a name, an id or a self link, or the `PrivateServicesAccess` that peers it
   * with Parallelstore. It must be the VPC of the Parallelstore instance. Immutable.
   * @default "default"
   */
  readonly network?: string | PrivateServicesAccess;

  /**
   * Subnetwork of the nodes, a name or self link. Required for a custom-mode VPC (such as
   * one `PrivateServicesAccess` creates).
   * @default the network's automatic subnetwork in the cluster's region
   */
  readonly subnetwork?: string;

  /**
   * Networking mode. Only VPC_NATIVE works with Parallelstore; ROUTES is rejected.
   * @default NetworkingMode.VPC_NATIVE
   */
  readonly networkingMode?: NetworkingMode;

  /**
   * Name of the subnetwork's secondary range for Pods. Conflicts with `podsCidr`.
   * @default GKE creates the range (from `podsCidr` when set)
   */
  readonly podsSecondaryRangeName?: string;

  /**
   * Name of the subnetwork's secondary range for Services. Conflicts with `servicesCidr`.
   * @default GKE creates the range (from `servicesCidr` when set)
   */
  readonly servicesSecondaryRangeName?: string;

  /**
   * Pod range as a CIDR (`10.4.0.0/14`) or a prefix size (`/14`). Must avoid 172.17.0.0/16.
   * @default GKE picks a free /14
   */
  readonly podsCidr?: string;

  /**
   * Service range as a CIDR (`10.8.0.0/20`) or a prefix size (`/20`). Must avoid 172.17.0.0/16.
   * @default GKE picks a free /20
   */
  readonly servicesCidr?: string;

  /**
   * Zones of the cluster's nodes, all in the cluster's region. Node pools use them unless
   * they set their own.
   * @default the zone of a zonal cluster; three zones GKE picks for a regional cluster
   */
  readonly nodeLocations?: string[];

  /**
   * Release channel.
   * @default ReleaseChannel.REGULAR
   */
  readonly releaseChannel?: ReleaseChannel;

  /**
   * Minimum control plane version, e.g. `1.32.3-gke.1234000`, `1.32` or `latest`. It must be
   * at least 1.31.1-gke.1729000, the Parallelstore CSI driver add-on's minimum.
   * @default the release channel's default version
   */
  readonly minMasterVersion?: string;

  /**
   * Turn on Workload Identity (`PROJECT.svc.id.goog`), which the GKE Volume Populator needs.
   * @default true
   */
  readonly workloadIdentity?: boolean;

  /**
   * Further add-ons. The Parallelstore CSI driver add-on is always turned on; setting it off
   * here is an error.
   * @default GKE's default add-ons
   */
  readonly addonsConfig?: ContainerClusterAddonsConfig;

  /**
   * Terraform-level deletion protection. To destroy the cluster, first apply with `false`,
   * then destroy.
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * Resource labels of the cluster, following the Google Cloud label rules.
   * @default no labels
   */
  readonly labels?: Record<string, string>;

  /**
   * Description of the cluster.
   * @default no description
   */
  readonly description?: string;
}

/**
 * A Standard GKE cluster (`google_container_cluster`) ready for Parallelstore: VPC-native,
 * with the Parallelstore CSI driver add-on and Workload Identity on, and the default node
 * pool removed so that GPU node pools are managed as separate resources.
 */
export class ParallelstoreGkeCluster extends Construct {
  /** The provider resource, as an escape hatch. */
  public readonly resource: ContainerCluster;
  /** Cluster name. */
  public readonly name: string;
  /** Location as given: a zone or a region. */
  public readonly location: string;
  /** Region of the cluster (a token when `location` is one). */
  public readonly region: string;
  /** True for a regional cluster, false for a zonal one; undefined when `location` is a token. */
  public readonly isRegional?: boolean;
  /** Zones of the nodes, when known at synth time: `nodeLocations`, or the zone of a zonal cluster. */
  public readonly zones?: readonly string[];
  /** VPC network as given (the network name for a `PrivateServicesAccess`), for comparing with the instance's. */
  public readonly network: string;
  /** Subnetwork as given, when set. */
  public readonly subnetwork?: string;
  /**
   * Pod range as given (a CIDR such as `10.4.0.0/14` or a prefix size such as `/14`), when
   * set. A prefix size or a secondary range name leaves the addresses to GKE, so only a
   * full CIDR here can be checked against other ranges, such as a Private Services Access range.
   */
  public readonly podsCidr?: string;
  /** Service range as given (a CIDR such as `10.8.0.0/20` or a prefix size such as `/20`), when set. */
  public readonly servicesCidr?: string;
  /** The `PrivateServicesAccess` given as `network`, when one was. */
  public readonly privateServicesAccess?: PrivateServicesAccess;
  /** Project id (a token when `project` is not set). */
  public readonly project: string;
  /** Release channel. */
  public readonly releaseChannel: ReleaseChannel;
  /** Minimum control plane version, when set. */
  public readonly minMasterVersion?: string;
  /** Workload Identity pool `PROJECT.svc.id.goog`; undefined when Workload Identity is off. */
  public readonly workloadPool?: string;
  /** Control plane IP address, without a scheme (a token). */
  public readonly endpoint: string;
  /** Base64-encoded PEM certificate of the cluster CA (a token). */
  public readonly clusterCaCertificate: string;
  /** Command that writes a kubeconfig entry for the cluster. */
  public readonly getCredentialsCommand: string;

  constructor(scope: Construct, id: string, props: ParallelstoreGkeClusterProps) {
    super(scope, id);

    throwIfInvalid(this, checkRequiredProps("ParallelstoreGkeClusterProps", props, CLUSTER_REQUIRED_PROPS));

    const networkingMode = props.networkingMode ?? NetworkingMode.VPC_NATIVE;
    const releaseChannel = props.releaseChannel ?? ReleaseChannel.REGULAR;
    const access = props.network instanceof PrivateServicesAccess ? props.network : undefined;
    const network = access?.networkName ?? (props.network as string | undefined) ?? "default";
    const region = isLiteral(props.location) ? regionOfLocation(props.location) : undefined;

    throwIfInvalid(this, [
      checkLiteral(props.name, (value) => checkGkeName("name", value, "cluster", "training")),
      checkLiteral(props.location, (value) => checkClusterLocation("location", value)),
      checkLiteral(network, (value) => checkNetworkReference("network", value)),
      checkLiteral(networkingMode, (value) => checkNetworkingMode("networkingMode", value)),
      checkLiteral(releaseChannel, (value) => checkEnum("releaseChannel", value, ReleaseChannel)),
      checkLiteral(props.minMasterVersion, (value) => checkVersionGate("minMasterVersion", value, VERSION_GATES.PARALLELSTORE_CSI_DRIVER)),
      checkLiteral(props.podsCidr, (value) => checkIpRange("podsCidr", value)),
      checkLiteral(props.servicesCidr, (value) => checkIpRange("servicesCidr", value)),
      isLiteral(props.podsCidr) && isLiteral(props.servicesCidr) ? checkRangesDisjoint(props.podsCidr, props.servicesCidr) : undefined,
      checkRangeConflict("podsCidr", props.podsCidr, "podsSecondaryRangeName", props.podsSecondaryRangeName),
      checkRangeConflict("servicesCidr", props.servicesCidr, "servicesSecondaryRangeName", props.servicesSecondaryRangeName),
      checkAddonNotDisabled(props.addonsConfig),
      ...(isLiteral(props.nodeLocations) ? checkNodeLocations("nodeLocations", props.nodeLocations.filter(isLiteral), region) : []),
      ...(isLiteral(props.labels) ? checkLabels("labels", props.labels, isLiteral) : []),
    ]);

    // The workload pool cannot read the cluster's own `project` attribute, because Terraform
    // rejects a resource that refers to itself. The provider's project comes from
    // google_client_config instead.
    this.project = props.project ?? new DataGoogleClientConfig(this, "client-config").project;
    this.workloadPool = (props.workloadIdentity ?? true) ? `${this.project}.svc.id.goog` : undefined;

    this.resource = new ContainerCluster(this, "cluster", {
      name: props.name,
      location: props.location,
      project: props.project,
      description: props.description,
      network: access?.networkSelfLink ?? network,
      subnetwork: props.subnetwork,
      networkingMode,
      ipAllocationPolicy: ipAllocationPolicyOf(props),
      nodeLocations: props.nodeLocations,
      addonsConfig: { ...props.addonsConfig, parallelstoreCsiDriverConfig: { enabled: true } },
      workloadIdentityConfig: this.workloadPool === undefined ? undefined : { workloadPool: this.workloadPool },
      releaseChannel: { channel: releaseChannel },
      minMasterVersion: props.minMasterVersion,
      // GKE needs at least one node to create a cluster; the default pool is deleted right
      // after, and GPU pools are separate google_container_node_pool resources.
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      deletionProtection: props.deletionProtection ?? true,
      resourceLabels: props.labels,
      dependsOn: access ? [access.connection] : undefined,
    });

    this.name = props.name;
    this.location = props.location;
    this.region = region ?? Fn.replace(props.location, "/-[a-z]$/", "");
    this.isRegional = isLiteral(props.location) ? isRegionName(props.location) : undefined;
    this.zones = props.nodeLocations !== undefined ? literalZones(props.nodeLocations) : isLiteral(props.location) && !isRegionName(props.location) ? [props.location] : undefined;
    this.network = network;
    this.subnetwork = props.subnetwork;
    this.podsCidr = props.podsCidr;
    this.servicesCidr = props.servicesCidr;
    this.privateServicesAccess = access;
    this.releaseChannel = releaseChannel;
    this.minMasterVersion = props.minMasterVersion;
    this.endpoint = this.resource.endpoint;
    this.clusterCaCertificate = this.resource.masterAuth.clusterCaCertificate;
    this.getCredentialsCommand =
      `gcloud container clusters get-credentials ${props.name} --location ${props.location} --project ${this.project}`;
  }
}

const CLUSTER_REQUIRED_PROPS: readonly RequiredProp[] = [
  { name: "name", example: "a cluster name such as \"training\"" },
  { name: "location", example: "a zone or region such as \"us-central1\"" },
];

function checkNetworkingMode(property: string, mode: string): Violation | undefined {
  if (mode === NetworkingMode.VPC_NATIVE) {
    return undefined;
  }
  return {
    property,
    value: mode,
    rule: "the Parallelstore CSI driver needs a VPC-native cluster (alias IPs); routes-based clusters cannot mount it.",
    fix: "Use NetworkingMode.VPC_NATIVE (the default).",
  };
}

function checkRangeConflict(cidrProperty: string, cidr: string | undefined, nameProperty: string, name: string | undefined): Violation | undefined {
  if (cidr === undefined || name === undefined) {
    return undefined;
  }
  return {
    property: cidrProperty,
    value: cidr,
    rule: `${cidrProperty} and ${nameProperty} (${JSON.stringify(name)}) both set the same range; GKE takes one or the other.`,
    fix: `Set ${nameProperty} to use an existing secondary range, or ${cidrProperty} to let GKE create one, not both.`,
  };
}

function checkAddonNotDisabled(addons: ContainerClusterAddonsConfig | undefined): Violation | undefined {
  const enabled = addons?.parallelstoreCsiDriverConfig?.enabled;
  if (enabled !== false) {
    return undefined;
  }
  return {
    property: "addonsConfig.parallelstoreCsiDriverConfig.enabled",
    value: false,
    rule: "this construct exists to run the Parallelstore CSI driver, so the add-on cannot be turned off.",
    fix: "Remove parallelstoreCsiDriverConfig from addonsConfig.",
  };
}

/**
 * Builds `ip_allocation_policy` from the set fields only. With none set it is an empty
 * block, which still makes the cluster VPC-native and lets GKE pick both ranges. Unset keys
 * are left out because cdktf drops a block whose fields are all undefined.
 */
function ipAllocationPolicyOf(props: ParallelstoreGkeClusterProps): ContainerClusterIpAllocationPolicy {
  const fields: Record<string, string | undefined> = {
    clusterSecondaryRangeName: props.podsSecondaryRangeName,
    servicesSecondaryRangeName: props.servicesSecondaryRangeName,
    clusterIpv4CidrBlock: props.podsCidr,
    servicesIpv4CidrBlock: props.servicesCidr,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
