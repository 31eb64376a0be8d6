import { TerraformVariable } from "cdktf";
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import {
  AutoscalingLocationPolicy,
  GpuDriverVersion,
  GpuNodePool,
  ParallelstoreGkeCluster,
  TaintEffect,
  gpuPlacementForAccelerator,
} from "../../src/cluster";
import { collectWarnings, createTestStack, onlyResourceOfType, synthesizeStack } from "../../src/testing";

const POOL = "google_container_node_pool";
const GPU_TOLERATION = { key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" };

function regionalCluster(stack = createTestStack()) {
  const cluster = new ParallelstoreGkeCluster(stack, "cluster", { name: "training", location: "us-central1", project: "my-project" });
  return { stack, cluster };
}

describe("GpuNodePool A3", () => {
  const { stack, cluster } = regionalCluster();
  const pool = new GpuNodePool(stack, "h100", {
    cluster,
    name: "h100",
    machineType: "a3-megagpu-8g",
    nodeLocations: ["us-central1-a"],
    autoscaling: { totalMinNodeCount: 0, totalMaxNodeCount: 4, locationPolicy: AutoscalingLocationPolicy.ANY },
    gpuDriverVersion: GpuDriverVersion.LATEST,
    spot: true,
    serviceAccount: "gpu-nodes@my-project.iam.gserviceaccount.com",
    diskType: "pd-ssd",
    diskSizeGb: 500,
    taints: [{ key: "team", value: "ml", effect: TaintEffect.NO_EXECUTE }],
    labels: { workload: "training" },
  });
  const resource = onlyResourceOfType(synthesizeStack(stack), POOL);

  test("A3 Mega implies eight H100 Mega GPUs", () => {
    expect(resource.node_config.guest_accelerator).toEqual([
      { type: "nvidia-h100-mega-80gb", count: 8, gpu_driver_installation_config: { gpu_driver_version: "LATEST" } },
    ]);
  });

  test("uses total autoscaling limits", () => {
    expect(resource.autoscaling).toEqual({ total_min_node_count: 0, total_max_node_count: 4, location_policy: "ANY" });
    expect(resource.node_count).toBeUndefined();
  });

  test("references the cluster resource", () => {
    expect(resource.cluster).toMatch(/^\$\{google_container_cluster\.[^}]+\.name\}$/);
    expect(resource.location).toBe("us-central1");
    expect(resource.project).toBe("my-project");
  });

  test("places Pods with selector and tolerations", () => {
    expect(pool.nodeSelector).toEqual({ "cloud.google.com/gke-accelerator": "nvidia-h100-mega-80gb" });
    expect(pool.tolerations).toEqual([GPU_TOLERATION, { key: "team", operator: "Equal", value: "ml", effect: "NoExecute" }]);
    expect(pool.gpusPerNode).toBe(8);
    expect(pool.zones).toEqual(["us-central1-a"]);
  });

  test("emits the pool's taint in provider names", () => {
    expect(resource.node_config.taint).toEqual([{ key: "team", value: "ml", effect: "NO_EXECUTE" }]);
  });

  test("matches snapshot", () => {
    expect(resource).toMatchSnapshot();
  });
});

describe("GpuNodePool G2", () => {
  const stack = createTestStack();
  const cluster = new ParallelstoreGkeCluster(stack, "cluster", { name: "inference", location: "us-central1-b" });
  const pool = new GpuNodePool(stack, "l4", { cluster, machineType: "g2-standard-48", nodeVersion: "1.32.3-gke.1234000" });
  const resource = onlyResourceOfType(synthesizeStack(stack), POOL);

  test("g2-standard-48 implies four L4 GPUs", () => {
    expect(resource.node_config.guest_accelerator[0].type).toBe("nvidia-l4");
    expect(resource.node_config.guest_accelerator[0].count).toBe(4);
  });

  test("defaults to one node, default driver and cloud-platform scope", () => {
    expect(resource.node_count).toBe(1);
    expect(resource.node_config.guest_accelerator[0].gpu_driver_installation_config).toEqual({ gpu_driver_version: "DEFAULT" });
    expect(resource.node_config.oauth_scopes).toEqual(["https://www.googleapis.com/auth/cloud-platform"]);
    expect(resource.node_config.spot).toBe(false);
  });

  test("inherits the zonal cluster's zone", () => {
    expect(pool.zones).toEqual(["us-central1-b"]);
    expect(pool.nodeVersion).toBe("1.32.3-gke.1234000");
    expect(resource.version).toBe("1.32.3-gke.1234000");
  });

  test("matches snapshot", () => {
    expect(resource).toMatchSnapshot();
  });
});

