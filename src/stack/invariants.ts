import { IConstruct, IValidation } from "constructs";
import { Annotations } from "cdktf";
import { PrivateServicesAccess } from "../instance/private-services-access";
import { IParallelstoreInstance } from "../instance/types";
import { IGpuPlacement } from "../cluster/types";
import { ParallelstoreGkeCluster } from "../cluster/parallelstore-gke-cluster";
import { VERSION_GATES, checkVersionGate } from "../cluster/versions";
import { ParallelstoreStorageClass } from "../storage/parallelstore-storage-class";
import { ParallelstoreStaticVolume } from "../storage/parallelstore-static-volume";
import { IParallelstoreClaim, MountLocality } from "../storage/types";
import { GpuTrainingWorkload } from "../workload/gpu-training-workload";
import { ParallelstoreValidationError, Violation } from "../validation/errors";
import { isLiteral } from "../validation/literal";
import { isSameNetwork } from "../validation/network";
import { regionOfZone } from "../validation/zones";
import { parseCidr, rangesOverlap } from "../validation/cidr";

/** The parts of one Parallelstore deployment whose values must agree with each other. */
export interface ParallelstoreWiring {
  /**
   * The instance every claim reads, created here or referenced.
   * @default none, for dynamic provisioning: zone checks then use the StorageClass zones
   */
  readonly instance?: IParallelstoreInstance;
  /** Private Services Access of the instance's VPC. @default none */
  readonly privateServicesAccess?: PrivateServicesAccess;
  /** The cluster that mounts the instance. @default none */
  readonly cluster?: ParallelstoreGkeCluster;
  /** GPU node pools that run Pods mounting the instance. @default none */
  readonly gpuPools?: readonly IGpuPlacement[];
  /** StorageClasses that provision Parallelstore volumes on the instance's VPC. @default none */
  readonly storageClasses?: readonly ParallelstoreStorageClass[];
  /** Claims backed by the instance (static volumes) or by a class of this wiring. @default none */
  readonly claims?: readonly IParallelstoreClaim[];
  /** Workloads that mount the claims. @default none */
  readonly workloads?: readonly GpuTrainingWorkload[];
}

/**
 * Cross-construct checks of a Parallelstore deployment, run at synth time through
 * `node.addValidation`. Each failed check is reported, all at once; values that are tokens
 * skip the checks they take part in.
 *
 * Add it with `scope.node.addValidation(new ParallelstoreInvariants(wiring))`;
 * `ParallelstoreTraining` does so for the parts it creates.
 */
export class ParallelstoreInvariants implements IValidation {
  /** Warnings already added, because cdktf may run a validation more than once. */
  private readonly warned = new Set<string>();

  constructor(private readonly wiring: ParallelstoreWiring) {
    checkWiring(wiring);
  }

  public validate(): string[] {
    return [
      ...this.checkZones(),
      ...this.checkNetworks(),
      ...this.checkAddressRanges(),
      ...this.checkCapacity(),
      ...this.checkNodeMountVersion(),
      ...this.checkVolumesPerPod(),
    ];
  }

