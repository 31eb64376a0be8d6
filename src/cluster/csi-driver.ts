import { Annotations } from "cdktf";
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";

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
 * elsewhere in the app, keeping every other add-on it sets.
 *
 * Only the `parallelstore_csi_driver_config` block changes, through the generated add-ons
 * object, so blocks such as `http_load_balancing` stay as they were. The change updates the
 * cluster in place.
 *
 * Autopilot clusters (`enableAutopilot: true`) run the add-on by default, so they are left
 * unchanged and no block is added that the API would echo back differently. An Autopilot
 * cluster that turns the add-on off explicitly gets it turned on like a Standard cluster.
 * When `enableAutopilot` is a token, the block is set, which matches what Autopilot does anyway.
 */
export function enableParallelstoreCsiDriver(cluster: ContainerCluster): CsiDriverChange {
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
