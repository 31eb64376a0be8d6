import {
  AccessMode,
  IParallelstoreClaim,
  MountLocality,
  ParallelstoreDynamicClaim,
  ParallelstoreDynamicClaimProps,
  ParallelstoreStorageClass,
  VolumeBindingMode,
} from "../../src";
import { collectWarnings, createTestStack, onlyResourceOfType, synthesizeStack } from "../../src/testing";
import { PERSISTENT_VOLUME_CLAIM } from "./fixtures";

function synthClaim(props: ParallelstoreDynamicClaimProps = {}): { claim: ParallelstoreDynamicClaim; pvc: any; warnings: string[] } {
  const stack = createTestStack();
  const claim = new ParallelstoreDynamicClaim(stack, "scratch", props);
  const pvc = onlyResourceOfType(synthesizeStack(stack), PERSISTENT_VOLUME_CLAIM);
  return { claim, pvc, warnings: collectWarnings(stack).map((warning) => warning.message) };
}

describe("ParallelstoreDynamicClaim", () => {
  test("snapshot of a claim against a class", () => {
    const stack = createTestStack();
    const storageClass = new ParallelstoreStorageClass(stack, "parallelstore-training", {
      volumeBindingMode: VolumeBindingMode.IMMEDIATE,
      zones: ["us-central1-a"],
    });
    new ParallelstoreDynamicClaim(stack, "scratch", { storageClass, requestGib: 16000, namespace: "training" });
    expect(synthesizeStack(stack)).toMatchSnapshot();
  });

  test("defaults: GKE class, smallest size, no wait", () => {
    const { pvc, claim } = synthClaim();
    expect(pvc.metadata).toEqual({ name: "scratch", namespace: "default" });
    expect(pvc.spec.storage_class_name).toBe("parallelstore-rwx");
    expect(pvc.spec.resources.requests).toEqual({ storage: "12000Gi" });
    expect(pvc.spec.access_modes).toEqual(["ReadWriteMany"]);
    expect(pvc.spec.volume_name).toBeUndefined();
    // WaitForFirstConsumer binds only when a Pod runs, so waiting would stall the apply.
    expect(pvc.wait_until_bound).toBe(false);
    expect(claim.requestGib).toBe(12000);
  });

  test("GKE's class warns that it deletes data", () => {
    const { warnings } = synthClaim();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("parallelstore-rwx");
    expect(warnings[0]).toContain("reclaim policy is Delete");
  });

  test("named class is used as given", () => {
    const { pvc, warnings, claim } = synthClaim({ storageClass: "team-parallelstore" });
    expect(pvc.spec.storage_class_name).toBe("team-parallelstore");
    expect(warnings).toEqual([]);
    expect(claim.mountLocality).toBe(MountLocality.POD);
    expect(claim.zone).toBeUndefined();
  });

  test.each([
    [{ requestGib: 12000 }, "12000Gi", 12000],
    [{ requestGib: 16000 }, "16000Gi", 16000],
    [{ requestGib: 100000 }, "100000Gi", 100000],
    [{ requestQuantity: "52000Gi" }, "52000Gi", 52000],
    // 16000000 MiB is 15625 GiB, not a capacity, but 16384000 MiB is 16000 GiB.
    [{ requestQuantity: "16384000Mi" }, "16384000Mi", 16000],
  ])("valid size %j requests %s", (props, storage, gib) => {
    const { pvc, claim } = synthClaim(props);
    expect(pvc.spec.resources.requests.storage).toBe(storage);
    expect(claim.requestGib).toBe(gib);
  });

  test("class construct sets name, locality, zone and order", () => {
    const stack = createTestStack();
    const storageClass = new ParallelstoreStorageClass(stack, "parallelstore-node", {
      mountLocality: MountLocality.NODE,
      volumeBindingMode: VolumeBindingMode.IMMEDIATE,
      zones: ["europe-west4-b"],
      network: "ml-vpc",
    });
    const claim = new ParallelstoreDynamicClaim(stack, "scratch", { storageClass, accessMode: AccessMode.READ_WRITE_ONCE });
    const pvc = onlyResourceOfType(synthesizeStack(stack), PERSISTENT_VOLUME_CLAIM);
    expect(pvc.spec.storage_class_name).toBe("parallelstore-node");
    expect(pvc.spec.access_modes).toEqual(["ReadWriteOnce"]);
    expect(pvc.depends_on).toEqual([expect.stringMatching(/^kubernetes_storage_class_v1\./)]);

    const contract: IParallelstoreClaim = claim;
    expect(contract.mountLocality).toBe(MountLocality.NODE);
    expect(contract.zone).toBe("europe-west4-b");
    expect(contract.network).toBe("ml-vpc");
    expect(contract.accessMode).toBe(AccessMode.READ_WRITE_ONCE);
    expect(collectWarnings(stack)).toEqual([]);
  });

  test("two claims with one name fail validation", () => {
    const stack = createTestStack();
    new ParallelstoreDynamicClaim(stack, "first", { claimName: "scratch", storageClass: "team-parallelstore" });
    new ParallelstoreDynamicClaim(stack, "second", { claimName: "scratch", storageClass: "team-parallelstore" });
    expect(() => synthesizeStack(stack)).toThrow(/PersistentVolumeClaim "default\/scratch" is also emitted by test\/(first|second)/);
  });
});
