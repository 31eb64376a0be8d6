import { Construct } from "constructs";
import { Annotations } from "cdktf";
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { throwIfInvalid } from "../validation/errors";
import { checkClusterKind, containerClusterOf } from "./cluster-reference";
import { ParallelstoreGkeCluster } from "./parallelstore-gke-cluster";

/** Outcome of `enableParallelstoreCsiDriver` on one cluster. */
export enum CsiDriverChange {
  /** The add-on was off or unset, and is now set on. */
  ENABLED = "ENABLED",
  /** The cluster already set the add-on on; nothing changed. */
  ALREADY_ENABLED = "ALREADY_ENABLED",
  /** An Autopilot cluster, which runs the add-on by default; nothing changed. */
  AUTOPILOT_DEFAULT = "AUTOPILOT_DEFAULT",
}

/**
 * Turns the Parallelstore CSI driver add-on on for a `google_container_cluster` managed
 * elsewhere in the app, keeping every other add-on it sets. A `ParallelstoreGkeCluster`
 * turns the add-on on itself, so for one this returns `ALREADY_ENABLED`.
 *
 * Only the `parallelstore_csi_driver_config` block changes, through the generated add-ons
 * object, so blocks such as `http_load_balancing` stay as they were. The change updates the
 * cluster in place.
 *
 * Autopilot clusters (`enableAutopilot: true`) run the add-on by default, so they are left
 * unchanged and no block is added that the API would echo back differently. An Autopilot
 * cluster that turns the add-on off explicitly gets it turned on like a Standard cluster.
 * When `enableAutopilot` is a token, the block is set, which matches what Autopilot does anyway.
 *
 * @throws ParallelstoreValidationError when `target` is neither kind of cluster, e.g. a
 * cluster name or undefined from a plain JavaScript caller.
 */
export function enableParallelstoreCsiDriver(target: ParallelstoreGkeCluster | ContainerCluster): CsiDriverChange {
  // The error names a wrong construct by its path, and any other value by this function.
  throwIfInvalid(Construct.isConstruct(target) ? target.node.path : "enableParallelstoreCsiDriver", [checkClusterKind(target)]);
  const cluster = containerClusterOf(target);
  const current = cluster.addonsConfig.parallelstoreCsiDriverConfigInput?.enabled;
  if (current === true) {
    return CsiDriverChange.ALREADY_ENABLED;
  }
  if (cluster.enableAutopilotInput === true && current === undefined) {
    Annotations.of(cluster).addInfo("Autopilot runs the Parallelstore CSI driver add-on by default; the cluster is left unchanged.");
    return CsiDriverChange.AUTOPILOT_DEFAULT;
  }
  if (current === false) {
    Annotations.of(cluster).addWarning(
      "addons_config.parallelstore_csi_driver_config.enabled was false; enableParallelstoreCsiDriver set it to true.",
    );
  }
  cluster.addonsConfig.putParallelstoreCsiDriverConfig({ enabled: true });
  return CsiDriverChange.ENABLED;
}
