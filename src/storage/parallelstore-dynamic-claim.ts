import { Construct } from "constructs";
import { Annotations } from "cdktf";
import { PersistentVolumeClaimV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1";
import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { Violation, requireProps, throwIfInvalid } from "../validation/errors";
import { checkLiteral } from "../validation/literal";
import {
  CAPACITY_STEP_GIB,
  MAX_CAPACITY_GIB,
  MIN_CAPACITY_GIB,
  isValidCapacityGib,
  nearestValidCapacitiesGib,
} from "../validation/parallelstore-rules";
import { gibToQuantity, quantityToGib, quantityToWholeGib } from "../validation/quantity";
import { ClaimRequest, ClaimRequestProps, checkClaimIdentity, createClaimResource, requestGibOf, resolveClaimRequest } from "./claim-request";
import { GKE_DEFAULT_STORAGE_CLASS } from "./csi-driver";
import { checkObjectName } from "./kubernetes-objects";
import { ParallelstoreStorageClass } from "./parallelstore-storage-class";
import { describeType, printableValue } from "./prop-types";
import { AccessMode, IParallelstoreClaim, MountLocality } from "./types";

export interface ParallelstoreDynamicClaimProps extends ClaimRequestProps {
  /**
   * The class that provisions the instance: a `ParallelstoreStorageClass` of this app, or the
   * name of a class that exists in the cluster.
   * @default "parallelstore-rwx", the class GKE creates (reclaim policy Delete)
   */
  readonly storageClass?: ParallelstoreStorageClass | string;

  /**
   * Name of the PersistentVolumeClaim, a DNS-1123 subdomain.
   * @default the construct id
   */
  readonly claimName?: string;

  /**
   * Namespace of the claim, which must exist.
   * @default "default"
   */
  readonly namespace?: string;

  /**
   * Access mode of the claim.
   * @default AccessMode.READ_WRITE_MANY
   */
  readonly accessMode?: AccessMode;
}

/**
 * A PersistentVolumeClaim that makes the CSI driver create a Parallelstore instance
 * (`kubernetes_persistent_volume_claim_v1`). Its size follows the Parallelstore capacity rule,
 * because the driver creates an instance of exactly the requested size.
 */
export class ParallelstoreDynamicClaim extends Construct implements IParallelstoreClaim {
  /** The PersistentVolumeClaim resource. */
  public readonly pvc: PersistentVolumeClaimV1;
  /** Name of the claim. */
  public readonly claimName: string;
  /** Namespace of the claim. */
  public readonly namespace: string;
  /** Access mode of the claim. */
  public readonly accessMode: AccessMode;
  /** Name of the StorageClass the claim uses. */
  public readonly storageClassName: string;
  /**
   * Mount locality of the class. NOTE: for a class given by name it is assumed to be
   * MountLocality.POD, the driver default, since the class is not visible at synth time.
   */
  public readonly mountLocality: MountLocality;
  /** Requested size in GiB, when known at synth time. */
  public readonly requestGib?: number;
  /** Zone of the instance, when the class pins one. */
  public readonly zone?: string;
  /** VPC network of the instance, when the class sets one. */
  public readonly network?: string;

  constructor(scope: Construct, id: string, props: ParallelstoreDynamicClaimProps = {}) {
    super(scope, id);
    requireProps(this, props, "ParallelstoreDynamicClaimProps");

    const storageClass = props.storageClass ?? GKE_DEFAULT_STORAGE_CLASS;
    const claimName = props.claimName ?? id;
    const namespace = props.namespace ?? "default";
    const accessMode = props.accessMode ?? AccessMode.READ_WRITE_MANY;
    // The capacity rule below reports requests above 100000 GiB, however large.
    const { request, violations: requestViolations } = resolveClaimRequest(props, MIN_CAPACITY_GIB, true);

    throwIfInvalid(this, [
      ...checkClaimIdentity(claimName, namespace, accessMode),
      checkStorageClass(storageClass),
      ...requestViolations,
      requestViolations.length > 0 ? undefined : checkRequestCapacity(request),
    ]);
    const storageClassName = storageClass instanceof ParallelstoreStorageClass ? storageClass.storageClassName : storageClass;

    this.pvc = createClaimResource(this, {
      claimName,
      namespace,
      accessMode,
      storageClassName,
      storage: request.storage,
      // With WaitForFirstConsumer the claim binds only when a Pod uses it, and creating an
      // instance takes many minutes, so waiting here would fail or stall the apply.
      waitUntilBound: false,
      dependsOn: storageClass instanceof ParallelstoreStorageClass ? [storageClass.resource] : undefined,
    });

    if (storageClassName === GKE_DEFAULT_STORAGE_CLASS) {
      Annotations.of(this).addWarning(
        `claim ${JSON.stringify(claimName)} uses GKE's ${GKE_DEFAULT_STORAGE_CLASS} class, whose reclaim policy is Delete: ` +
          "deleting the claim deletes its Parallelstore instance and every file on it. " +
          "Pass a ParallelstoreStorageClass (reclaim policy Retain by default) to keep the data.",
      );
    }
    this.claimName = claimName;
    this.namespace = namespace;
    this.accessMode = accessMode;
    this.storageClassName = storageClassName;
    this.mountLocality = storageClass instanceof ParallelstoreStorageClass ? storageClass.mountLocality : MountLocality.POD;
    this.requestGib = requestGibOf(request);
    this.zone = storageClass instanceof ParallelstoreStorageClass ? storageClass.zone : undefined;
    this.network = storageClass instanceof ParallelstoreStorageClass ? storageClass.network : undefined;
  }
}

/**
 * Checks the storageClass prop: a ParallelstoreStorageClass, or a class name known at synth
 * time that is a DNS-1123 subdomain.
 */
function checkStorageClass(storageClass: unknown): Violation | undefined {
  if (storageClass instanceof ParallelstoreStorageClass) {
    return undefined;
  }
  if (typeof storageClass === "string") {
    return checkLiteral(storageClass, (name) => checkObjectName("storageClass", name));
  }
  const isClassResource = storageClass instanceof StorageClassV1 && storageClass.node.scope instanceof ParallelstoreStorageClass;
  return {
    property: "storageClass",
    value: printableValue(storageClass),
    rule: `it must be a ParallelstoreStorageClass or the name of a StorageClass, but it is ${describeType(storageClass)}.`,
    fix: isClassResource
      ? "Pass the ParallelstoreStorageClass itself, not its resource."
      : 'Pass a ParallelstoreStorageClass, or a class name such as "parallelstore-rwx".',
  };
}

/**
 * Checks a request against the Parallelstore capacity rule. A quantity must be a whole number
 * of GiB first: `12T` is 11175.87 GiB, and `12Ti` is 12288 GiB, which is not a step of 4000.
 */
function checkRequestCapacity(request: ClaimRequest): Violation | undefined {
  if (request.quantity === undefined) {
    return undefined;
  }
  const rule = `Parallelstore capacity must be a whole number of GiB from ${MIN_CAPACITY_GIB} to ${MAX_CAPACITY_GIB} in steps of ${CAPACITY_STEP_GIB} GiB.`;
  const gib = quantityToWholeGib(request.quantity);
  if (gib !== undefined && isValidCapacityGib(gib)) {
    return undefined;
  }
  const nearest = nearestValidCapacitiesGib(gib ?? quantityToGib(request.quantity));
  const isQuantity = request.property === "requestQuantity";
  const fix = isQuantity
    ? `Use ${nearest.map((value) => JSON.stringify(gibToQuantity(value))).join(" or ")}.`
    : `Use ${nearest.join(" or ")}.`;
  const size = gib === undefined ? `${quantityToGib(request.quantity)} GiB, which is not a whole number of GiB` : `${gib} GiB`;
  return {
    property: request.property,
    value: request.value,
    rule: isQuantity ? `it is ${size}. ${rule}` : rule,
    fix,
  };
}
