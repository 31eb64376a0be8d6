import { TerraformStack } from "cdktf";
import { GpuNodePool, NetworkingMode, ParallelstoreGkeCluster } from "../../src/cluster";
import { createTestStack } from "../../src/testing";

function cluster(stack: TerraformStack, overrides: Partial<ConstructorParameters<typeof ParallelstoreGkeCluster>[2]> = {}) {
  return new ParallelstoreGkeCluster(stack, "cluster", { name: "training", location: "us-central1", ...overrides });
}

function pool(overrides: Partial<ConstructorParameters<typeof GpuNodePool>[2]>) {
  const stack = createTestStack();
  return new GpuNodePool(stack, "pool", { cluster: cluster(stack), machineType: "g2-standard-8", ...overrides });
}

/** Each case builds one invalid construct; the error must name the value and the rule. */
const CASES: [string, () => unknown, string, RegExp][] = [
  [
    "ROUTES networking mode",
    () => cluster(createTestStack(), { networkingMode: NetworkingMode.ROUTES }),
    "\"ROUTES\"",
    /needs a VPC-native cluster/,
  ],
  [
    "Pod CIDR in 172.17.0.0/16",
    () => cluster(createTestStack(), { podsCidr: "172.16.0.0/14" }),
    "\"172.16.0.0/14\"",
    /must not use addresses in 172\.17\.0\.0\/16/,
  ],
  [
    "Service CIDR in 172.17.0.0/16",
    () => cluster(createTestStack(), { servicesCidr: "172.17.128.0/20" }),
    "\"172.17.128.0/20\"",
    /must not use addresses in 172\.17\.0\.0\/16/,
  ],
  [
    "min version below the add-on minimum",
    () => cluster(createTestStack(), { minMasterVersion: "1.30.5-gke.1000" }),
    "\"1.30.5-gke.1000\"",
    /Parallelstore CSI driver add-on needs GKE 1\.31\.1-gke\.1729000 or later/,
  ],
  [
    "min version with a v prefix",
    () => cluster(createTestStack(), { minMasterVersion: "v1.32.3" }),
    "\"v1.32.3\"",
    /a GKE version must be/,
  ],
  [
    "bad location format",
    () => cluster(createTestStack(), { location: "US-Central1" }),
    "\"US-Central1\"",
    /must be a zone .* or a region/,
  ],
  [
    "cluster node location outside the region",
    () => cluster(createTestStack(), { nodeLocations: ["us-east1-b"] }),
    "\"us-east1-b\"",
    /lies in region us-east1, but nodes must lie in the cluster's region us-central1/,
  ],
  [
    "pool node location outside the region",
    () => pool({ nodeLocations: ["us-central1-a", "europe-west4-a"] }),
    "\"europe-west4-a\"",
    /lies in region europe-west4, but nodes must lie in the cluster's region us-central1/,
  ],
  [
    "A3 with nvidia-l4",
    () => pool({ machineType: "a3-highgpu-8g", acceleratorType: "nvidia-l4" }),
    "\"nvidia-l4\"",
    /"a3-highgpu-8g" comes with nvidia-h100-80gb GPUs and cannot carry others/,
  ],
  [
    "a2-highgpu-4g with two GPUs",
    () => pool({ machineType: "a2-highgpu-4g", acceleratorCount: 2 }),
    "acceleratorCount 2",
    /"a2-highgpu-4g" comes with exactly 4 GPUs/,
  ],
  [
    "N1 with three T4s",
    () => pool({ machineType: "n1-standard-8", acceleratorType: "nvidia-tesla-t4", acceleratorCount: 3 }),
    "acceleratorCount 3",
    /an N1 machine takes 1, 2, 4 nvidia-tesla-t4 GPUs/,
  ],
  [
    "N1 with an L4",
    () => pool({ machineType: "n1-standard-8", acceleratorType: "nvidia-l4", acceleratorCount: 1 }),
    "\"nvidia-l4\"",
    /N1 machine types take only/,
  ],
  [
    "N1 without accelerator",
    () => pool({ machineType: "n1-standard-8" }),
    "acceleratorType undefined",
    /"n1-standard-8" does not imply a GPU type/,
  ],
  [
    "E2 machine with a GPU",
    () => pool({ machineType: "e2-standard-8", acceleratorType: "nvidia-tesla-t4", acceleratorCount: 1 }),
    "\"e2-standard-8\"",
    /the E2 series takes no GPUs/,
  ],
  [
    "unlisted A3 machine with an A100",
    () => pool({ machineType: "a3-highgpu-16g", acceleratorType: "nvidia-tesla-a100", acceleratorCount: 16 }),
    "\"nvidia-tesla-a100\"",
    /the A3 series carries only/,
  ],
  [
    "autoscaling minimum above maximum",
    () => pool({ autoscaling: { minNodeCount: 3, maxNodeCount: 1 } }),
    "autoscaling.minNodeCount 3",
    /the minimum is above the maximum 1/,
  ],
  [
    "per-zone and total autoscaling limits",
    () => pool({ autoscaling: { maxNodeCount: 2, totalMaxNodeCount: 4 } }),
    "autoscaling",
    /cannot be combined/,
  ],
  [
    "node count with autoscaling",
    () => pool({ nodeCount: 2, autoscaling: { maxNodeCount: 2 } }),
    "nodeCount 2",
    /autoscaler would undo the count/,
  ],
];

describe("invalid inputs", () => {
  test.each(CASES)("%s", (_name, build, value, rule) => {
    let message = "";
    try {
      build();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(value);
    expect(message).toMatch(rule);
  });

  test("error names the construct path", () => {
    expect(() => pool({ machineType: "a3-highgpu-8g", acceleratorType: "nvidia-l4" })).toThrow(/^test\/pool: /);
  });

  test("every violation is listed at once", () => {
    expect(() => cluster(createTestStack(), { networkingMode: NetworkingMode.ROUTES, podsCidr: "172.17.0.0/16" })).toThrow(
      /ROUTES[\s\S]*172\.17\.0\.0\/16/,
    );
  });
});