describe("GpuNodePool N1", () => {
  test("takes an attached T4", () => {
    const { stack, cluster } = regionalCluster();
    const pool = new GpuNodePool(stack, "t4", {
      cluster,
      machineType: "n1-standard-8",
      acceleratorType: "nvidia-tesla-t4",
      acceleratorCount: 2,
      autoscaling: { minNodeCount: 1, maxNodeCount: 3 },
    });
    const resource = onlyResourceOfType(synthesizeStack(stack), POOL);

    expect(resource.node_config.guest_accelerator[0]).toMatchObject({ type: "nvidia-tesla-t4", count: 2 });
    expect(resource.autoscaling).toEqual({ min_node_count: 1, max_node_count: 3 });
    expect(pool.gpusPerNode).toBe(2);
  });

  test("V100 allows eight", () => {
    const { stack, cluster } = regionalCluster();
    new GpuNodePool(stack, "v100", { cluster, machineType: "n1-standard-32", acceleratorType: "nvidia-tesla-v100", acceleratorCount: 8 });

    expect(onlyResourceOfType(synthesizeStack(stack), POOL).node_config.guest_accelerator[0].count).toBe(8);
  });
});

describe("GpuNodePool A4 and A4X", () => {
  const MACHINES: [string, string, number][] = [
    ["a4-highgpu-8g", "nvidia-b200", 8],
    ["a4x-highgpu-4g", "nvidia-gb200", 4],
  ];

  test.each(MACHINES)("%s implies its GPUs", (machineType, acceleratorType, count) => {
    const { stack, cluster } = regionalCluster();
    const pool = new GpuNodePool(stack, "pool", { cluster, machineType });
    const accelerator = onlyResourceOfType(synthesizeStack(stack), POOL).node_config.guest_accelerator[0];

    expect(accelerator.type).toBe(acceleratorType);
    expect(accelerator.count).toBe(count);
    expect(pool.nodeSelector).toEqual({ "cloud.google.com/gke-accelerator": acceleratorType });
    expect(collectWarnings(stack)).toEqual([]);
  });

  test("accepts the implied values given explicitly", () => {
    const { stack, cluster } = regionalCluster();
    new GpuNodePool(stack, "pool", { cluster, machineType: "a4-highgpu-8g", acceleratorType: "nvidia-b200", acceleratorCount: 8 });

    expect(collectWarnings(stack)).toEqual([]);
  });
});

describe("GpuNodePool warnings", () => {
  test("unknown machine series warns", () => {
    // The A9 series does not exist; it stands for a series newer than the table.
    const { stack, cluster } = regionalCluster();
    new GpuNodePool(stack, "future", { cluster, machineType: "a9-highgpu-8g", acceleratorType: "nvidia-x900", acceleratorCount: 8 });
    const warnings = collectWarnings(stack);

    expect(warnings).toHaveLength(1);
    expect(warnings[0].path).toBe("test/future");
    expect(warnings[0].message).toContain("\"a9-highgpu-8g\"");
    expect(warnings[0].message).toContain("not checked");
    expect(onlyResourceOfType(synthesizeStack(stack), POOL).node_config.guest_accelerator[0].type).toBe("nvidia-x900");
  });

  test("unlisted machine of a listed series warns", () => {
    const { stack, cluster } = regionalCluster();
    new GpuNodePool(stack, "g2", { cluster, machineType: "g2-standard-64", acceleratorType: "nvidia-l4", acceleratorCount: 4 });

    expect(collectWarnings(stack).map((warning) => warning.message)).toEqual([expect.stringContaining("\"g2-standard-64\"")]);
  });

  test("old node version warns", () => {
    const { stack, cluster } = regionalCluster();
    new GpuNodePool(stack, "old", { cluster, machineType: "g2-standard-8", nodeVersion: "1.30.5-gke.1000" });

    expect(collectWarnings(stack).map((warning) => warning.message)).toEqual([
      expect.stringMatching(/"1\.30\.5-gke\.1000".*1\.31\.1-gke\.1729000/),
    ]);
  });

  test("autoscaling maximum 0 warns", () => {
    const { stack, cluster } = regionalCluster();
    new GpuNodePool(stack, "parked", { cluster, machineType: "g2-standard-8", autoscaling: { minNodeCount: 0, maxNodeCount: 0 } });

    expect(collectWarnings(stack).map((warning) => warning.message)).toEqual([
      expect.stringMatching(/^autoscaling\.maxNodeCount 0 lets the autoscaler add no nodes, so Pods placed on this pool stay Pending\./),
    ]);
    expect(collectWarnings(stack)[0].message).toMatch(/Set maxNodeCount to 1 or more, or, to keep the pool empty on purpose, remove autoscaling and set nodeCount to 0\./);
    expect(onlyResourceOfType(synthesizeStack(stack), POOL).autoscaling).toEqual({ min_node_count: 0, max_node_count: 0 });
  });

  test("total maximum 0 warns", () => {
    const { stack, cluster } = regionalCluster();
    new GpuNodePool(stack, "parked", { cluster, machineType: "g2-standard-8", autoscaling: { totalMaxNodeCount: 0 } });

    expect(collectWarnings(stack).map((warning) => warning.message)).toEqual([expect.stringMatching(/^autoscaling\.totalMaxNodeCount 0 /)]);
  });

  test("fixed node count 0 does not warn", () => {
    const { stack, cluster } = regionalCluster();
    new GpuNodePool(stack, "parked", { cluster, machineType: "g2-standard-8", nodeCount: 0 });

    expect(collectWarnings(stack)).toEqual([]);
  });

  test("boot disk below 15 GB warns", () => {
    const { stack, cluster } = regionalCluster();
    new GpuNodePool(stack, "small", { cluster, machineType: "g2-standard-8", diskSizeGb: 10 });

    expect(collectWarnings(stack).map((warning) => warning.message)).toEqual([
      expect.stringMatching(/^diskSizeGb 10 is below 15 GB: .*minimum to 12 GB, and to 15 GB from GKE 1\.36\.3-gke\.1480000.*Use 15 or more\.$/),
    ]);
  });

  test("boot disk of 15 GB does not warn", () => {
    const { stack, cluster } = regionalCluster();
    new GpuNodePool(stack, "small", { cluster, machineType: "g2-standard-8", diskSizeGb: 15 });

    expect(collectWarnings(stack)).toEqual([]);
  });

  test("listed machine does not warn", () => {
    const { stack, cluster } = regionalCluster();
    new GpuNodePool(stack, "a2", { cluster, machineType: "a2-ultragpu-4g" });

    expect(collectWarnings(stack)).toEqual([]);
  });
});

