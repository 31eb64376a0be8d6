import { Fn } from "cdktf";
import { isLiteral } from "../validation/literal";

/**
 * Deployment type of a Parallelstore instance. Immutable after creation.
 * SCRATCH is the API default; PERSISTENT keeps data safer across hardware failures.
 */
export enum DeploymentType {
  SCRATCH = "SCRATCH",
  PERSISTENT = "PERSISTENT",
}

/** How many storage servers one file is striped over. Immutable after creation; the API default is BALANCED. */
export enum FileStripeLevel {
  MIN = "FILE_STRIPE_LEVEL_MIN",
  BALANCED = "FILE_STRIPE_LEVEL_BALANCED",
  MAX = "FILE_STRIPE_LEVEL_MAX",
}

/** How many storage servers one directory is striped over. Immutable after creation; the API default is MAX. */
export enum DirectoryStripeLevel {
  MIN = "DIRECTORY_STRIPE_LEVEL_MIN",
  BALANCED = "DIRECTORY_STRIPE_LEVEL_BALANCED",
  MAX = "DIRECTORY_STRIPE_LEVEL_MAX",
}

/**
 * Reference to a Parallelstore instance with the values the Kubernetes storage layer needs, whether this
 * app creates it (`ParallelstoreFileSystem`) or it exists elsewhere
 * (`ParallelstoreFileSystem.fromInstanceAttributes`). Any field may be a token.
 */
export interface IParallelstoreInstance {
  /** Project id of the instance. */
  readonly project: string;
  /** Zone of the instance, e.g. `us-central1-a`. */
  readonly zone: string;
  /** Instance id, the last part of `projects/P/locations/ZONE/instances/ID`. */
  readonly instanceId: string;
  /** Access point IPv4 addresses joined by commas, as the CSI driver's `accessPoints` attribute expects. */
  readonly accessPointsJoined: string;
  /** VPC network of the instance: a name, an id or a self link. */
  readonly network: string;
  /** Capacity in GiB. */
  readonly capacityGib: number;
  /** CSI volume handle: `PROJECT/ZONE/INSTANCE_ID/default-pool/default-container`. */
  readonly volumeHandle: string;
}

/** Splits comma-separated access points into a list; a token becomes a Terraform `split`. */
export function splitAccessPoints(joined: string): string[] {
  if (!isLiteral(joined)) {
    return Fn.split(",", joined);
  }
  return joined.split(",").map((point) => point.trim());
}

/** The fixed pool and container parts of every Parallelstore CSI volume handle. */
const VOLUME_HANDLE_SUFFIX = "default-pool/default-container";

/**
 * Builds the CSI volume handle of an instance. It is not the API resource name
 * `projects/P/locations/ZONE/instances/ID`, which the driver rejects.
 */
export function volumeHandleOf(project: string, zone: string, instanceId: string): string {
  return `${project}/${zone}/${instanceId}/${VOLUME_HANDLE_SUFFIX}`;
}

/**
 * Throughput per TiB of capacity, from the Parallelstore product overview: read 1.15 GiB/s,
 * write 0.5 GiB/s, read 30,000 IOPS, write 10,000 IOPS. Google states these as estimates.
 */
export const READ_GIB_PER_SEC_PER_TIB = 1.15;
export const WRITE_GIB_PER_SEC_PER_TIB = 0.5;
export const READ_IOPS_PER_TIB = 30000;
export const WRITE_IOPS_PER_TIB = 10000;

/** Expected performance of an instance of a given capacity (estimates, not guarantees). */
export interface ExpectedPerformance {
  /** Aggregate read throughput in GiB/s. */
  readonly readGibPerSec: number;
  /** Aggregate write throughput in GiB/s. */
  readonly writeGibPerSec: number;
  /** Aggregate read IOPS. */
  readonly readIops: number;
  /** Aggregate write IOPS. */
  readonly writeIops: number;
}

/** Returns the expected performance of a capacity in GiB, rounded to two decimals. */
export function expectedPerformanceOf(capacityGib: number): ExpectedPerformance {
  const tib = capacityGib / 1024;
  const round = (value: number): number => Math.round(value * 100) / 100;
  return {
    readGibPerSec: round(tib * READ_GIB_PER_SEC_PER_TIB),
    writeGibPerSec: round(tib * WRITE_GIB_PER_SEC_PER_TIB),
    readIops: Math.round(tib * READ_IOPS_PER_TIB),
    writeIops: Math.round(tib * WRITE_IOPS_PER_TIB),
  };
}
