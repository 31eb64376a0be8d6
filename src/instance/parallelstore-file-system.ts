import { Construct } from "constructs";
import { Fn, TerraformStack, Token } from "cdktf";
import { ParallelstoreInstance } from "@cdktf/provider-google/lib/parallelstore-instance";
import { Violation, requireProps, throwIfInvalid } from "../validation/errors";
import { checkProjectId } from "../validation/project";
import { PARALLELSTORE_RESERVED_CIDR, overlapsParallelstoreReservedRange, parseIpv4 } from "../validation/cidr";
import { checkLiteral, isLiteral } from "../validation/literal";
import {
  checkCapacityGib,
  checkDescription,
  checkEnum,
  checkInstanceId,
  checkLabels,
  checkParallelstoreZone,
} from "../validation/parallelstore-rules";
import { checkNetworkReference, checkReservedRangeName } from "../validation/network";
import { regionOfZone } from "../validation/zones";
import { PrivateServicesAccess } from "./private-services-access";
import {
  DeploymentType,
  DirectoryStripeLevel,
  ExpectedPerformance,
  FileStripeLevel,
  IParallelstoreInstance,
  expectedPerformanceOf,
  splitAccessPoints,
  volumeHandleOf,
} from "./types";

export interface ParallelstoreFileSystemProps {
  /**
   * Instance id: 1-63 lowercase letters, digits and hyphens, starting with a letter and
   * ending with a letter or digit. Unique per project and zone. Immutable.
   */
  readonly instanceId: string;

  /** Zone of the instance, e.g. `us-central1-a` (never a region). Immutable. */
  readonly zone: string;

  /**
   * Capacity in GiB: 12000 to 100000 in steps of 4000. Immutable: it can never grow.
   * @default 12000
   */
  readonly capacityGib?: number;

  /**
   * VPC network: a name, an id or a self link, or the `PrivateServicesAccess` that peers it.
   * It must be the VPC that has Private Services Access and that the GKE cluster uses. Immutable.
   * @default "default"
   */
  readonly network?: string | PrivateServicesAccess;

  /**
   * Reserved IP range: the name of the Private Services Access global address (not a CIDR),
   * or the `PrivateServicesAccess` that owns it. Immutable.
   * @default the range of `network` when it is a `PrivateServicesAccess`; otherwise Google
   * picks one of the VPC's peering ranges
   */
  readonly reservedIpRange?: string | PrivateServicesAccess;

  /**
   * Deployment type. Always emitted, because the API cannot change it after creation.
   * @default DeploymentType.SCRATCH, the API default
   */
  readonly deploymentType?: DeploymentType;

  /**
   * File stripe level. Always emitted; it cannot change after creation.
   * @default FileStripeLevel.BALANCED, the API default
   */
  readonly fileStripeLevel?: FileStripeLevel;

  /**
   * Directory stripe level. Always emitted; it cannot change after creation.
   * @default DirectoryStripeLevel.MAX, the API default
   */
  readonly directoryStripeLevel?: DirectoryStripeLevel;

  /**
   * Description, at most 2048 characters.
   * @default no description
   */
  readonly description?: string;

  /**
   * Labels, following the Google Cloud label rules.
   * @default no labels
   */
  readonly labels?: Record<string, string>;

  /**
   * Project of the instance.
   * @default the google provider's project
   */
  readonly project?: string;