describe("GpuNodePool on a cluster managed elsewhere", () => {
  test("reads name and location from ContainerCluster", () => {
    const stack = createTestStack();
    const existing = new ContainerCluster(stack, "existing", { name: "existing", location: "us-east4-a", initialNodeCount: 1 });
    const pool = new GpuNodePool(stack, "pool", { cluster: existing, machineType: "a2-highgpu-1g" });
    const resource = onlyResourceOfType(synthesizeStack(stack), POOL);

    expect(resource.cluster).toMatch(/^\$\{google_container_cluster\.[^}]+\.name\}$/);
    expect(resource.location).toBe("us-east4-a");
    expect(pool.zones).toEqual(["us-east4-a"]);
    expect(pool.acceleratorType).toBe("nvidia-tesla-a100");
  });
});

describe("GpuNodePool from variables", () => {
  test("synthesizes with token machine and accelerator", () => {
    const { stack, cluster } = regionalCluster();
    const machineType = new TerraformVariable(stack, "machine_type", { type: "string" }).stringValue;
    const acceleratorType = new TerraformVariable(stack, "accelerator_type", { type: "string" }).stringValue;
    const acceleratorCount = new TerraformVariable(stack, "accelerator_count", { type: "number" }).numberValue;
    const zones = new TerraformVariable(stack, "zones", { type: "list(string)" }).listValue;
    const pool = new GpuNodePool(stack, "pool", { cluster, machineType, acceleratorType, acceleratorCount, nodeLocations: zones });
    const resource = onlyResourceOfType(synthesizeStack(stack), POOL);

    expect(resource.node_config.machine_type).toBe("${var.machine_type}");
    expect(resource.node_config.guest_accelerator[0]).toMatchObject({ type: "${var.accelerator_type}", count: "${var.accelerator_count}" });
    expect(pool.gpusPerNode).toBeUndefined();
    expect(pool.zones).toBeUndefined();
  });
});

describe("gpuPlacementForAccelerator", () => {
  test("builds selector and tolerations", () => {
    const placement = gpuPlacementForAccelerator("nvidia-l4", {
      gpusPerNode: 2,
      zones: ["us-central1-a"],
      taints: [
        { key: "nvidia.com/gpu", value: "present", effect: TaintEffect.NO_SCHEDULE },
        { key: "dedicated", value: "training", effect: TaintEffect.PREFER_NO_SCHEDULE },
      ],
    });

    expect(placement.nodeSelector).toEqual({ "cloud.google.com/gke-accelerator": "nvidia-l4" });
    expect(placement.tolerations).toEqual([
      GPU_TOLERATION,
      { key: "dedicated", operator: "Equal", value: "training", effect: "PreferNoSchedule" },
    ]);
    expect(placement.gpusPerNode).toBe(2);
    expect(placement.zones).toEqual(["us-central1-a"]);
    expect(placement.nodeVersion).toBeUndefined();
  });
});
