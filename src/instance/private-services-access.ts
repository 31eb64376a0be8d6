import { Construct, IConstruct } from "constructs";
import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { ComputeGlobalAddress } from "@cdktf/provider-google/lib/compute-global-address";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { DataGoogleClientConfig } from "@cdktf/provider-google/lib/data-google-client-config";
import { ProjectService } from "@cdktf/provider-google/lib/project-service";
import { ServiceNetworkingConnection } from "@cdktf/provider-google/lib/service-networking-connection";
import { Violation, requireProps, throwIfInvalid } from "../validation/errors";
import { checkProjectId } from "../validation/project";
import { checkLiteral, isLiteral } from "../validation/literal";
import { overlapsParallelstoreReservedRange, parseIpv4, PARALLELSTORE_RESERVED_CIDR } from "../validation/cidr";
import { checkReservedRangeName, networkId, parseNetwork } from "../validation/network";

/**
 * Each Parallelstore instance takes 64 addresses from the reserved range, so a /24 fits four.
 * Source: Parallelstore "Configure a VPC network".
 */
export const ADDRESSES_PER_INSTANCE = 64;

/** Parallelstore quota: at most 20 instances per VPC network (Parallelstore quotas page). */
export const MAX_INSTANCES_PER_NETWORK = 20;

/** MTU Google's Parallelstore examples give a new VPC, in bytes. */
export const PARALLELSTORE_NETWORK_MTU_BYTES = 8896;

/** APIs a Parallelstore deployment on GKE needs. */
export const PARALLELSTORE_SERVICES: readonly string[] = [
  "compute.googleapis.com",
  "container.googleapis.com",
  "parallelstore.googleapis.com",
  "servicenetworking.googleapis.com",
];

export interface PrivateServicesAccessProps {
  /**
   * Project of the VPC and the reserved range.
   * @default the google provider's project
   */
  readonly project?: string;

  /**
   * Name of the VPC network. With `createNetwork: false` it must already exist.
   * @default "default"
   */
  readonly networkName?: string;

  /**
   * Create the VPC network (custom subnet mode) instead of using an existing one.
   * @default false
   */
  readonly createNetwork?: boolean;

  /**
   * MTU of a created network in bytes, 1300-8896. Ignored for an existing network.
   * @default 8896, as in Google's Parallelstore examples
   */
  readonly networkMtuBytes?: number;

  /**
   * Name of the reserved global address (the range name the instance's `reserved_ip_range` takes).
   * @default `${networkName}-parallelstore-range`
   */
  readonly rangeName?: string;

  /**
   * First IPv4 address of the reserved range, e.g. `10.92.0.0`, aligned to the prefix length.
   * @default Google picks a free range in the VPC
   */
  readonly rangeStartAddress?: string;

  /**
   * Prefix length of the reserved range: 24 or smaller (a /24 or larger range), at least 8.
   * Each instance takes 64 addresses, so a /24 fits four instances.
   * @default 24
   */
  readonly prefixLength?: number;

  /**
   * Create a firewall rule that allows TCP ingress from the reserved range. Mounts fail without it.
   * @default true
   */
  readonly createFirewallRule?: boolean;

  /**
   * Name of the firewall rule.
   * @default `${networkName}-allow-parallelstore`
   */
  readonly firewallRuleName?: string;

  /**
   * Enable the compute, container, parallelstore and servicenetworking APIs, with
   * `disable_on_destroy = false` so a destroy never switches off APIs other resources use.
   * @default false
   */
  readonly enableServices?: boolean;
}

/**
 * Private Services Access for Parallelstore: a reserved global range for VPC peering, the
 * service networking connection, a firewall rule for the range and, optionally, the APIs.
 */
export class PrivateServicesAccess extends Construct {
  /** The created VPC; undefined when an existing network is used. */
  public readonly network?: ComputeNetwork;
  /** Client config that supplies the project of an existing VPC when `project` is not set. */
  public readonly clientConfig?: DataGoogleClientConfig;
  /** The reserved range (`google_compute_global_address`, purpose `VPC_PEERING`). */
  public readonly reservedRange: ComputeGlobalAddress;
  /** The peering with Google's service producer network. Instances depend on it. */
  public readonly connection: ServiceNetworkingConnection;
  /** The firewall rule that admits traffic from the range; undefined when disabled. */
  public readonly firewall?: ComputeFirewall;
  /** The enabled APIs, empty unless `enableServices` is set. */
  public readonly services: readonly ProjectService[];