  /**
   * Terraform `lifecycle.prevent_destroy`. Instance id, zone, capacity and network are
   * immutable, so an edit to any of them plans a replacement that deletes every file. With
   * this on, such a plan fails instead. Turn it off for scratch instances you rebuild freely.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/** Attributes of a Parallelstore instance created outside this app. */
export interface ParallelstoreInstanceAttributes {
  /** Project id of the instance. */
  readonly project: string;
  /** Zone of the instance, e.g. `us-central1-a`. */
  readonly zone: string;
  /** Instance id. */
  readonly instanceId: string;
  /**
   * Access point IPv4 addresses, as `gcloud parallelstore instances describe` lists them: a
   * list, or one comma-separated string.
   */
  readonly accessPoints: string[] | string;
  /** VPC network of the instance: a name, an id or a self link. */
  readonly network: string;
  /** Capacity in GiB. */
  readonly capacityGib: number;
}

/**
 * A Google Cloud Parallelstore instance (`google_parallelstore_instance`) with the
 * Parallelstore rules checked at synth time and the values the CSI driver needs exposed.
 */
export class ParallelstoreFileSystem extends Construct implements IParallelstoreInstance {
  /**
   * Returns a reference to an instance created elsewhere, after checking its attributes:
   * the zone must be a zone (not a region), the id and capacity valid.
   */
  public static fromInstanceAttributes(scope: Construct, attributes: ParallelstoreInstanceAttributes): IParallelstoreInstance {
    requireProps(scope, attributes, "ParallelstoreInstanceAttributes");
    // gcloud prints access points comma-separated, so a joined string is accepted as well.
    const accessPoints = typeof attributes.accessPoints === "string" ? splitAccessPoints(attributes.accessPoints) : attributes.accessPoints;
    throwIfInvalid(scope, [
      checkLiteral(attributes.project, (value) => checkProjectId("project", value)),
      checkLiteral(attributes.instanceId, (value) => checkInstanceId("instanceId", value)),
      checkLiteral(attributes.zone, (value) => checkParallelstoreZone("zone", value)),
      checkLiteral(attributes.capacityGib, (value) => checkCapacityGib("capacityGib", value)),
      checkLiteral(attributes.network, (value) => checkNetworkReference("network", value)),
      checkLiteral(accessPoints, (value) => checkAccessPoints("accessPoints", value)),
    ]);
    return {
      project: attributes.project,
      zone: attributes.zone,
      instanceId: attributes.instanceId,
      accessPointsJoined: isLiteral(accessPoints) ? accessPoints.join(",") : Fn.join(",", accessPoints),
      network: attributes.network,
      capacityGib: attributes.capacityGib,
      volumeHandle: volumeHandleOf(attributes.project, attributes.zone, attributes.instanceId),
    };
  }

  /** The provider resource, as an escape hatch. */
  public readonly resource: ParallelstoreInstance;
  /** Access point IPv4 addresses (a token list). */
  public readonly accessPoints: string[];
  /** Access points joined by commas, the CSI driver's `accessPoints` volume attribute. */
  public readonly accessPointsJoined: string;
  /** CSI volume handle `PROJECT/ZONE/INSTANCE_ID/default-pool/default-container`. */
  public readonly volumeHandle: string;
  /** Project id (the provider's project as a token when `project` is not set). */
  public readonly project: string;
  /** Instance id. */
  public readonly instanceId: string;
  /** Zone of the instance. */
  public readonly zone: string;
  /** Region that contains the zone. */
  public readonly region: string;
  /** VPC network as given (name, id or self link). */
  public readonly network: string;
  /** Capacity in GiB. */
  public readonly capacityGib: number;
  /** Deployment type. */
  public readonly deploymentType: DeploymentType;
  /** The Private Services Access this instance peers through, when one was given. */
  public readonly privateServicesAccess?: PrivateServicesAccess;
  /**
   * Expected aggregate read and write performance for the capacity, estimated from Google's
   * per-TiB figures; undefined when the capacity is a token.
   */
  public readonly expectedPerformance?: ExpectedPerformance;

