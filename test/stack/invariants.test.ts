import { TerraformVariable } from "cdktf";
import {
  GpuNodePool,
  MountLocality,
  ParallelstoreFileSystem,
  ParallelstoreGkeCluster,
  ParallelstoreInvariants,
  ParallelstoreStaticVolume,
  ParallelstoreStorageClass,
  ParallelstoreTraining,
  ParallelstoreTrainingProps,
  PrivateServicesAccess,
  StorageMode,
} from "../../src";
import { collectValidationErrors, collectWarnings, createTestStack, synthesizeStack } from "../../src/testing";

const BASE: ParallelstoreTrainingProps = { project: "my-project", zone: "us-central1-a" };

function trainingStack() {
  return createTestStack("test", { kubernetesProvider: false });
}

function trainingErrors(props: Partial<ParallelstoreTrainingProps>): string[] {
  const stack = trainingStack();
  new ParallelstoreTraining(stack, "training", { ...BASE, ...props });
  return collectValidationErrors(stack).map((error) => `[${error.path}] ${error.message}`);
}

describe("ParallelstoreTraining invariants", () => {
  test("default scenario passes", () => {
    expect(trainingErrors({})).toEqual([]);
  });

  test("cluster in another region", () => {
    expect(() => trainingErrors({ cluster: { location: "us-east1" }, gpuPool: { nodeLocations: ["us-east1-b"] } })).toThrow(
      /cluster.location "us-east1" is invalid: the instance and the GPU nodes are in zone us-central1-a, so the cluster must be in region us-central1/,
    );
  });

  test("zonal cluster in the instance region", () => {
    expect(trainingErrors({ cluster: { location: "us-central1-b" }, gpuPool: { nodeLocations: ["us-central1-b"] } })).toEqual([]);
  });

  test("pool outside instance zone warns", () => {
    const stack = trainingStack();
    new ParallelstoreTraining(stack, "training", { ...BASE, gpuPool: { nodeLocations: ["us-central1-b"] } });
    expect(collectValidationErrors(stack)).toEqual([]);
    expect(collectValidationErrors(stack)).toEqual([]);
    const warnings = collectWarnings(stack).filter((warning) => /instance zone/.test(warning.message));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].path).toBe("test/training/gpu-pool");
    expect(warnings[0].message).toMatch(/us-central1-b do not include the instance zone us-central1-a/);
  });

  test("node mount on an old cluster", () => {
    const errors = trainingErrors({ cluster: { minMasterVersion: "1.31.6-gke.1000000" }, storage: { mountLocality: MountLocality.NODE } });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/minMasterVersion "1.31.6-gke.1000000" is too old for the node-mount claims test\/training\/volume/);
    expect(errors[0]).toMatch(/needs GKE 1.32.3 or later/);
  });

  test("node mount on a new cluster", () => {
    expect(trainingErrors({ cluster: { minMasterVersion: "1.32.3-gke.1440000" }, storage: { mountLocality: MountLocality.NODE } })).toEqual([]);
  });

  test("existing instance on another network", () => {
    const errors = trainingErrors({
      storage: {
        mode: StorageMode.EXISTING,
        existingInstance: {
          project: "my-project",
          zone: "us-central1-a",
          instanceId: "shared",
          accessPoints: ["10.0.0.2"],
          network: "projects/my-project/global/networks/other-vpc",
          capacityGib: 12000,
        },
      },
      network: { name: "default" },
    });
    expect(errors.join("\n")).toMatch(/differs from instance network "projects\/my-project\/global\/networks\/other-vpc"/);
  });

  test("existing instance in another region", () => {
    const errors = trainingErrors({
      storage: {
        mode: StorageMode.EXISTING,
        existingInstance: { project: "my-project", zone: "europe-west4-a", instanceId: "shared", accessPoints: ["10.0.0.2"], network: "default", capacityGib: 12000 },
      },
    });
    expect(errors.join("\n")).toMatch(/instance zone "europe-west4-a" is not in the region "us-central1"/);
  });

  test("placeholder image warns", () => {
    const stack = trainingStack();
    new ParallelstoreTraining(stack, "training", BASE);
    expect(collectWarnings(stack).map((warning) => warning.message)).toContainEqual(expect.stringMatching(/workload.image is not set/));
  });

  test("small pool warns", () => {
    const stack = trainingStack();
    new ParallelstoreTraining(stack, "training", { ...BASE, gpuPool: { nodeCount: 2 }, workload: { image: "trainer:1", replicas: 8 } });
    const warnings = collectWarnings(stack).filter((warning) => warning.path === "test/training/gpu-pool");
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toMatch(/fit 2 Pods of 1 GPUs, but the workload runs 8/);
  });

  test("null props rejected", () => {
    const stack = trainingStack();
    expect(() => new ParallelstoreTraining(stack, "training", null as unknown as ParallelstoreTrainingProps)).toThrow(/props null is invalid/);
  });

  test("variables skip every invariant", () => {
    const stack = trainingStack();
    const zone = new TerraformVariable(stack, "zone", { type: "string" });
    const capacity = new TerraformVariable(stack, "capacity", { type: "number" });
    const location = new TerraformVariable(stack, "location", { type: "string" });
    new ParallelstoreTraining(stack, "training", {
      project: "my-project",
      zone: zone.stringValue,
      instance: { capacityGib: capacity.numberValue },
      cluster: { location: location.stringValue },
    });
    expect(collectValidationErrors(stack)).toEqual([]);
    const synthesized = synthesizeStack(stack);
    expect(Object.values(synthesized.resource?.google_parallelstore_instance ?? {})[0].capacity_gib).toBe("${var.capacity}");
  });
});

