import {
  DirectoryStripeLevel,
  FileStripeLevel,
  MountLocality,
  ParallelstoreStorageClass,
  ParallelstoreStorageClassProps,
  PrivateServicesAccess,
  ReclaimPolicy,
  VolumeBindingMode,
} from "../../src";
import { collectWarnings, createTestStack, onlyResourceOfType, synthesizeStack } from "../../src/testing";
import { STORAGE_CLASS } from "./fixtures";

function synthClass(props: ParallelstoreStorageClassProps = {}): { storageClass: ParallelstoreStorageClass; resource: any; warnings: string[] } {
  const stack = createTestStack();
  const storageClass = new ParallelstoreStorageClass(stack, "parallelstore-training", props);
  const resource = onlyResourceOfType(synthesizeStack(stack), STORAGE_CLASS);
  return { storageClass, resource, warnings: collectWarnings(stack).map((warning) => warning.message) };
}

describe("ParallelstoreStorageClass", () => {
  test("snapshot with every setting", () => {
    const stack = createTestStack();
    new ParallelstoreStorageClass(stack, "parallelstore-training", {
      network: "projects/host-project/global/networks/shared-vpc",
      reservedIpRange: "parallelstore-range",
      fileStripeLevel: FileStripeLevel.MAX,
      directoryStripeLevel: DirectoryStripeLevel.BALANCED,
      description: "Training scratch space",
      labels: { team: "ml", env: "dev" },
      mountLocality: MountLocality.NODE,
      dfuseResources: { cpuRequest: "500m", memoryRequest: "1Gi", cpuLimit: "2", memoryLimit: "16Gi" },
      mountOptions: { enableWriteBackCache: true, threadCount: 16, eventQueueCount: 4, readAheadKib: 4096, maxRatio: 50 },
      volumeBindingMode: VolumeBindingMode.IMMEDIATE,
      zones: ["us-central1-a"],
    });
    expect(synthesizeStack(stack)).toMatchSnapshot();
  });

  test("defaults: provisioner, binding, retain, no expansion", () => {
    const { resource, storageClass } = synthClass();
    expect(resource.metadata).toEqual({ name: "parallelstore-training" });
    expect(resource.storage_provisioner).toBe("parallelstore.csi.storage.gke.io");
    expect(resource.volume_binding_mode).toBe("WaitForFirstConsumer");
    expect(resource.reclaim_policy).toBe("Retain");
    // The kubernetes provider defaults allow_volume_expansion to true; Parallelstore cannot grow.
    expect(resource.allow_volume_expansion).toBe(false);
    expect(resource.allowed_topologies).toBeUndefined();
    expect(resource.parameters).toBeUndefined();
    expect(resource.mount_options).toBeUndefined();
    expect(storageClass.storageClassName).toBe("parallelstore-training");
    expect(storageClass.mountLocality).toBe(MountLocality.POD);
    expect(storageClass.zone).toBeUndefined();
  });

  test("expansion stays off with every other setting", () => {
    const { resource } = synthClass({ volumeBindingMode: VolumeBindingMode.IMMEDIATE, zones: ["us-east4-b"], reclaimPolicy: ReclaimPolicy.DELETE });
    expect(resource.allow_volume_expansion).toBe(false);
  });

  test("Immediate pins the zone with allowedTopologies", () => {
    const { resource, storageClass } = synthClass({ volumeBindingMode: VolumeBindingMode.IMMEDIATE, zones: ["us-central1-a"] });
    expect(resource.volume_binding_mode).toBe("Immediate");
    expect(resource.allowed_topologies).toEqual({
      match_label_expressions: [{ key: "topology.gke.io/zone", values: ["us-central1-a"] }],
    });
    expect(storageClass.zone).toBe("us-central1-a");
  });

  test("WaitForFirstConsumer takes a zone list", () => {
    const { resource, storageClass } = synthClass({ zones: ["us-central1-a", "us-central1-b"] });
    expect(resource.volume_binding_mode).toBe("WaitForFirstConsumer");
    expect(resource.allowed_topologies.match_label_expressions).toEqual([
      { key: "topology.gke.io/zone", values: ["us-central1-a", "us-central1-b"] },
    ]);
    expect(storageClass.zone).toBeUndefined();
  });

  test("parameters use the driver's keys and values", () => {
    const { resource } = synthClass({
      network: "ml-vpc",
      reservedIpRange: "ml-range",
      fileStripeLevel: FileStripeLevel.MIN,
      directoryStripeLevel: DirectoryStripeLevel.MAX,
      description: "Checkpoints",
      labels: { team: "ml", "cost-center": "r_and_d" },
    });
    expect(resource.parameters).toEqual({
      network: "ml-vpc",
      "reserved-ip-range": "ml-range",
      "file-stripe-level": "file-stripe-level-min",
      "directory-stripe-level": "directory-stripe-level-max",
      description: "Checkpoints",
      labels: "team=ml,cost-center=r_and_d",
    });
  });

  test.each([
    [FileStripeLevel.MIN, "file-stripe-level-min"],
    [FileStripeLevel.BALANCED, "file-stripe-level-balanced"],
    [FileStripeLevel.MAX, "file-stripe-level-max"],
  ])("file stripe level %s maps to %s", (level, parameter) => {
    expect(synthClass({ fileStripeLevel: level }).resource.parameters["file-stripe-level"]).toBe(parameter);
  });

  test.each([
    [DirectoryStripeLevel.MIN, "directory-stripe-level-min"],
    [DirectoryStripeLevel.BALANCED, "directory-stripe-level-balanced"],
    [DirectoryStripeLevel.MAX, "directory-stripe-level-max"],
  ])("directory stripe level %s maps to %s", (level, parameter) => {
    expect(synthClass({ directoryStripeLevel: level }).resource.parameters["directory-stripe-level"]).toBe(parameter);
  });

  test("Shared VPC network id is accepted", () => {
    const { resource } = synthClass({ network: "projects/host-project/global/networks/shared-vpc" });
    expect(resource.parameters.network).toBe("projects/host-project/global/networks/shared-vpc");
  });

  test("node mount emits mountLocality and dfuse keys", () => {
    const { resource, storageClass } = synthClass({
      mountLocality: MountLocality.NODE,
      dfuseResources: { cpuRequest: "500m", memoryRequest: "1Gi", cpuLimit: "2", memoryLimit: "16Gi" },
    });
    expect(resource.parameters).toEqual({
      mountLocality: "node",
      dfuseCPURequest: "500m",
      dfuseMemoryRequest: "1Gi",
      dfuseCPULimit: "2",
      dfuseMemoryLimit: "16Gi",
    });
    expect(storageClass.mountLocality).toBe(MountLocality.NODE);
  });

  test("typed mount options render as driver options", () => {
    const { resource } = synthClass({
      mountOptions: { enableWriteBackCache: true, threadCount: 16, eventQueueCount: 4, readAheadKib: 4096, maxRatio: 50 },
    });
    expect(resource.mount_options).toEqual(["enable-wb-cache", "thread-count=16", "eq-count=4", "read_ahead_kb=4096", "max_ratio=50"]);
  });

  test("fractional CPU and memory quantities pass", () => {
    const { resource } = synthClass({
      mountLocality: MountLocality.NODE,
      dfuseResources: { cpuRequest: "1.5", memoryRequest: "1.5Gi", memoryLimit: "12G" },
    });
    expect(resource.parameters.dfuseCPURequest).toBe("1.5");
    expect(resource.parameters.dfuseMemoryRequest).toBe("1.5Gi");
    expect(resource.parameters.dfuseMemoryLimit).toBe("12G");
  });

  test("false flags render nothing", () => {
    const { resource } = synthClass({ mountOptions: { disableCaching: false, enableWriteBackCache: false } });
    expect(resource.mount_options).toBeUndefined();
  });

  test("event queues with enough threads pass", () => {
    const { resource } = synthClass({ mountOptions: { threadCount: 65, eventQueueCount: 64 } });
    expect(resource.mount_options).toEqual(["thread-count=65", "eq-count=64"]);
  });

  test("zones of one region pass", () => {
    const { storageClass } = synthClass({ zones: ["europe-west4-a", "europe-west4-b"] });
    expect(storageClass.zones).toEqual(["europe-west4-a", "europe-west4-b"]);
  });

  test("range and relation errors reported together", () => {
    const build = () => synthClass({ mountOptions: { maxRatio: 101, eventQueueCount: 64 } });
    expect(build).toThrow(/mountOptions\.maxRatio 101 is invalid/);
    expect(build).toThrow(/mountOptions\.eventQueueCount 64 is invalid/);
  });

  test("disable-caching alone renders", () => {
    expect(synthClass({ mountOptions: { disableCaching: true } }).resource.mount_options).toEqual(["disable-caching"]);
  });

  test("Delete reclaim policy warns about data loss", () => {
    const { resource, warnings } = synthClass({ reclaimPolicy: ReclaimPolicy.DELETE });
    expect(resource.reclaim_policy).toBe("Delete");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("parallelstore-training");
    expect(warnings[0]).toContain("deletes its Parallelstore instance and every file on it");
  });

  test("Retain reclaim policy does not warn", () => {
    expect(synthClass({ reclaimPolicy: ReclaimPolicy.RETAIN }).warnings).toEqual([]);
  });

  test("PrivateServicesAccess gives network, range and dependency", () => {
    const stack = createTestStack();
    const access = new PrivateServicesAccess(stack, "psa", { networkName: "ml-vpc" });
    new ParallelstoreStorageClass(stack, "parallelstore-training", { network: access });
    const resource = onlyResourceOfType(synthesizeStack(stack), STORAGE_CLASS);
    expect(resource.parameters.network).toBe("ml-vpc");
    expect(resource.parameters["reserved-ip-range"]).toBe("ml-vpc-parallelstore-range");
    expect(resource.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^google_service_networking_connection\./), expect.stringMatching(/^google_compute_firewall\./)]),
    );
  });

  test("PrivateServicesAccess as range sets the network", () => {
    const stack = createTestStack();
    const access = new PrivateServicesAccess(stack, "psa", { networkName: "ml-vpc", rangeName: "ml-range" });
    new ParallelstoreStorageClass(stack, "parallelstore-training", { reservedIpRange: access });
    const resource = onlyResourceOfType(synthesizeStack(stack), STORAGE_CLASS);
    expect(resource.parameters).toEqual({ network: "ml-vpc", "reserved-ip-range": "ml-range" });
  });

  test("two classes with one name fail validation", () => {
    const stack = createTestStack();
    new ParallelstoreStorageClass(stack, "first", { storageClassName: "parallelstore-training" });
    new ParallelstoreStorageClass(stack, "second", { storageClassName: "parallelstore-training" });
    expect(() => synthesizeStack(stack)).toThrow(/StorageClass "parallelstore-training" is also emitted by test\/second/);
  });
});
