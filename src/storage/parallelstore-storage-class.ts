import { Construct } from "constructs";
import { Annotations, Fn, ITerraformDependable } from "cdktf";
import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { PrivateServicesAccess } from "../instance/private-services-access";
import { DirectoryStripeLevel, FileStripeLevel } from "../instance/types";
import { Violation, requireProps, throwIfInvalid } from "../validation/errors";
import { checkLiteral, isLiteral } from "../validation/literal";
import { checkDescription, checkEnum, checkLabels, checkParallelstoreZone } from "../validation/parallelstore-rules";
import { checkReservedRangeName, isSameNetwork, parseNetwork } from "../validation/network";
import { regionOfZone } from "../validation/zones";
import {
  GKE_DEFAULT_STORAGE_CLASS,
  MountLocalitySettings,
  PARALLELSTORE_CSI_DRIVER,
  ZONE_TOPOLOGY_KEY,
  checkMountLocality,
  renderMountLocality,
} from "./csi-driver";
import { checkObjectName, registerKubernetesObject } from "./kubernetes-objects";
import { DfuseMountOptions, checkMountOptions, renderMountOptions } from "./mount-options";
import { checkPlainObject, checkStringWith, describeType, printableValue } from "./prop-types";
import { MountLocality, ReclaimPolicy, VolumeBindingMode } from "./types";

export interface ParallelstoreStorageClassProps extends MountLocalitySettings {
  /**
   * Name of the StorageClass, a DNS-1123 subdomain other than "parallelstore-rwx", the class
   * GKE creates.
   * @default the construct id
   */
  readonly storageClassName?: string;

  /**
   * VPC of the instances the class creates: a network name, the full
   * `projects/P/global/networks/N` (required for Shared VPC), or the `PrivateServicesAccess`
   * that peers it.
   * @default the network of `reservedIpRange` when it is a `PrivateServicesAccess`, else the
   * GKE cluster's network
   */
  readonly network?: string | PrivateServicesAccess;

  /**
   * Reserved IP range: the name of the Private Services Access global address (not a CIDR), or
   * the `PrivateServicesAccess` that owns it.
   * @default the range of `network` when it is a `PrivateServicesAccess`, else the driver
   * considers every range of the network
   */
  readonly reservedIpRange?: string | PrivateServicesAccess;

  /**
   * File stripe level of the instances the class creates.
   * @default unset, so the API default FileStripeLevel.BALANCED applies
   */
  readonly fileStripeLevel?: FileStripeLevel;

  /**
   * Directory stripe level of the instances the class creates.
   * @default unset, so the API default DirectoryStripeLevel.MAX applies
   */
  readonly directoryStripeLevel?: DirectoryStripeLevel;

  /**
   * Description of the instances the class creates, at most 2048 characters.
   * @default no description
   */
  readonly description?: string;

  /**
   * Google Cloud labels of the instances the class creates (not Kubernetes labels).
   * @default no labels
   */
  readonly labels?: Record<string, string>;

  /** dfuse mount options of every volume of the class. @default none */
  readonly mountOptions?: DfuseMountOptions;

  /**
   * Binding mode, which sets when and where the instance is created. WaitForFirstConsumer creates
   * it in the zone of the first Pod that uses the claim. Immediate creates it with the claim, in
   * the one zone of `zones`.
   * @default VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER
   */
  readonly volumeBindingMode?: VolumeBindingMode;

  /**
   * Zones for `allowedTopologies` on `topology.gke.io/zone`. Immediate binding needs exactly one,
   * because without it the driver creates the instance in its controller's zone, which may be far
   * from the GPU nodes. With WaitForFirstConsumer the list limits where consuming Pods may run.
   * All zones must be in one region, the cluster's.
   * @default none (WaitForFirstConsumer only)
   */
  readonly zones?: string[];

  /**
   * Reclaim policy of the provisioned volumes. Delete deletes the Parallelstore instance and every
   * file on it with the claim. Retain keeps the instance (and its cost) until you delete it.
   * @default ReclaimPolicy.RETAIN
   */
  readonly reclaimPolicy?: ReclaimPolicy;
}

