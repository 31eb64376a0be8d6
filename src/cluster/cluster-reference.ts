import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { Violation } from "../validation/errors";
import { isLiteral } from "../validation/literal";
import { isZoneName } from "../validation/zones";
import { literalZones } from "./cluster-rules";
import { ParallelstoreGkeCluster } from "./parallelstore-gke-cluster";

/**
 * Checks that the cluster is one of the two supported kinds. A ContainerCluster from another
 * copy of the provider package fails `instanceof`, so the Terraform resource type is
 * accepted as well.
 */
export function checkClusterKind(cluster: unknown): Violation | undefined {
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

/** Returns the `google_container_cluster` resource of either kind of cluster. */
export function containerClusterOf(cluster: ParallelstoreGkeCluster | ContainerCluster): ContainerCluster {
  return cluster instanceof ParallelstoreGkeCluster ? cluster.resource : cluster;
}

/** Cluster fields a node pool reads, from either kind of cluster. */
export interface ClusterReference {
  readonly name: string;
  readonly location: string;
  readonly project?: string;
  readonly zones?: readonly string[];
}

export function clusterReferenceOf(cluster: ParallelstoreGkeCluster | ContainerCluster): ClusterReference {
  if (cluster instanceof ParallelstoreGkeCluster) {
    // The resource's name attribute (not the literal) orders the pool after the cluster.
    return { name: cluster.resource.name, location: cluster.location, project: cluster.resource.projectInput, zones: cluster.zones };
  }
  const location = cluster.locationInput ?? cluster.location;
  const nodeLocations = cluster.nodeLocationsInput;
  const zones = nodeLocations !== undefined ? literalZones(nodeLocations) : isLiteral(location) && isZoneName(location) ? [location] : undefined;
  return { name: cluster.name, location, project: cluster.projectInput, zones };
}
