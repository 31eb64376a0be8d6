import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { CsiDriverChange, ParallelstoreGkeCluster, enableParallelstoreCsiDriver } from "../../src/cluster";
import { collectWarnings, createTestStack, onlyResourceOfType, synthesizeStack } from "../../src/testing";
import { expectValidationError } from "./fixtures";

const CLUSTER = "google_container_cluster";

describe("enableParallelstoreCsiDriver", () => {
  test("Standard cluster gets the add-on and keeps others", () => {
    const stack = createTestStack();
    const cluster = new ContainerCluster(stack, "existing", {
      name: "existing",
      location: "us-central1",
      initialNodeCount: 1,
      addonsConfig: {
        httpLoadBalancing: { disabled: true },
        gcePersistentDiskCsiDriverConfig: { enabled: true },
      },
    });

    const change = enableParallelstoreCsiDriver(cluster);
    const resource = onlyResourceOfType(synthesizeStack(stack), CLUSTER);

    expect(change).toBe(CsiDriverChange.ENABLED);
    expect(resource.addons_config).toEqual({
      http_load_balancing: { disabled: true },
      gce_persistent_disk_csi_driver_config: { enabled: true },
      parallelstore_csi_driver_config: { enabled: true },
    });
    expect(resource).toMatchSnapshot();
  });

  test("cluster without add-ons gets the block", () => {
    const stack = createTestStack();
    const cluster = new ContainerCluster(stack, "existing", { name: "existing", location: "us-central1-a", initialNodeCount: 1 });

    enableParallelstoreCsiDriver(cluster);

    expect(onlyResourceOfType(synthesizeStack(stack), CLUSTER).addons_config).toEqual({
      parallelstore_csi_driver_config: { enabled: true },
    });
  });

  test("enabled add-on is left alone", () => {
    const stack = createTestStack();
    const cluster = new ContainerCluster(stack, "existing", {
      name: "existing",
      location: "us-central1-a",
      addonsConfig: { parallelstoreCsiDriverConfig: { enabled: true } },
    });

    expect(enableParallelstoreCsiDriver(cluster)).toBe(CsiDriverChange.ALREADY_ENABLED);
    expect(collectWarnings(stack)).toEqual([]);
  });

  test("disabled add-on is turned on with a warning", () => {
    const stack = createTestStack();
    const cluster = new ContainerCluster(stack, "existing", {
      name: "existing",
      location: "us-central1-a",
      addonsConfig: { parallelstoreCsiDriverConfig: { enabled: false } },
    });

    expect(enableParallelstoreCsiDriver(cluster)).toBe(CsiDriverChange.ENABLED);
    expect(onlyResourceOfType(synthesizeStack(stack), CLUSTER).addons_config.parallelstore_csi_driver_config).toEqual({ enabled: true });
    expect(collectWarnings(stack).map((warning) => warning.message)).toEqual([
      expect.stringContaining("parallelstore_csi_driver_config.enabled was false"),
    ]);
  });

  test("Autopilot cluster stays unchanged", () => {
    const stack = createTestStack();
    const cluster = new ContainerCluster(stack, "autopilot", { name: "autopilot", location: "us-central1", enableAutopilot: true });

    const change = enableParallelstoreCsiDriver(cluster);
    const resource = onlyResourceOfType(synthesizeStack(stack), CLUSTER);

    expect(change).toBe(CsiDriverChange.AUTOPILOT_DEFAULT);
    expect(resource.enable_autopilot).toBe(true);
    expect(resource.addons_config).toBeUndefined();
    expect(resource).toMatchSnapshot();
  });

  test("ParallelstoreGkeCluster is already enabled", () => {
    const stack = createTestStack();
    const cluster = new ParallelstoreGkeCluster(stack, "cluster", { name: "training", location: "us-central1" });

    expect(enableParallelstoreCsiDriver(cluster)).toBe(CsiDriverChange.ALREADY_ENABLED);
    expect(onlyResourceOfType(synthesizeStack(stack), CLUSTER).addons_config).toEqual({ parallelstore_csi_driver_config: { enabled: true } });
    expect(collectWarnings(stack)).toEqual([]);
  });

  /** Arguments a plain JavaScript caller can pass; each error names the value, the rule and the fix. */
  const INVALID_TARGETS: [string, () => unknown, string][] = [
    ["undefined", () => undefined, "enableParallelstoreCsiDriver: cluster undefined"],
    ["a cluster name", () => "training", "enableParallelstoreCsiDriver: cluster \"training\""],
    ["a plain object", () => ({ name: "training" }), "enableParallelstoreCsiDriver: cluster \"instance of Object\""],
    ["a stack", () => createTestStack(), "test: cluster \"instance of TerraformStack\""],
  ];

  test.each(INVALID_TARGETS)("rejects %s", (_name, target, start) => {
    expectValidationError(
      () => enableParallelstoreCsiDriver(target() as any),
      start,
      /cluster must be a ParallelstoreGkeCluster or a ContainerCluster \(google_container_cluster\)/,
      /Pass the cluster construct itself, not its name or id/,
    );
  });
});