/** Parameter values of the stripe levels, keyed by the API enum values the instance layer uses. */
const FILE_STRIPE_PARAMETERS: Record<FileStripeLevel, string> = {
  [FileStripeLevel.MIN]: "file-stripe-level-min",
  [FileStripeLevel.BALANCED]: "file-stripe-level-balanced",
  [FileStripeLevel.MAX]: "file-stripe-level-max",
};

const DIRECTORY_STRIPE_PARAMETERS: Record<DirectoryStripeLevel, string> = {
  [DirectoryStripeLevel.MIN]: "directory-stripe-level-min",
  [DirectoryStripeLevel.BALANCED]: "directory-stripe-level-balanced",
  [DirectoryStripeLevel.MAX]: "directory-stripe-level-max",
};

/**
 * A Kubernetes StorageClass for dynamically provisioned Parallelstore instances
 * (`kubernetes_storage_class_v1`), with the driver's parameters typed and checked at synth time.
 * Volume expansion is always off, because a Parallelstore capacity can never change.
 */
export class ParallelstoreStorageClass extends Construct {
  /** The provider resource, as an escape hatch. */
  public readonly resource: StorageClassV1;
  /** Name of the StorageClass, for `storageClassName` on claims. */
  public readonly storageClassName: string;
  /** The driver parameters as emitted. */
  public readonly parameters: Readonly<Record<string, string>>;
  /** The mount options as emitted. */
  public readonly mountOptions: readonly string[];
  /** Mount locality of the volumes the class provisions. */
  public readonly mountLocality: MountLocality;
  /** Binding mode. */
  public readonly volumeBindingMode: VolumeBindingMode;
  /** Reclaim policy. */
  public readonly reclaimPolicy: ReclaimPolicy;
  /** Zones of `allowedTopologies`, empty when unrestricted. */
  public readonly zones: readonly string[];
  /** The zone every instance of the class lands in, when `zones` contains exactly one. */
  public readonly zone?: string;
  /** The `network` parameter, when set. */
  public readonly network?: string;

