import { TerraformStack } from "cdktf";
import { GpuNodePool, NetworkingMode, ParallelstoreGkeCluster, TaintEffect } from "../../src/cluster";
import { createTestStack } from "../../src/testing";
import { ParallelstoreValidationError } from "../../src/validation/errors";
import { expectValidationError, thrownBy } from "./fixtures";

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
    "A4 with nvidia-h100-80gb",
    () => pool({ machineType: "a4-highgpu-8g", acceleratorType: "nvidia-h100-80gb" }),
    "\"nvidia-h100-80gb\"",
    /"a4-highgpu-8g" comes with nvidia-b200 GPUs and cannot carry others/,
  ],
  [
    "A4X with eight GPUs",
    () => pool({ machineType: "a4x-highgpu-4g", acceleratorCount: 8 }),
    "acceleratorCount 8",
    /"a4x-highgpu-4g" comes with exactly 4 GPUs/,
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

/**
 * Props a plain JavaScript caller can get wrong where TypeScript would not compile: each
 * case names the value, the rule and the fix the message must contain.
 */
const UNTYPED_CASES: [string, () => unknown, string, RegExp, RegExp][] = [
  [
    "cluster with null props",
    () => new ParallelstoreGkeCluster(createTestStack(), "cluster", null as any),
    "props null",
    /ParallelstoreGkeClusterProps must be an object with the required props name and location/,
    /Pass an object that sets name to .*"training".* and location to .*"us-central1"/,
  ],
  [
    "cluster with undefined props",
    () => new ParallelstoreGkeCluster(createTestStack(), "cluster", undefined as any),
    "props undefined",
    /ParallelstoreGkeClusterProps must be an object/,
    /Pass an object that sets name/,
  ],
  [
    "cluster without a name",
    () => new ParallelstoreGkeCluster(createTestStack(), "cluster", { location: "us-central1" } as any),
    "name undefined",
    /name is required but missing/,
    /Set name to a cluster name such as "training"/,
  ],
  [
    "cluster with a null location",
    () => new ParallelstoreGkeCluster(createTestStack(), "cluster", { name: "training", location: null } as any),
    "location null",
    /location is required but missing/,
    /Set location to a zone or region such as "us-central1"/,
  ],
  [
    "pool with null props",
    () => new GpuNodePool(createTestStack(), "pool", null as any),
    "props null",
    /GpuNodePoolProps must be an object with the required props cluster and machineType/,
    /Pass an object that sets cluster to the ParallelstoreGkeCluster or ContainerCluster/,
  ],
  [
    "pool with undefined props",
    () => new GpuNodePool(createTestStack(), "pool", undefined as any),
    "props undefined",
    /GpuNodePoolProps must be an object/,
    /Pass an object that sets cluster/,
  ],
  [
    "pool without a cluster",
    () => new GpuNodePool(createTestStack(), "pool", { cluster: undefined as any, machineType: "g2-standard-8" }),
    "cluster undefined",
    /cluster is required but missing/,
    /Set cluster to the ParallelstoreGkeCluster or ContainerCluster the pool belongs to/,
  ],
  [
    "pool without a machine type",
    () => {
      const stack = createTestStack();
      return new GpuNodePool(stack, "pool", { cluster: cluster(stack) } as any);
    },
    "machineType undefined",
    /machineType is required but missing/,
    /Set machineType to a GPU machine type such as "g2-standard-8"/,
  ],
  [
    "pool with a cluster name",
    () => new GpuNodePool(createTestStack(), "pool", { cluster: "training" as any, machineType: "g2-standard-8" }),
    "cluster \"training\"",
    /cluster must be a ParallelstoreGkeCluster or a ContainerCluster/,
    /Pass the cluster construct itself, not its name or id/,
  ],
  [
    "pool with another construct",
    () => {
      const stack = createTestStack();
      return new GpuNodePool(stack, "pool", { cluster: stack as any, machineType: "g2-standard-8" });
    },
    "cluster \"instance of TerraformStack\"",
    /cluster must be a ParallelstoreGkeCluster or a ContainerCluster/,
    /Pass the cluster construct itself/,
  ],
  [
    "pool with one zone as a string",
    () => pool({ nodeLocations: "us-central1-a" as any }),
    "nodeLocations \"us-central1-a\"",
    /nodeLocations must be a list of zone names/,
    /Wrap the zone in a list: \["us-central1-a"\]/,
  ],
  [
    "pool with a zone that is not a string",
    () => pool({ nodeLocations: [1 as any] }),
    "nodeLocations 1",
    /a node location must be a zone name string/,
    /Use a zone name such as "us-central1-a"/,
  ],
  [
    "pool with one taint as an object",
    () => pool({ taints: { key: "dedicated", value: "training", effect: TaintEffect.NO_SCHEDULE } as any }),
    "taints {\"key\":\"dedicated\"",
    /taints must be a list of taints, each an object with key, value and effect/,
    /Wrap the taint in a list/,
  ],
  [
    "pool with a taint that is a string",
    () => pool({ taints: ["dedicated=training:NoSchedule" as any] }),
    "taints[0] \"dedicated=training:NoSchedule\"",
    /a taint must be an object with key, value and effect/,
    /Use an object such as \{ key: "dedicated"/,
  ],
  [
    "pool with a taint without key",
    () => pool({ taints: [{ value: "training", effect: TaintEffect.NO_SCHEDULE } as any] }),
    "taints[0].key undefined",
    /a node taint key must be a name of 1-63 letters/,
    /Use a key such as "dedicated"/,
  ],
  [
    "pool with a taint without effect",
    () => pool({ taints: [{ key: "dedicated", value: "training" } as any] }),
    "taints[0].effect undefined",
    /the value must be one of "NO_SCHEDULE", "PREFER_NO_SCHEDULE", "NO_EXECUTE"/,
    /Pick one of those values/,
  ],
  [
    "pool with labels as a list",
    () => pool({ labels: ["workload=training"] as any }),
    "labels [\"workload=training\"]",
    /labels must be an object that maps label keys to values/,
    /Use an object such as \{ workload: "training" \}/,
  ],
  [
    "pool with a label value that is a number",
    () => pool({ labels: { replicas: 3 as any } }),
    "labels.replicas 3",
    /a node label value must be a string/,
    /Use a value such as "training"/,
  ],
  [
    "pool with a numeric disk size string",
    () => pool({ diskSizeGb: "100" as any }),
    "diskSizeGb \"100\"",
    /a boot disk size must be a whole number of GB, at least 10/,
    /Use 15 or more, or leave diskSizeGb unset/,
  ],
  [
    "pool with a numeric name",
    () => pool({ name: 7 as any }),
    "name 7",
    /a node pool name must be 1-40 lowercase letters/,
    /Use a name such as "gpu-pool"/,
  ],
];

/** Names that break the GKE cluster name rule, which the same message describes for all. */
const BAD_CLUSTER_NAMES: [string, string][] = [
  ["empty", ""],
  ["41 characters", `a${"b".repeat(40)}`],
  ["upper case", "Training"],
  ["digit first", "1training"],
  ["hyphen first", "-training"],
  ["trailing hyphen", "training-"],
  ["underscore", "gpu_training"],
  ["dot", "gpu.training"],
];

/** Machine types whose series is listed but whose GPUs are not: the fix offers the series' own GPU type. */
const UNLISTED_SERIES_MEMBER_CASES: [string, RegExp, RegExp][] = [
  ["a4-highgpu-16g", /Set acceleratorType to "nvidia-b200"\./, /Set acceleratorCount, e\.g\. 16/],
  ["a4x-highgpu-8g", /Set acceleratorType to "nvidia-gb200"\./, /Set acceleratorCount, e\.g\. 8/],
  ["a3-highgpu-16g", /Set acceleratorType to one of "nvidia-h100-80gb", "nvidia-h100-mega-80gb", "nvidia-h200-141gb"\./, /e\.g\. 16/],
  ["g2-standard-64", /Set acceleratorType to "nvidia-l4"\./, /Set acceleratorCount, e\.g\. 1\./],
];

/**
 * Node pool values of the right type that GKE or Kubernetes rejects at apply time: each case
 * names the value, the rule and the fix the message must contain.
 */
const GKE_REJECTED_POOL_CASES: [string, Parameters<typeof pool>[0], string, RegExp, RegExp][] = [
  [
    "upper case and underscore in the name",
    { name: "GPU_Pool" },
    "name \"GPU_Pool\"",
    /a node pool name must be 1-40 lowercase letters, digits and hyphens, start with a letter and end with a letter or digit/,
    /Use a name such as "gpu-pool"/,
  ],
  ["41-character name", { name: `a${"b".repeat(40)}` }, `name "a${"b".repeat(40)}"`, /1-40 lowercase letters/, /Use a name such as "a/],
  ["trailing hyphen in the name", { name: "gpu-" }, "name \"gpu-\"", /end with a letter or digit/, /Use a name such as "gpu"/],
  ["digit first in the name", { name: "1gpu" }, "name \"1gpu\"", /start with a letter/, /Use a name such as "gpu"/],
  [
    "taint key with a space",
    { taints: [{ key: "bad key!", value: "x", effect: TaintEffect.NO_SCHEDULE }] },
    "taints[0].key \"bad key!\"",
    /a node taint key must be a name of 1-63 letters, digits, "-", "_" and "\.", starting and ending with a letter or digit/,
    /Use a key such as "bad-key"/,
  ],
  [
    "taint key with two slashes",
    { taints: [{ key: "a/b/c", value: "x", effect: TaintEffect.NO_SCHEDULE }] },
    "taints[0].key \"a/b/c\"",
    /optionally after a DNS subdomain prefix and "\/"/,
    /Use a key such as/,
  ],
  [
    "taint key with an upper-case prefix",
    { taints: [{ key: "Example.com/team", value: "x", effect: TaintEffect.NO_SCHEDULE }] },
    "taints[0].key \"Example.com/team\"",
    /a node taint key must be/,
    /Use a key such as/,
  ],
  [
    "taint key name over 63 characters",
    { taints: [{ key: "k".repeat(64), value: "x", effect: TaintEffect.NO_SCHEDULE }] },
    `taints[0].key "${"k".repeat(64)}"`,
    /1-63 letters/,
    /Use a key such as/,
  ],
  [
    "taint value with a space",
    { taints: [{ key: "dedicated", value: "ml team", effect: TaintEffect.NO_SCHEDULE }] },
    "taints[0].value \"ml team\"",
    /a node taint value must be a string of at most 63 letters, digits, "-", "_" and "\.", starting and ending with a letter or digit/,
    /Use "ml-team"/,
  ],
  [
    "taint value over 63 characters",
    { taints: [{ key: "dedicated", value: "v".repeat(64), effect: TaintEffect.NO_SCHEDULE }] },
    `taints[0].value "${"v".repeat(64)}"`,
    /at most 63 letters/,
    /Use "v{63}"/,
  ],
  [
    "same taint key and effect twice",
    {
      taints: [
        { key: "dedicated", value: "a", effect: TaintEffect.NO_SCHEDULE },
        { key: "dedicated", value: "b", effect: TaintEffect.NO_SCHEDULE },
      ],
    },
    "taints[1] {\"key\":\"dedicated\"",
    /one taint per key and effect, and "dedicated" with NO_SCHEDULE appears twice/,
    /Remove one of the two taints/,
  ],
  [
    "label key with a space",
    { labels: { "bad key!": "x" } },
    "labels key \"bad key!\"",
    /a node label key must be a name of 1-63 letters/,
    /Use a key such as "bad-key"/,
  ],
  [
    "label value ending in a hyphen",
    { labels: { workload: "training-" } },
    "labels.workload \"training-\"",
    /a node label value must be a string of at most 63 letters/,
    /Use "training"/,
  ],
  [
    "negative disk size",
    { diskSizeGb: -1 },
    "diskSizeGb -1",
    /a boot disk size must be a whole number of GB, at least 10 \(GKE's minimum\)/,
    /Use 15 or more/,
  ],
  ["disk size below the minimum", { diskSizeGb: 9 }, "diskSizeGb 9", /at least 10/, /Use 15 or more/],
  ["fractional disk size", { diskSizeGb: 50.5 }, "diskSizeGb 50.5", /a whole number of GB/, /Use 15 or more/],
  [
    "total minimum above total maximum",
    { autoscaling: { totalMinNodeCount: 5, totalMaxNodeCount: 2 } },
    "autoscaling.totalMinNodeCount 5",
    /the minimum is above the maximum 2/,
    /Set totalMinNodeCount to 2 or less/,
  ],
  [
    "per-zone minimum above maximum 0",
    { autoscaling: { minNodeCount: 1, maxNodeCount: 0 } },
    "autoscaling.minNodeCount 1",
    /the minimum is above the maximum 0/,
    /Set minNodeCount to 0 or less/,
  ],
];

/** Keys and values that Kubernetes accepts and the checks must let through. */
const VALID_KEY_CASES: [string, Parameters<typeof pool>[0]][] = [
  ["prefixed taint key", { taints: [{ key: "example.com/team", value: "ml", effect: TaintEffect.NO_SCHEDULE }] }],
  ["taint key with dots and underscores", { taints: [{ key: "Team_A.v1", value: "ml", effect: TaintEffect.NO_EXECUTE }] }],
  ["empty taint value", { taints: [{ key: "dedicated", value: "", effect: TaintEffect.NO_SCHEDULE }] }],
  ["same key with two effects", {
    taints: [
      { key: "dedicated", value: "ml", effect: TaintEffect.NO_SCHEDULE },
      { key: "dedicated", value: "ml", effect: TaintEffect.NO_EXECUTE },
    ],
  }],
  ["prefixed label key", { labels: { "cloud.example.com/cost-center": "A-12" } }],
  ["63-character label key", { labels: { ["k".repeat(63)]: "v".repeat(63) } }],
  ["40-character pool name", { name: `a${"b".repeat(39)}` }],
  ["one-letter pool name", { name: "a" }],
];

describe("invalid inputs", () => {
  test.each(CASES)("%s", (_name, build, value, rule) => {
    const error = thrownBy(build);

    expect(error).toBeInstanceOf(ParallelstoreValidationError);
    expect((error as Error).message).toContain(value);
    expect((error as Error).message).toMatch(rule);
  });

  test.each(UNTYPED_CASES)("%s", (_name, build, value, rule, fix) => {
    expectValidationError(build, value, rule, fix);
  });

  test.each(GKE_REJECTED_POOL_CASES)("pool: %s", (_name, overrides, value, rule, fix) => {
    expectValidationError(() => pool(overrides), value, rule, fix);
  });

  test.each(VALID_KEY_CASES)("pool accepts %s", (_name, overrides) => {
    expect(() => pool(overrides)).not.toThrow();
  });

  test.each(BAD_CLUSTER_NAMES)("cluster name: %s", (_name, name) => {
    const error = thrownBy(() => cluster(createTestStack(), { name }));

    expect(error).toBeInstanceOf(ParallelstoreValidationError);
    expect((error as Error).message).toContain(`name ${JSON.stringify(name)}`);
    expect((error as Error).message).toMatch(/1-40 lowercase letters, digits and hyphens, start with a letter and end with a letter or digit/);
    expect((error as Error).message).toMatch(/Use a name such as "training"/);
  });

  test.each(["a", "a1", `a${"b".repeat(39)}`, "gpu-training-2"])("cluster name %s is accepted", (name) => {
    expect(() => cluster(createTestStack(), { name })).not.toThrow();
  });

  test.each(UNLISTED_SERIES_MEMBER_CASES)("%s without accelerator suggests its series' GPU", (machineType, typeFix, countFix) => {
    const error = thrownBy(() => pool({ machineType }));

    expect(error).toBeInstanceOf(ParallelstoreValidationError);
    expect((error as Error).message).toContain("acceleratorType undefined");
    expect((error as Error).message).toContain(`machine type ${JSON.stringify(machineType)} does not imply a GPU type`);
    expect((error as Error).message).toMatch(typeFix);
    expect((error as Error).message).toMatch(countFix);
    expect((error as Error).message).not.toContain("nvidia-tesla-t4");
  });

  test("unknown series without accelerator points to the GPU page", () => {
    const error = thrownBy(() => pool({ machineType: "a9-highgpu-8g" }));

    expect(error).toBeInstanceOf(ParallelstoreValidationError);
    expect((error as Error).message).toMatch(/Set acceleratorType to the GPU type that the Compute Engine GPU machine types page lists/);
    expect((error as Error).message).toMatch(/Set acceleratorCount, e\.g\. 8/);
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