describe("ParallelstoreInvariants on hand-built constructs", () => {
  function build() {
    const stack = createTestStack();
    const access = new PrivateServicesAccess(stack, "psa", { networkName: "ml-vpc" });
    const instance = new ParallelstoreFileSystem(stack, "fs", { instanceId: "data", zone: "us-central1-a", network: access, project: "my-project" });
    const cluster = new ParallelstoreGkeCluster(stack, "cluster", { name: "ml", location: "us-central1", network: "ml-vpc", project: "my-project" });
    const pool = new GpuNodePool(stack, "pool", { cluster, machineType: "g2-standard-8", nodeLocations: ["us-central1-a"] });
    return { stack, access, instance, cluster, pool };
  }

  test("network named by id equals name", () => {
    const { stack, access, instance, cluster, pool } = build();
    const storageClass = new ParallelstoreStorageClass(stack, "class", { network: "projects/my-project/global/networks/ml-vpc" });
    stack.node.addValidation(new ParallelstoreInvariants({ instance, privateServicesAccess: access, cluster, gpuPools: [pool], storageClasses: [storageClass] }));
    expect(collectValidationErrors(stack)).toEqual([]);
  });

  test("StorageClass on another network", () => {
    const { stack, access, instance, cluster } = build();
    const storageClass = new ParallelstoreStorageClass(stack, "class", { network: "default" });
    stack.node.addValidation(new ParallelstoreInvariants({ instance, privateServicesAccess: access, cluster, storageClasses: [storageClass] }));
    const errors = collectValidationErrors(stack);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/StorageClass test\/class parameter network "default" differs from instance network "ml-vpc"/);
  });

  test("volume from another instance", () => {
    const { stack, instance } = build();
    const other = ParallelstoreFileSystem.fromInstanceAttributes(stack, {
      project: "my-project",
      zone: "us-central1-b",
      instanceId: "other",
      accessPoints: ["10.0.0.2"],
      network: "ml-vpc",
      capacityGib: 16000,
    });
    const volume = new ParallelstoreStaticVolume(stack, "volume", { instance: other, requestGib: 16000 });
    stack.node.addValidation(new ParallelstoreInvariants({ instance, claims: [volume] }));
    const messages = collectValidationErrors(stack).map((error) => error.message);
    expect(messages).toEqual([
      expect.stringMatching(/claim test\/volume points at zone "us-central1-b", but the instance is in "us-central1-a"/),
      expect.stringMatching(/claim test\/volume requests 16000Gi, more than the instance's 12000Gi/),
      expect.stringMatching(/volume test\/volume has handle "my-project\/us-central1-b\/other\/default-pool\/default-container"/),
    ]);
  });

  test("dynamic wiring without instance", () => {
    const { stack, access, cluster, pool } = build();
    const storageClass = new ParallelstoreStorageClass(stack, "class", { network: access, zones: ["us-central1-b"] });
    stack.node.addValidation(new ParallelstoreInvariants({ privateServicesAccess: access, cluster, gpuPools: [pool], storageClasses: [storageClass] }));
    expect(collectValidationErrors(stack)).toEqual([]);
    expect(collectWarnings(stack).map((warning) => warning.message)).toContainEqual(expect.stringMatching(/do not include the StorageClass zone us-central1-b/));
  });

  test("reserved range overlapping Pods", () => {
    const stack = createTestStack();
    const access = new PrivateServicesAccess(stack, "psa", { rangeStartAddress: "10.4.0.0", prefixLength: 20 });
    const cluster = new ParallelstoreGkeCluster(stack, "cluster", { name: "ml", location: "us-central1", network: access, podsCidr: "10.4.0.0/14" });
    stack.node.addValidation(new ParallelstoreInvariants({ privateServicesAccess: access, cluster }));
    const errors = collectValidationErrors(stack);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/podsCidr "10.4.0.0\/14" overlaps the Parallelstore reserved range "10.4.0.0\/20"/);
  });

  test.each<[string, unknown, RegExp]>([
    ["null wiring", null, /wiring null is invalid/],
    ["claims not a list", { claims: "volume" }, /claims "volume" is invalid: claims must be a list of constructs/],
    ["pools given by name", { gpuPools: ["gpus"] }, /gpuPools \["gpus"\] is invalid/],
  ])("rejects %s", (_name, wiring, pattern) => {
    expect(() => new ParallelstoreInvariants(wiring as never)).toThrow(pattern);
  });

  test("all failures reported at once", () => {
    const { stack, access, instance } = build();
    const cluster = new ParallelstoreGkeCluster(stack, "far-cluster", { name: "far", location: "europe-west4", network: "default", project: "my-project" });
    stack.node.addValidation(new ParallelstoreInvariants({ instance, privateServicesAccess: access, cluster }));
    expect(() => synthesizeStack(stack)).toThrow(/not in the region "europe-west4"[\s\S]*differs from instance network/);
  });
});