  constructor(scope: Construct, id: string, props: ParallelstoreStorageClassProps = {}) {
    super(scope, id);
    requireProps(this, props, "ParallelstoreStorageClassProps");

    const storageClassName = props.storageClassName ?? id;
    const volumeBindingMode = props.volumeBindingMode ?? VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER;
    const reclaimPolicy = props.reclaimPolicy ?? ReclaimPolicy.RETAIN;
    const zones = props.zones ?? [];
    const access = [props.network, props.reservedIpRange].find(
      (value): value is PrivateServicesAccess => value instanceof PrivateServicesAccess,
    );
    const network = props.network instanceof PrivateServicesAccess ? props.network.networkName : props.network ?? access?.networkName;
    const reservedIpRange =
      props.reservedIpRange instanceof PrivateServicesAccess
        ? props.reservedIpRange.reservedRangeName
        : props.reservedIpRange ?? (props.network instanceof PrivateServicesAccess ? props.network.reservedRangeName : undefined);

    const labelsViolation = checkPlainObject("labels", props.labels, 'Write an object such as labels: {"team":"ml"}.');
    throwIfInvalid(this, [
      checkStringWith("storageClassName", storageClassName, (name) => checkClassName("storageClassName", name)),
      checkStringWith("network", network, (value) => checkClassNetwork("network", value), NETWORK_TYPE_FIX),
      checkStringWith("reservedIpRange", reservedIpRange, (value) => checkReservedRangeName("reservedIpRange", value), NETWORK_TYPE_FIX),
      checkRangeNetwork(network, props.reservedIpRange),
      checkLiteral(props.fileStripeLevel, (value) => checkEnum("fileStripeLevel", value, FileStripeLevel)),
      checkLiteral(props.directoryStripeLevel, (value) => checkEnum("directoryStripeLevel", value, DirectoryStripeLevel)),
      checkLiteral(props.description, (value) => checkDescription("description", value)),
      labelsViolation,
      ...(isLiteral(props.labels) && labelsViolation === undefined ? checkLabels("labels", props.labels, isLiteral) : []),
      checkLiteral(volumeBindingMode, (value) => checkEnum("volumeBindingMode", value, VolumeBindingMode)),
      checkLiteral(reclaimPolicy, (value) => checkEnum("reclaimPolicy", value, ReclaimPolicy)),
      ...checkZones(zones, volumeBindingMode),
      ...checkMountLocality(props),
      ...checkMountOptions(props.mountOptions),
    ]);

    const parameters: Record<string, string> = {};
    const setParameter = (key: string, value: string | undefined): void => {
      if (value !== undefined) {
        parameters[key] = value;
      }
    };
    setParameter("network", network);
    setParameter("reserved-ip-range", reservedIpRange);
    setParameter("file-stripe-level", stripeParameter(props.fileStripeLevel, FILE_STRIPE_PARAMETERS));
    setParameter("directory-stripe-level", stripeParameter(props.directoryStripeLevel, DIRECTORY_STRIPE_PARAMETERS));
    setParameter("description", props.description);
    setParameter("labels", props.labels && renderLabels(props.labels));
    Object.assign(parameters, renderMountLocality(props));

    const mountOptions = renderMountOptions(props.mountOptions);
    const dependsOn: ITerraformDependable[] = access ? [access.connection, ...(access.firewall ? [access.firewall] : [])] : [];

    this.resource = new StorageClassV1(this, "storage-class", {
      metadata: { name: storageClassName },
      storageProvisioner: PARALLELSTORE_CSI_DRIVER,
      parameters: Object.keys(parameters).length > 0 ? parameters : undefined,
      mountOptions: mountOptions.length > 0 ? mountOptions : undefined,
      volumeBindingMode,
      reclaimPolicy,
      // The provider defaults allow_volume_expansion to true, but a Parallelstore capacity is immutable.
      allowVolumeExpansion: false,
      allowedTopologies: isUnrestricted(zones) ? undefined : { matchLabelExpressions: [{ key: ZONE_TOPOLOGY_KEY, values: zones }] },
      // Provisioning through a network whose peering does not exist yet fails, so the class waits for it.
      dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
    });

    if (reclaimPolicy === ReclaimPolicy.DELETE) {
      Annotations.of(this).addWarning(
        `reclaimPolicy Delete on StorageClass ${JSON.stringify(storageClassName)}: deleting a claim of this class deletes its ` +
          "Parallelstore instance and every file on it. Use ReclaimPolicy.RETAIN unless the data can be rebuilt.",
      );
    }
    registerKubernetesObject(this, "StorageClass", storageClassName);

    this.storageClassName = storageClassName;
    this.parameters = parameters;
    this.mountOptions = mountOptions;
    this.mountLocality = props.mountLocality ?? MountLocality.POD;
    this.volumeBindingMode = volumeBindingMode;
    this.reclaimPolicy = reclaimPolicy;
    this.zones = isLiteral(zones) ? [...zones] : zones;
    this.zone = isLiteral(zones) && zones.length === 1 ? zones[0] : undefined;
    this.network = network;
  }
}

/**
 * Maps an API stripe level (`FILE_STRIPE_LEVEL_MIN`) to its parameter value
 * (`file-stripe-level-min`). Terraform maps a token the same way at apply time.
 */
function stripeParameter<T extends string>(level: T | undefined, parameters: Record<T, string>): string | undefined {
  if (level === undefined) {
    return undefined;
  }
  return isLiteral(level) ? parameters[level] : Fn.lower(Fn.replace(level, "_", "-"));
}

/**
 * Renders labels in the `key1=value1,key2=value2` form.
 * NOTE: the Parallelstore reference shows only the placeholder `KEY: VALUE`, so this form is
 * taken from the label parsers of the Persistent Disk, Filestore and Cloud Storage FUSE CSI
 * drivers. Label rules forbid "," and "=" in keys and values, so the form is unambiguous.
 */
function renderLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(",");
}

function isUnrestricted(zones: string[]): boolean {
  return isLiteral(zones) && zones.length === 0;
}

