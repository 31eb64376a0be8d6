import { Construct } from "constructs";
import { PersistentVolumeClaimV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1";
import { PersistentVolumeV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-v1";
import { IParallelstoreInstance } from "../instance/types";
import { Violation, requireProps, throwIfInvalid } from "../validation/errors";
import { parseIpv4 } from "../validation/cidr";
import { checkLiteral, isLiteral } from "../validation/literal";
import { networkId, parseNetwork } from "../validation/network";
import { checkCapacityGib, checkParallelstoreZone } from "../validation/parallelstore-rules";
import { compareQuantities, parseQuantity } from "../validation/quantity";
import { ClaimRequestProps, checkClaimIdentity, createClaimResource, gibToStorage, requestGibOf, resolveClaimRequest } from "./claim-request";
import { MountLocalitySettings, PARALLELSTORE_CSI_DRIVER, checkMountLocality, renderMountLocality } from "./csi-driver";
import { checkObjectName, registerKubernetesObject } from "./kubernetes-objects";
import { DfuseMountOptions, checkMountOptions, renderMountOptions } from "./mount-options";
import { checkStringWith, describeType, printableValue } from "./prop-types";
import { AccessMode, IParallelstoreClaim, MountLocality, ReclaimPolicy } from "./types";

/**
 * Storage class name of static pairs by default. It is not empty because the kubernetes
 * provider (2.38.0) drops an empty `storage_class_name` from a claim, and the cluster's default
 * class then fills it in, which no longer matches the volume. No StorageClass needs to exist
 * under this name: a pre-bound pair binds without one.
 */
export const STATIC_STORAGE_CLASS_NAME = "parallelstore-static";

/**
 * How long Terraform waits for a static claim to bind. A pre-bound pair binds within seconds,
 * so a longer wait means the pair is broken (class, size or access mode mismatch).
 */
export const STATIC_BIND_TIMEOUT = "2m";

export interface ParallelstoreStaticVolumeProps extends MountLocalitySettings, ClaimRequestProps {
  /**
   * The instance to mount: a `ParallelstoreFileSystem`, or the result of
   * `ParallelstoreFileSystem.fromInstanceAttributes` for one created elsewhere.
   */
  readonly instance: IParallelstoreInstance;

  /**
   * Name of the PersistentVolumeClaim, a DNS-1123 subdomain.
   * @default the construct id
   */
  readonly claimName?: string;

  /**
   * Name of the PersistentVolume, a DNS-1123 subdomain. PersistentVolumes are cluster-wide, so
   * the default includes the namespace.
   * @default `${namespace}-${claimName}`
   */
  readonly volumeName?: string;

  /**
   * Namespace of the claim, which must exist.
   * @default "default"
   */
  readonly namespace?: string;

  /**
   * Access mode of the volume and the claim.
   * @default AccessMode.READ_WRITE_MANY
   */
  readonly accessMode?: AccessMode;

  /**
   * `storageClassName` on both the volume and the claim. Any non-empty name works, and the class
   * need not exist.
   * @default "parallelstore-static"
   */
  readonly storageClassName?: string;

  /** dfuse mount options of the volume. @default none */
  readonly mountOptions?: DfuseMountOptions;
}

/**
 * A PersistentVolume for an existing Parallelstore instance and the claim bound to it
 * (`kubernetes_persistent_volume_v1` and `kubernetes_persistent_volume_claim_v1`). The pair is
 * pre-bound with `claimRef` and `volumeName`, and the volume is retained when the claim goes,
 * since Terraform, not Kubernetes, owns the instance.
 */
export class ParallelstoreStaticVolume extends Construct implements IParallelstoreClaim {
  /** The PersistentVolume resource. */
  public readonly pv: PersistentVolumeV1;
  /** The PersistentVolumeClaim resource. */
  public readonly pvc: PersistentVolumeClaimV1;
  /** Name of the claim. */
  public readonly claimName: string;
  /** Name of the PersistentVolume. */
  public readonly volumeName: string;
  /** Namespace of the claim. */
  public readonly namespace: string;
  /** Access mode of the pair. */
  public readonly accessMode: AccessMode;
  /** Mount locality of the volume. */
  public readonly mountLocality: MountLocality;
  /** Requested size in GiB, when known at synth time. */
  public readonly requestGib?: number;
  /** CSI volume handle `PROJECT/ZONE/INSTANCE_ID/default-pool/default-container`. */
  public readonly volumeHandle: string;
  /** Storage class name on both sides of the pair. */
  public readonly storageClassName: string;
  /** Zone of the instance. */
  public readonly zone: string;
  /** VPC network of the instance. */
  public readonly network: string;

  constructor(scope: Construct, id: string, props: ParallelstoreStaticVolumeProps) {
    super(scope, id);
    requireProps(this, props, "ParallelstoreStaticVolumeProps");

    const instance = props.instance;
    // The checks below read the instance's fields, so a reference without them fails first.
    throwIfInvalid(this, checkInstanceShape(instance));
    const claimName = props.claimName ?? id;
    const namespace = props.namespace ?? "default";
    const volumeName = props.volumeName ?? `${namespace}-${claimName}`;
    const accessMode = props.accessMode ?? AccessMode.READ_WRITE_MANY;
    const storageClassName = props.storageClassName ?? STATIC_STORAGE_CLASS_NAME;
    // A known instance capacity bounds the request, and its check reports requests of any size.
    const { request, violations: requestViolations } = resolveClaimRequest(props, instance.capacityGib, isLiteral(instance.capacityGib));

    throwIfInvalid(this, [
      ...checkClaimIdentity(claimName, namespace, accessMode),
      checkStringWith("volumeName", volumeName, (name) => checkObjectName("volumeName", name)),
      checkStringWith("storageClassName", storageClassName, (name) => checkStaticClassName("storageClassName", name)),
      checkLiteral(instance.zone, (zone) => checkParallelstoreZone("instance.zone", zone)),
      checkLiteral(instance.capacityGib, (capacity) => checkCapacityGib("instance.capacityGib", capacity)),
      checkLiteral(instance.volumeHandle, (handle) => checkVolumeHandle("instance.volumeHandle", handle)),
      checkLiteral(instance.accessPointsJoined, (joined) => checkAccessPoints("instance.accessPointsJoined", joined)),
      ...requestViolations,
      requestViolations.length > 0
        ? undefined
        : checkRequestWithinCapacity(request.property, request.value, request.quantity, instance.capacityGib),
      ...checkMountLocality(props),
      ...checkMountOptions(props.mountOptions),
    ]);

    const mountOptions = renderMountOptions(props.mountOptions);
    this.pv = new PersistentVolumeV1(this, "volume", {
      metadata: { name: volumeName },
      spec: [
        {
          capacity: { storage: gibToStorage(instance.capacityGib) },
          accessModes: [accessMode],
          persistentVolumeReclaimPolicy: ReclaimPolicy.RETAIN,
          storageClassName,
          volumeMode: "Filesystem",
          mountOptions: mountOptions.length > 0 ? mountOptions : undefined,
          claimRef: { name: claimName, namespace },
          persistentVolumeSource: {
            csi: {
              driver: PARALLELSTORE_CSI_DRIVER,
              volumeHandle: instance.volumeHandle,
              volumeAttributes: {
                accessPoints: instance.accessPointsJoined,
                network: networkAttribute(instance.network),
                ...renderMountLocality(props),
              },
            },
          },
        },
      ],
    });

    this.pvc = createClaimResource(this, {
      claimName,
      namespace,
      accessMode,
      storageClassName,
      storage: request.storage,
      volumeName,
      // The pair is pre-bound, so it binds within seconds. A short wait turns a broken pair into
      // a failed apply instead of a Pending claim that hangs a workload later.
      waitUntilBound: true,
      bindTimeout: STATIC_BIND_TIMEOUT,
      dependsOn: [this.pv],
    });

    registerKubernetesObject(this, "PersistentVolume", volumeName);

    this.claimName = claimName;
    this.volumeName = volumeName;
    this.namespace = namespace;
    this.accessMode = accessMode;
    this.mountLocality = props.mountLocality ?? MountLocality.POD;
    this.requestGib = requestGibOf(request);
    this.volumeHandle = instance.volumeHandle;
    this.storageClassName = storageClassName;
    this.zone = instance.zone;
    this.network = instance.network;
  }
}

/**
 * Returns the `network` volume attribute: a name stays a name, and a self link becomes the
 * `projects/P/global/networks/N` id that the StorageClass parameter also uses.
 */
function networkAttribute(network: string): string {
  if (!isLiteral(network)) {
    return network;
  }
  const parsed = parseNetwork(network);
  return parsed?.project !== undefined ? networkId(parsed.project, parsed.name) : network;
}

/** Fields of IParallelstoreInstance with their types, every one of which an instance reference must have. */
const INSTANCE_FIELDS: readonly [keyof IParallelstoreInstance, "string" | "number"][] = [
  ["project", "string"],
  ["zone", "string"],
  ["instanceId", "string"],
  ["volumeHandle", "string"],
  ["accessPointsJoined", "string"],
  ["network", "string"],
  ["capacityGib", "number"],
];

/**
 * Checks that the instance reference has every field with its type, one violation per field.
 * Tokens pass: a string token is a string and a number token is a number.
 */
function checkInstanceShape(instance: unknown): Violation[] {
  const fix = "Pass a ParallelstoreFileSystem, or ParallelstoreFileSystem.fromInstanceAttributes(...) for an existing instance.";
  if (instance === null || typeof instance !== "object") {
    return [{ property: "instance", value: instance, rule: "a static volume needs the instance it mounts.", fix }];
  }
  const fields = instance as Record<string, unknown>;
  return INSTANCE_FIELDS.filter(([field, expected]) => typeof fields[field] !== expected).map(([field, expected]) => ({
    property: `instance.${field}`,
    value: printableValue(fields[field]),
    rule:
      fields[field] === undefined
        ? `the instance reference has no ${field}, which the volume needs as a ${expected}.`
        : `${field} must be a ${expected}, but it is ${describeType(fields[field])}.`,
    fix,
  }));
}

function checkStaticClassName(property: string, name: string): Violation | undefined {
  if (name === "") {
    return {
      property,
      value: name,
      rule: "the kubernetes provider drops an empty storage_class_name from the claim, so the cluster's default class is filled in and the claim no longer matches the volume.",
      fix: `Leave storageClassName unset (${JSON.stringify(STATIC_STORAGE_CLASS_NAME)}) or give any non-empty name.`,
    };
  }
  return checkObjectName(property, name);
}

/** Checks the CSI handle `PROJECT/ZONE/INSTANCE_ID/default-pool/default-container`. */
function checkVolumeHandle(property: string, handle: string): Violation | undefined {
  const format = "PROJECT_ID/ZONE/INSTANCE_ID/default-pool/default-container";
  if (/^projects\/[^/]+\/locations\/[^/]+\/instances\/[^/]+$/.test(handle)) {
    const [, project, , zone, , instanceId] = handle.split("/");
    return {
      property,
      value: handle,
      rule: `this is the API resource name, not the CSI volume handle ${format}.`,
      fix: `Use "${project}/${zone}/${instanceId}/default-pool/default-container".`,
    };
  }
  const parts = handle.split("/");
  if (parts.length !== 5 || parts[3] !== "default-pool" || parts[4] !== "default-container" || parts.slice(0, 3).some((part) => part === "")) {
    return {
      property,
      value: handle,
      rule: `the Parallelstore CSI volume handle is ${format}.`,
      fix: "Build the handle with volumeHandleOf(project, zone, instanceId).",
    };
  }
  return checkParallelstoreZone(`${property} zone`, parts[1]);
}

/** Checks the comma-joined access points: at least one, each a dotted IPv4 address. */
function checkAccessPoints(property: string, joined: string): Violation | undefined {
  const addresses = joined.split(",").map((address) => address.trim());
  if (joined.trim() !== "" && addresses.every((address) => parseIpv4(address) !== undefined)) {
    return undefined;
  }
  return {
    property,
    value: joined,
    rule: "the CSI driver needs the instance's access points, IPv4 addresses joined by commas, to mount.",
    fix: "Copy accessPoints from `gcloud parallelstore instances describe`.",
  };
}

function checkRequestWithinCapacity(
  property: string,
  value: unknown,
  request: ReturnType<typeof parseQuantity>,
  capacityGib: number,
): Violation | undefined {
  const capacity = isLiteral(capacityGib) ? parseQuantity(gibToStorage(capacityGib)) : undefined;
  if (request === undefined || capacity === undefined || compareQuantities(request, capacity) <= 0) {
    return undefined;
  }
  return {
    property,
    value,
    rule: `the claim requests more than the volume's capacity ${gibToStorage(capacityGib)}, and Kubernetes binds a claim only to a volume at least as large.`,
    fix: `Request at most ${capacityGib} GiB, or leave the request unset to claim the whole volume.`,
  };
}