  private checkZones(): string[] {
    const errors: string[] = [];
    const { instance, cluster } = this.wiring;
    const instanceZone = instance?.zone ?? this.storageClassZone();
    if (!isLiteral(instanceZone)) {
      return errors;
    }
    // Without an instance the zone comes from the StorageClass that provisions one.
    const zoneName = instance ? "instance zone" : "StorageClass zone";
    const instanceRegion = regionOfZone(instanceZone);

    if (cluster && isLiteral(cluster.region) && instanceRegion !== undefined && cluster.region !== instanceRegion) {
      errors.push(
        `${zoneName} ${JSON.stringify(instanceZone)} is not in the region ${JSON.stringify(cluster.region)} of cluster ` +
          `${cluster.node.path}: Parallelstore instances are reached from the cluster's region only. ` +
          `Put the instance in a zone of ${cluster.region}, or the cluster in ${instanceRegion}.`,
      );
    }

    for (const claim of this.wiring.claims ?? []) {
      if (!isLiteral(claim.zone) || claim.zone === instanceZone) {
        continue;
      }
      if (claim instanceof ParallelstoreStaticVolume) {
        errors.push(
          `claim ${claim.node.path} points at zone ${JSON.stringify(claim.zone)}, but the instance is in ${JSON.stringify(instanceZone)}: ` +
            `the volume handle's zone must be the instance's zone. Build the volume from the same instance.`,
        );
      } else {
        errors.push(
          `claim ${claim.node.path} gets its instance in zone ${JSON.stringify(claim.zone)} from its StorageClass, but the GPU nodes and ` +
            `instance zone here are ${JSON.stringify(instanceZone)}. Pin the StorageClass to ${instanceZone}.`,
        );
      }
    }

    for (const pool of this.wiring.gpuPools ?? []) {
      const zones = pool.zones;
      if (zones !== undefined && zones.every((zone) => isLiteral(zone)) && !zones.includes(instanceZone)) {
        // Cross-zone mounts work but add latency, so this is advice rather than an error.
        const scope = pool as unknown as IConstruct;
        const warning =
          `GPU node pool zones ${zones.join(", ")} do not include the ${zoneName} ${instanceZone}: ` +
          `Pods will mount Parallelstore across zones, which works but adds latency. Add ${instanceZone} to nodeLocations.`;
        if (scope.node !== undefined && !this.warned.has(`${scope.node.path} ${warning}`)) {
          this.warned.add(`${scope.node.path} ${warning}`);
          Annotations.of(scope).addWarning(warning);
        }
      }
    }
    return errors;
  }

  private checkNetworks(): string[] {
    const { instance, privateServicesAccess, cluster } = this.wiring;
    const named: Array<[string, string | undefined]> = [
      [`instance network`, instance?.network],
      [`private services access ${privateServicesAccess?.node.path ?? ""} network`, privateServicesAccess?.networkName],
      [`cluster ${cluster?.node.path ?? ""} network`, cluster?.network],
      ...(this.wiring.storageClasses ?? []).map((storageClass): [string, string | undefined] => [
        `StorageClass ${storageClass.node.path} parameter network`,
        storageClass.network,
      ]),
      ...(this.wiring.claims ?? []).map((claim): [string, string | undefined] => [`volume ${claim.node.path} attribute network`, claim.network]),
    ];
    const literal = named.filter((entry): entry is [string, string] => isLiteral(entry[1]));
    if (literal.length < 2) {
      return [];
    }
    const [referenceName, referenceValue] = literal[0];
    return literal
      .slice(1)
      .filter(([, value]) => !isSameNetwork(referenceValue, value))
      .map(
        ([name, value]) =>
          `${name} ${JSON.stringify(value)} differs from ${referenceName} ${JSON.stringify(referenceValue)}: ` +
          `the instance, Private Services Access, cluster, StorageClass and volumes must use one VPC, or mounts time out. ` +
          `Use ${JSON.stringify(referenceValue)} everywhere (a name, an id and a self link of one network are equal).`,
      );
  }

  private checkCapacity(): string[] {
    const { instance } = this.wiring;
    if (instance === undefined || !isLiteral(instance.capacityGib)) {
      return [];
    }
    const errors: string[] = [];
    for (const claim of this.wiring.claims ?? []) {
      if (!(claim instanceof ParallelstoreStaticVolume)) {
        continue;
      }
      if (isLiteral(claim.requestGib) && claim.requestGib > instance.capacityGib) {
        errors.push(
          `claim ${claim.node.path} requests ${claim.requestGib}Gi, more than the instance's ${instance.capacityGib}Gi. ` +
            `Request ${instance.capacityGib}Gi or less.`,
        );
      }
      if (isLiteral(claim.volumeHandle) && isLiteral(instance.volumeHandle) && claim.volumeHandle !== instance.volumeHandle) {
        errors.push(
          `volume ${claim.node.path} has handle ${JSON.stringify(claim.volumeHandle)}, but the instance's is ` +
            `${JSON.stringify(instance.volumeHandle)}. Build the volume from the same instance so handle and capacity match.`,
        );
      }
    }
    return errors;
  }

  /** Returns the zone a single-zone StorageClass pins dynamically provisioned instances to. */
  private storageClassZone(): string | undefined {
    const zones = (this.wiring.storageClasses ?? []).map((storageClass) => storageClass.zone).filter((zone) => zone !== undefined);
    return zones.length === 1 ? zones[0] : undefined;
  }