function checkZones(zones: unknown, volumeBindingMode: VolumeBindingMode): Violation[] {
  if (!isLiteral(zones)) {
    return [];
  }
  if (!Array.isArray(zones)) {
    return [
      {
        property: "zones",
        value: printableValue(zones),
        rule: `zones must be an array of zone names, but it is ${describeType(zones)}.`,
        fix: typeof zones === "string" ? `Write zones: [${JSON.stringify(zones)}].` : 'Write zones: ["us-central1-a"].',
      },
    ];
  }
  const violations = zones
    .map((zone, index) => checkLiteral(zone, (value) => checkParallelstoreZone(`zones[${index}]`, value)))
    .filter((violation): violation is Violation => violation !== undefined);
  if (violations.length > 0) {
    return violations;
  }
  const regionViolation = checkSingleRegion(zones as string[]);
  if (regionViolation) {
    violations.push(regionViolation);
  }
  if (volumeBindingMode === VolumeBindingMode.IMMEDIATE && zones.length !== 1) {
    violations.push({
      property: "zones",
      value: zones,
      rule:
        zones.length === 0
          ? "Immediate binding without a zone lets the driver create the instance in its controller's zone, which may be far from the GPU nodes."
          : "Immediate binding with several zones lets the provisioner pick any of them, so instances may land away from the GPU nodes.",
      fix: "Give exactly one zone, e.g. zones: [\"us-central1-a\"], or use VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER.",
    });
  }
  return violations;
}

/**
 * Checks that the zones share one region. A GKE cluster and its nodes live in one region, so
 * the zones of a second region never match a node, and Pods restricted to them stay Pending.
 */
function checkSingleRegion(zones: readonly string[]): Violation | undefined {
  const literalZones = zones.filter((zone) => isLiteral(zone));
  const regions = [...new Set(literalZones.map((zone) => regionOfZone(zone)))];
  if (regions.length <= 1) {
    return undefined;
  }
  const firstRegion = regions[0];
  const sameRegion = literalZones.filter((zone) => regionOfZone(zone) === firstRegion);
  return {
    property: "zones",
    value: zones,
    rule: `the zones span the regions ${regions.join(", ")}, but a GKE cluster and its nodes are in one region.`,
    fix: `Keep the zones of the cluster's region, e.g. zones: ${JSON.stringify(sameRegion)}, and use one StorageClass per cluster.`,
  };
}

/** Checks a class name: a DNS-1123 subdomain that is not the name of the class GKE creates. */
function checkClassName(property: string, name: string): Violation | undefined {
  if (name === GKE_DEFAULT_STORAGE_CLASS) {
    return {
      property,
      value: name,
      rule: `GKE creates and manages the StorageClass ${JSON.stringify(GKE_DEFAULT_STORAGE_CLASS)} when the Parallelstore CSI add-on is enabled, so a second object of that name conflicts with it.`,
      fix: `Choose another name such as "parallelstore-training", or use GKE's class by leaving storageClass unset on a ParallelstoreDynamicClaim.`,
    };
  }
  return checkObjectName(property, name);
}

const NETWORK_TYPE_FIX = "Pass a string, or the PrivateServicesAccess that peers the network.";

/** Checks a `network` parameter: the driver accepts a name or `projects/P/global/networks/N`, not a self link. */
function checkClassNetwork(property: string, network: string): Violation | undefined {
  if (parseNetwork(network) !== undefined && !network.startsWith("https://")) {
    return undefined;
  }
  const parsed = parseNetwork(network);
  return {
    property,
    value: network,
    rule: "the StorageClass network parameter must be a network name, or projects/P/global/networks/N for Shared VPC.",
    fix: parsed?.project ? `Use "projects/${parsed.project}/global/networks/${parsed.name}".` : "Pass the VPC name, e.g. \"default\".",
  };
}

/** Checks that a `PrivateServicesAccess` given as the range peers the class's network. */
function checkRangeNetwork(network: string | undefined, range: string | PrivateServicesAccess | undefined): Violation | undefined {
  if (!(range instanceof PrivateServicesAccess) || typeof network !== "string" || !isLiteral(network) || !isLiteral(range.networkName)) {
    return undefined;
  }
  if (isSameNetwork(network, range.networkName)) {
    return undefined;
  }
  return {
    property: "network",
    value: network,
    rule: `the reserved range ${JSON.stringify(range.reservedRangeName)} belongs to network ${JSON.stringify(range.networkName)}, and an instance takes its addresses from a range of its own VPC.`,
    fix: `Set network to ${JSON.stringify(range.networkName)}, or pass the PrivateServicesAccess as network.`,
  };
}