  constructor(scope: Construct, id: string, props: ParallelstoreFileSystemProps) {
    super(scope, id);
    requireProps(this, props, "ParallelstoreFileSystemProps");

    const capacityGib = props.capacityGib ?? 12000;
    const deploymentType = props.deploymentType ?? DeploymentType.SCRATCH;
    const fileStripeLevel = props.fileStripeLevel ?? FileStripeLevel.BALANCED;
    const directoryStripeLevel = props.directoryStripeLevel ?? DirectoryStripeLevel.MAX;
    const access = [props.network, props.reservedIpRange].find(
      (value): value is PrivateServicesAccess => value instanceof PrivateServicesAccess,
    );
    const network = networkOf(props.network) ?? access?.networkName ?? "default";
    const reservedIpRange = rangeOf(props.reservedIpRange) ?? (props.network instanceof PrivateServicesAccess ? props.network.reservedRangeName : undefined);

    throwIfInvalid(this, [
      checkLiteral(props.project, (value) => checkProjectId("project", value)),
      checkLiteral(props.instanceId, (value) => checkInstanceId("instanceId", value)),
      checkLiteral(props.zone, (value) => checkParallelstoreZone("zone", value)),
      checkLiteral(capacityGib, (value) => checkCapacityGib("capacityGib", value)),
      checkLiteral(network, (value) => checkNetworkReference("network", value)),
      checkLiteral(reservedIpRange, (value) => checkReservedRangeName("reservedIpRange", value)),
      checkLiteral(deploymentType, (value) => checkEnum("deploymentType", value, DeploymentType)),
      checkLiteral(fileStripeLevel, (value) => checkEnum("fileStripeLevel", value, FileStripeLevel)),
      checkLiteral(directoryStripeLevel, (value) => checkEnum("directoryStripeLevel", value, DirectoryStripeLevel)),
      checkLiteral(props.description, (value) => checkDescription("description", value)),
      ...(isLiteral(props.labels) ? checkLabels("labels", props.labels, isLiteral) : []),
    ]);

    this.resource = new ParallelstoreInstance(this, "instance", {
      instanceId: props.instanceId,
      location: props.zone,
      capacityGib: isLiteral(capacityGib) ? String(capacityGib) : Token.asString(capacityGib),
      network,
      reservedIpRange,
      deploymentType,
      fileStripeLevel,
      directoryStripeLevel,
      description: props.description,
      labels: props.labels,
      project: props.project,
      dependsOn: access ? [access.connection] : undefined,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    access?.attachInstance(this);
    registerInstance(this, props.project, props.zone, props.instanceId);

    this.privateServicesAccess = access;
    this.instanceId = props.instanceId;
    this.zone = props.zone;
    this.region = isLiteral(props.zone) ? regionOfZone(props.zone) ?? props.zone : Fn.replace(props.zone, "/-[a-z]$/", "");
    this.network = network;
    this.capacityGib = capacityGib;
    this.deploymentType = deploymentType;
    this.project = props.project ?? this.resource.project;
    this.accessPoints = this.resource.accessPoints;
    this.accessPointsJoined = Fn.join(",", this.resource.accessPoints);
    this.volumeHandle = volumeHandleOf(this.project, props.zone, props.instanceId);
    this.expectedPerformance = isLiteral(capacityGib) ? expectedPerformanceOf(capacityGib) : undefined;
  }
}

function networkOf(value: string | PrivateServicesAccess | undefined): string | undefined {
  return value instanceof PrivateServicesAccess ? value.networkName : value;
}

function rangeOf(value: string | PrivateServicesAccess | undefined): string | undefined {
  return value instanceof PrivateServicesAccess ? value.reservedRangeName : value;
}

function checkAccessPoints(property: string, accessPoints: unknown): Violation | undefined {
  const fix = "Copy accessPoints from `gcloud parallelstore instances describe`.";
  if (!Array.isArray(accessPoints) || accessPoints.length === 0) {
    return { property, value: accessPoints, rule: "the CSI driver needs at least one access point to mount.", fix };
  }
  const bad = accessPoints.find((point) => isLiteral(point) && (typeof point !== "string" || parseIpv4(point) === undefined));
  if (bad !== undefined) {
    return { property, value: bad, rule: "an access point is an IPv4 address such as \"10.92.0.2\".", fix };
  }
  const reserved = accessPoints.find((point) => isLiteral(point) && overlapsParallelstoreReservedRange(`${point}/32`));
  if (reserved !== undefined) {
    return {
      property,
      value: reserved,
      rule: `Parallelstore clients cannot reach addresses in ${PARALLELSTORE_RESERVED_CIDR}, which the client side uses itself.`,
      fix,
    };
  }
  return undefined;
}

/** Instances per stack by `project/zone/instanceId`, to report two constructs creating one instance. */
const instancesByStack = new WeakMap<TerraformStack, Map<string, ParallelstoreFileSystem[]>>();

function registerInstance(fileSystem: ParallelstoreFileSystem, project: string | undefined, zone: string, instanceId: string): void {
  if (!isLiteral(zone) || !isLiteral(instanceId) || (project !== undefined && !isLiteral(project))) {
    return;
  }
  const stack = TerraformStack.of(fileSystem);
  let instances = instancesByStack.get(stack);
  if (instances === undefined) {
    instances = new Map();
    instancesByStack.set(stack, instances);
  }
  const key = `${project ?? "(provider project)"}/${zone}/${instanceId}`;
  const sameKey = instances.get(key) ?? [];
  sameKey.push(fileSystem);
  instances.set(key, sameKey);
  if (sameKey.length === 2) {
    // One validation per duplicated key, on the first construct, lists every construct.
    sameKey[0].node.addValidation({
      validate: () => [
        `instance ${JSON.stringify(instanceId)} in ${zone} is created by ${sameKey.length} constructs (${sameKey.map((c) => c.node.path).join(", ")}), ` +
          "but an instance id is unique per project and zone. Give each instance its own instanceId.",
      ],
    });
  }
}