  /** Network name, for `network` on instances, StorageClasses and volumes. */
  public readonly networkName: string;
  /** Network id `projects/P/global/networks/N` (a token). */
  public readonly networkId: string;
  /**
   * Network self link of a created VPC (a token), or the id of an existing one, which every
   * resource that takes a self link also accepts.
   */
  public readonly networkSelfLink: string;
  /** Name of the reserved range, for `reserved_ip_range` and the StorageClass `reserved-ip-range`. */
  public readonly reservedRangeName: string;
  /** The range in CIDR notation (a token unless `rangeStartAddress` is set). */
  public readonly reservedRangeCidr: string;
  /** Prefix length of the reserved range. */
  public readonly prefixLength: number;

  private readonly attachedInstances: IConstruct[] = [];

  constructor(scope: Construct, id: string, props: PrivateServicesAccessProps = {}) {
    super(scope, id);
    requireProps(this, props, "PrivateServicesAccessProps");

    const networkName = props.networkName ?? "default";
    const prefixLength = props.prefixLength ?? 24;
    throwIfInvalid(this, [
      checkLiteral(props.project, (project) => checkProjectId("project", project)),
      checkLiteral(networkName, (name) => checkNetworkName("networkName", name)),
      checkLiteral(props.rangeName, (name) => checkReservedRangeName("rangeName", name)),
      checkLiteral(prefixLength, (length) => checkPrefixLength("prefixLength", length)),
      checkLiteral(props.networkMtuBytes, (mtu) => checkMtu("networkMtuBytes", mtu)),
      isLiteral(props.rangeStartAddress) && isLiteral(prefixLength)
        ? checkRangeStart("rangeStartAddress", props.rangeStartAddress, prefixLength)
        : undefined,
    ]);

    this.services = props.enableServices
      ? PARALLELSTORE_SERVICES.map(
          (service) =>
            new ProjectService(this, `service-${service.split(".")[0]}`, {
              project: props.project,
              service,
              disableOnDestroy: false,
              disableDependentServices: false,
            }),
        )
      : [];

    if (props.createNetwork) {
      this.network = new ComputeNetwork(this, "network", {
        name: networkName,
        project: props.project,
        autoCreateSubnetworks: false,
        mtu: props.networkMtuBytes ?? PARALLELSTORE_NETWORK_MTU_BYTES,
        dependsOn: [...this.services],
      });
      this.networkId = this.network.id;
      this.networkSelfLink = this.network.selfLink;
    } else {
      // The id is built rather than read with a google_compute_network data source. Such a data
      // source depends on the API services, so Terraform reads it only at apply time whenever
      // a service changes, and the unknown id would then plan a replacement of the cluster.
      if (props.project === undefined) {
        this.clientConfig = new DataGoogleClientConfig(this, "client-config");
      }
      this.networkId = networkId(props.project ?? this.clientConfig!.project, networkName);
      this.networkSelfLink = this.networkId;
    }
    this.networkName = networkName;
    this.prefixLength = prefixLength;

    this.reservedRangeName = props.rangeName ?? `${networkName}-parallelstore-range`;
    this.reservedRange = new ComputeGlobalAddress(this, "reserved-range", {
      name: this.reservedRangeName,
      project: props.project,
      network: this.networkId,
      purpose: "VPC_PEERING",
      addressType: "INTERNAL",
      prefixLength,
      address: props.rangeStartAddress,
      dependsOn: [...this.services],
    });
    this.reservedRangeCidr = `${props.rangeStartAddress ?? this.reservedRange.address}/${prefixLength}`;

    // ABANDON: on destroy Google often still uses the peering for a while ("Producer
    // services are still using this connection"), and a DELETE would fail the whole destroy.
    this.connection = new ServiceNetworkingConnection(this, "connection", {
      network: this.networkId,
      service: "servicenetworking.googleapis.com",
      reservedPeeringRanges: [this.reservedRange.name],
      deletionPolicy: "ABANDON",
      dependsOn: [...this.services],
    });

    if (props.createFirewallRule ?? true) {
      this.firewall = new ComputeFirewall(this, "allow-parallelstore", {
        name: props.firewallRuleName ?? `${networkName}-allow-parallelstore`,
        project: props.project,
        network: this.networkSelfLink,
        direction: "INGRESS",
        sourceRanges: [this.reservedRangeCidr],
        allow: [{ protocol: "tcp" }],
        description: "Allows Parallelstore traffic from the Private Services Access range.",
        dependsOn: [...this.services],
      });
    }

    this.node.addValidation({ validate: () => this.validateCapacity() });
  }

