import { TerraformStack } from "cdktf";
import {
  AccessMode,
  IParallelstoreClaim,
  MountLocality,
  ParallelstoreFileSystem,
  ParallelstoreStaticVolume,
  ParallelstoreStaticVolumeProps,
} from "../../src";
import { createTestStack, onlyResourceOfType, resolveValue, synthesizeStack } from "../../src/testing";
import { PERSISTENT_VOLUME, PERSISTENT_VOLUME_CLAIM, existingInstance, uncheckedInstance } from "./fixtures";

interface SynthesizedPair {
  stack: TerraformStack;
  volume: ParallelstoreStaticVolume;
  pv: any;
  pvc: any;
}

function synthPair(props: Partial<ParallelstoreStaticVolumeProps> = {}): SynthesizedPair {
  const stack = createTestStack();
  const volume = new ParallelstoreStaticVolume(stack, "training-data", { instance: existingInstance(stack), ...props });
  const synthesized = synthesizeStack(stack);
  return {
    stack,
    volume,
    pv: onlyResourceOfType(synthesized, PERSISTENT_VOLUME),
    pvc: onlyResourceOfType(synthesized, PERSISTENT_VOLUME_CLAIM),
  };
}

describe("ParallelstoreStaticVolume", () => {
  test("snapshot of a pair for an existing instance", () => {
    const stack = createTestStack();
    new ParallelstoreStaticVolume(stack, "training-data", { instance: existingInstance(stack), namespace: "training" });
    expect(synthesizeStack(stack)).toMatchSnapshot();
  });

  test("volume carries the documented CSI source", () => {
    const { pv } = synthPair();
    // The PV spec is a list of one block in the CDKTF binding.
    expect(pv.spec).toHaveLength(1);
    expect(pv.spec[0].persistent_volume_source.csi).toEqual({
      driver: "parallelstore.csi.storage.gke.io",
      volume_handle: "my-project/us-central1-a/training-data/default-pool/default-container",
      volume_attributes: { accessPoints: "10.92.0.2,10.92.0.3,10.92.0.4", network: "ml-vpc" },
    });
  });

  test("volume handle is not the API resource name", () => {
    const { pv, volume } = synthPair();
    const handle = pv.spec[0].persistent_volume_source.csi.volume_handle;
    expect(handle.split("/")).toEqual(["my-project", "us-central1-a", "training-data", "default-pool", "default-container"]);
    expect(handle).not.toMatch(/^projects\//);
    expect(volume.volumeHandle).toBe(handle);
  });

  test("volume is retained and sized to the instance", () => {
    const { pv } = synthPair();
    const spec = pv.spec[0];
    expect(spec.persistent_volume_reclaim_policy).toBe("Retain");
    expect(spec.volume_mode).toBe("Filesystem");
    expect(spec.capacity).toEqual({ storage: "16000Gi" });
    expect(spec.access_modes).toEqual(["ReadWriteMany"]);
  });

  test("pair is pre-bound from both sides", () => {
    const { pv, pvc } = synthPair({ namespace: "training" });
    expect(pv.metadata).toEqual({ name: "training-training-data" });
    expect(pv.spec[0].claim_ref).toEqual({ name: "training-data", namespace: "training" });
    expect(pvc.metadata).toEqual({ name: "training-data", namespace: "training" });
    expect(pvc.spec.volume_name).toBe("training-training-data");
    expect(pvc.depends_on).toEqual([expect.stringMatching(/^kubernetes_persistent_volume_v1\./)]);
  });

  test("both sides share a non-empty class name", () => {
    const { pv, pvc } = synthPair();
    expect(pv.spec[0].storage_class_name).toBe("parallelstore-static");
    expect(pvc.spec.storage_class_name).toBe(pv.spec[0].storage_class_name);
  });

  test("given class name reaches both sides", () => {
    const { pv, pvc } = synthPair({ storageClassName: "parallelstore-existing" });
    expect(pv.spec[0].storage_class_name).toBe("parallelstore-existing");
    expect(pvc.spec.storage_class_name).toBe("parallelstore-existing");
  });

  test("claim requests the whole volume by default", () => {
    const { pvc, volume } = synthPair();
    expect(pvc.spec.resources.requests).toEqual({ storage: "16000Gi" });
    expect(pvc.spec.access_modes).toEqual(["ReadWriteMany"]);
    expect(pvc.spec.volume_mode).toBe("Filesystem");
    expect(volume.requestGib).toBe(16000);
  });

  test("claim may request less than the volume", () => {
    expect(synthPair({ requestGib: 12000 }).pvc.spec.resources.requests.storage).toBe("12000Gi");
    const { pvc, volume } = synthPair({ requestQuantity: "8Ti" });
    expect(pvc.spec.resources.requests.storage).toBe("8Ti");
    expect(volume.requestGib).toBe(8192);
  });

  test("claim waits briefly for binding", () => {
    const { pvc } = synthPair();
    expect(pvc.wait_until_bound).toBe(true);
    expect(pvc.timeouts).toEqual({ create: "2m" });
  });

  test.each([AccessMode.READ_ONLY_MANY, AccessMode.READ_WRITE_ONCE])("access mode %s on both sides", (accessMode) => {
    const { pv, pvc } = synthPair({ accessMode });
    expect(pv.spec[0].access_modes).toEqual([accessMode]);
    expect(pvc.spec.access_modes).toEqual([accessMode]);
  });

  test("node mount adds locality, dfuse keys and mount options", () => {
    const { pv, volume } = synthPair({
      mountLocality: MountLocality.NODE,
      dfuseResources: { memoryLimit: "20Gi" },
      mountOptions: { threadCount: 8 },
    });
    expect(pv.spec[0].persistent_volume_source.csi.volume_attributes).toEqual({
      accessPoints: "10.92.0.2,10.92.0.3,10.92.0.4",
      network: "ml-vpc",
      mountLocality: "node",
      dfuseMemoryLimit: "20Gi",
    });
    expect(pv.spec[0].mount_options).toEqual(["thread-count=8"]);
    expect(volume.mountLocality).toBe(MountLocality.NODE);
  });

  test("self link network becomes the network id", () => {
    const stack = createTestStack();
    const instance = existingInstance(stack, { network: "https://www.googleapis.com/compute/v1/projects/host/global/networks/shared-vpc" });
    new ParallelstoreStaticVolume(stack, "training-data", { instance });
    const pv = onlyResourceOfType(synthesizeStack(stack), PERSISTENT_VOLUME);
    expect(pv.spec[0].persistent_volume_source.csi.volume_attributes.network).toBe("projects/host/global/networks/shared-vpc");
  });

  test("instance of this app feeds handle and access points", () => {
    const stack = createTestStack();
    const fileSystem = new ParallelstoreFileSystem(stack, "fs", { instanceId: "checkpoints", zone: "us-east4-b", project: "my-project", capacityGib: 20000 });
    new ParallelstoreStaticVolume(stack, "checkpoints", { instance: fileSystem });
    const pv = onlyResourceOfType(synthesizeStack(stack), PERSISTENT_VOLUME);
    const csi = pv.spec[0].persistent_volume_source.csi;
    expect(csi.volume_handle).toBe("my-project/us-east4-b/checkpoints/default-pool/default-container");
    expect(csi.volume_attributes.accessPoints).toMatch(/^\$\{join\(",", google_parallelstore_instance\.fs_instance_[0-9A-F]+\.access_points\)\}$/);
    expect(pv.spec[0].capacity.storage).toBe("20000Gi");
  });

  test("implements the claim contract", () => {
    const { volume, stack } = synthPair({ namespace: "training", mountLocality: MountLocality.NODE });
    const claim: IParallelstoreClaim = volume;
    expect(claim.claimName).toBe("training-data");
    expect(claim.namespace).toBe("training");
    expect(claim.accessMode).toBe(AccessMode.READ_WRITE_MANY);
    expect(claim.mountLocality).toBe(MountLocality.NODE);
    expect(claim.requestGib).toBe(16000);
    expect(claim.zone).toBe("us-central1-a");
    expect(claim.network).toBe("ml-vpc");
    expect(resolveValue(stack, volume.volumeName)).toBe("training-training-data");
  });

  test("two pairs with one claim name fail validation", () => {
    const stack = createTestStack();
    new ParallelstoreStaticVolume(stack, "first", { instance: uncheckedInstance(), claimName: "data" });
    new ParallelstoreStaticVolume(stack, "second", { instance: uncheckedInstance(), claimName: "data", volumeName: "data-2" });
    expect(() => synthesizeStack(stack)).toThrow(/PersistentVolumeClaim "default\/data" is also emitted by test\/second/);
  });

  test("same claim name in two namespaces is fine", () => {
    const stack = createTestStack();
    new ParallelstoreStaticVolume(stack, "first", { instance: uncheckedInstance(), claimName: "data", namespace: "team-a" });
    new ParallelstoreStaticVolume(stack, "second", { instance: uncheckedInstance(), claimName: "data", namespace: "team-b" });
    expect(() => synthesizeStack(stack)).not.toThrow();
  });
});