  /**
   * Checks that the reserved peering range shares no address with the cluster's Pod and
   * Service ranges: VPC peering rejects overlapping routes, and Pods would reach the wrong host.
   */
  private checkAddressRanges(): string[] {
    const { privateServicesAccess, cluster } = this.wiring;
    if (privateServicesAccess === undefined || cluster === undefined || !isLiteral(privateServicesAccess.reservedRangeCidr)) {
      return [];
    }
    const reserved = parseCidr(privateServicesAccess.reservedRangeCidr);
    const clusterRanges: Array<[string, string | undefined]> = [
      ["podsCidr", cluster.podsCidr],
      ["servicesCidr", cluster.servicesCidr],
    ];
    const errors: string[] = [];
    for (const [name, cidr] of clusterRanges) {
      const range = isLiteral(cidr) ? parseCidr(cidr) : undefined;
      if (reserved !== undefined && range !== undefined && rangesOverlap(reserved, range)) {
        errors.push(
          `cluster ${cluster.node.path} ${name} ${JSON.stringify(cidr)} overlaps the Parallelstore reserved range ` +
            `${JSON.stringify(privateServicesAccess.reservedRangeCidr)}. Pick disjoint ranges, e.g. move rangeStartAddress or ${name}.`,
        );
      }
    }
    return errors;
  }

  private checkNodeMountVersion(): string[] {
    const nodeMountClaims = (this.wiring.claims ?? []).filter((claim) => claim.mountLocality === MountLocality.NODE);
    if (nodeMountClaims.length === 0) {
      return [];
    }
    const claimPaths = nodeMountClaims.map((claim) => claim.node.path).join(", ");
    const versions: Array<[string, string | undefined]> = [
      [`cluster ${this.wiring.cluster?.node.path ?? ""} minMasterVersion`, this.wiring.cluster?.minMasterVersion],
      ...(this.wiring.gpuPools ?? []).map((pool): [string, string | undefined] => [`GPU node pool nodeVersion`, pool.nodeVersion]),
    ];
    const errors: string[] = [];
    for (const [name, version] of versions) {
      if (!isLiteral(version)) {
        continue;
      }
      const violation = checkVersionGate(name, version, VERSION_GATES.NODE_MOUNT);
      if (violation !== undefined) {
        errors.push(`${name} ${JSON.stringify(version)} is too old for the node-mount claims ${claimPaths}: ${violation.rule} ${violation.fix}`);
      }
    }
    return errors;
  }

  private checkVolumesPerPod(): string[] {
    const errors: string[] = [];
    for (const workload of this.wiring.workloads ?? []) {
      const claims = workload.claims;
      const podMount = claims.filter((claim) => claim.mountLocality !== MountLocality.NODE);
      if (claims.length > 1 && podMount.length > 0) {
        errors.push(
          `workload ${workload.node.path} mounts ${claims.length} Parallelstore volumes (${claims.map((claim) => claim.claimName).join(", ")}), ` +
            `but ${podMount.map((claim) => claim.claimName).join(", ")} use pod mount, which allows one Parallelstore volume per Pod. ` +
            `Mount one claim at several paths with subPath, or use node mount (GKE 1.32.3 or later) for every claim.`,
        );
      }
    }
    return errors;
  }
}

/** Rejects wiring that plain JavaScript callers can pass but the checks cannot read. */
function checkWiring(wiring: ParallelstoreWiring): void {
  if (wiring === null || typeof wiring !== "object") {
    throw new ParallelstoreValidationError("ParallelstoreInvariants", [
      { property: "wiring", value: wiring, rule: "the invariants need the constructs to compare.", fix: "Pass an object such as { instance, cluster, claims }." },
    ]);
  }
  const lists = ["gpuPools", "storageClasses", "claims", "workloads"] as const;
  const violations: Violation[] = lists
    .filter((key) => wiring[key] !== undefined && !(Array.isArray(wiring[key]) && (wiring[key] as readonly unknown[]).every((item) => item !== null && typeof item === "object")))
    .map((key) => ({ property: key, value: wiring[key], rule: `${key} must be a list of constructs.`, fix: `Pass [${key === "claims" ? "volume" : "..."}] rather than a single value or names.` }));
  if (violations.length > 0) {
    throw new ParallelstoreValidationError("ParallelstoreInvariants", violations);
  }
}