  /** Number of Parallelstore instances the reserved range fits. */
  public get maxInstances(): number {
    return Math.floor(2 ** (32 - this.prefixLength) / ADDRESSES_PER_INSTANCE);
  }

  /** Registers an instance that takes addresses from the range; called by `ParallelstoreFileSystem`. */
  public attachInstance(instance: IConstruct): void {
    this.attachedInstances.push(instance);
  }

  /** Instances attached to the range, in the order they were attached. */
  public get instances(): readonly IConstruct[] {
    return [...this.attachedInstances];
  }

  private validateCapacity(): string[] {
    const errors: string[] = [];
    const count = this.attachedInstances.length;
    const paths = this.attachedInstances.map((instance) => instance.node.path).join(", ");
    if (isLiteral(this.prefixLength) && count > this.maxInstances) {
      const neededPrefix = 32 - Math.ceil(Math.log2(count * ADDRESSES_PER_INSTANCE));
      errors.push(
        `reserved range /${this.prefixLength} holds ${this.maxInstances} instances of ${ADDRESSES_PER_INSTANCE} addresses each, ` +
          `but ${count} are attached (${paths}). Set prefixLength to ${neededPrefix} or less, or use a second range.`,
      );
    }
    if (count > MAX_INSTANCES_PER_NETWORK) {
      errors.push(
        `network ${JSON.stringify(this.networkName)} has ${count} Parallelstore instances attached, but the quota is ` +
          `${MAX_INSTANCES_PER_NETWORK} per VPC network. Spread them over more networks or request a quota increase.`,
      );
    }
    return errors;
  }
}

function checkNetworkName(property: string, name: string): Violation | undefined {
  if (parseNetwork(name)?.name === name) {
    return undefined;
  }
  return {
    property,
    value: name,
    rule: "a network name must be 1-63 lowercase letters, digits or hyphens, starting with a letter.",
    fix: "Pass the network name, not its id or self link, e.g. \"default\".",
  };
}

function checkPrefixLength(property: string, prefixLength: number): Violation | undefined {
  if (Number.isInteger(prefixLength) && prefixLength >= 8 && prefixLength <= 24) {
    return undefined;
  }
  return {
    property,
    value: prefixLength,
    rule: "Private Services Access for Parallelstore needs a range of /24 or larger, so the prefix length must be an integer from 8 to 24.",
    fix: "Use 24 (four instances) or a smaller number for more.",
  };
}

function checkMtu(property: string, mtu: number): Violation | undefined {
  if (Number.isInteger(mtu) && mtu >= 1300 && mtu <= 8896) {
    return undefined;
  }
  return { property, value: mtu, rule: "a VPC MTU must be an integer from 1300 to 8896 bytes.", fix: "Use 8896." };
}

function checkRangeStart(property: string, address: string, prefixLength: number): Violation | undefined {
  const start = parseIpv4(address);
  if (start === undefined) {
    return { property, value: address, rule: "the start of the range must be a dotted IPv4 address.", fix: "Use an address such as \"10.92.0.0\"." };
  }
  const size = 2 ** (32 - prefixLength);
  if (start % size !== 0) {
    const aligned = Math.floor(start / size) * size;
    const text = [24, 16, 8, 0].map((shift) => (aligned >>> shift) & 255).join(".");
    return {
      property,
      value: address,
      rule: `a /${prefixLength} range must start on a multiple of ${size} addresses.`,
      fix: `Use ${JSON.stringify(text)}.`,
    };
  }
  if (overlapsParallelstoreReservedRange(`${address}/${prefixLength}`)) {
    return {
      property,
      value: `${address}/${prefixLength}`,
      rule: `Parallelstore clients and instances must not use addresses in ${PARALLELSTORE_RESERVED_CIDR}.`,
      fix: "Pick a range outside 172.17.0.0/16, such as \"10.92.0.0\".",
    };
  }
  return undefined;
}
