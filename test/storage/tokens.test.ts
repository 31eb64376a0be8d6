import { TerraformVariable } from "cdktf";
import {
  AccessMode,
  FileStripeLevel,
  MountLocality,
  ParallelstoreDynamicClaim,
  ParallelstoreFileSystem,
  ParallelstoreStaticVolume,
  ParallelstoreStorageClass,
  VolumeBindingMode,
} from "../../src";
import { createTestStack, onlyResourceOfType, synthesizeStack } from "../../src/testing";
import { PERSISTENT_VOLUME, PERSISTENT_VOLUME_CLAIM, STORAGE_CLASS } from "./fixtures";

describe("storage layer with Terraform variables", () => {
  test("every construct synthesizes with unknown values", () => {
    const stack = createTestStack();
    const text = (name: string) => new TerraformVariable(stack, name, { type: "string" }).stringValue;
    const number = (name: string) => new TerraformVariable(stack, name, { type: "number" }).numberValue;
    const list = (name: string) => new TerraformVariable(stack, name, { type: "list(string)" }).listValue;

    const storageClass = new ParallelstoreStorageClass(stack, "class", {
      storageClassName: text("class_name"),
      network: text("network"),
      reservedIpRange: text("range"),
      fileStripeLevel: text("file_stripe") as FileStripeLevel,
      description: text("description"),
      labels: { team: text("team") },
      mountLocality: text("locality") as MountLocality,
      dfuseResources: { memoryRequest: text("dfuse_memory") },
      mountOptions: { threadCount: number("threads"), maxRatio: number("max_ratio") },
      volumeBindingMode: VolumeBindingMode.IMMEDIATE,
      zones: list("zones"),
    });
    const dynamicClaim = new ParallelstoreDynamicClaim(stack, "scratch", {
      storageClass,
      claimName: text("claim_name"),
      namespace: text("namespace"),
      requestQuantity: text("request"),
      accessMode: text("access_mode") as AccessMode,
    });
    const instance = ParallelstoreFileSystem.fromInstanceAttributes(stack, {
      project: text("project"),
      zone: text("zone"),
      instanceId: text("instance_id"),
      accessPoints: list("access_points"),
      network: text("instance_network"),
      capacityGib: number("capacity"),
    });
    const staticVolume = new ParallelstoreStaticVolume(stack, "data", { instance, requestGib: number("static_request") });

    const synthesized = synthesizeStack(stack);
    const classResource = onlyResourceOfType(synthesized, STORAGE_CLASS);
    expect(classResource.metadata.name).toBe("${var.class_name}");
    expect(classResource.parameters.labels).toBe("team=${var.team}");
    // A token stripe level is mapped by Terraform: FILE_STRIPE_LEVEL_MIN becomes file-stripe-level-min.
    expect(classResource.parameters["file-stripe-level"]).toBe('${lower(replace(var.file_stripe, "_", "-"))}');
    expect(classResource.allowed_topologies.match_label_expressions[0].values).toBe("${var.zones}");
    expect(classResource.mount_options).toEqual(["thread-count=${var.threads}", "max_ratio=${var.max_ratio}"]);

    const pv = onlyResourceOfType(synthesized, PERSISTENT_VOLUME);
    expect(pv.spec[0].capacity.storage).toBe("${var.capacity}Gi");
    expect(pv.spec[0].persistent_volume_source.csi.volume_handle).toBe(
      "${var.project}/${var.zone}/${var.instance_id}/default-pool/default-container",
    );
    expect(pv.spec[0].persistent_volume_source.csi.volume_attributes.accessPoints).toBe('${join(",", var.access_points)}');

    const claims = Object.values(synthesized.resource?.[PERSISTENT_VOLUME_CLAIM] ?? {}) as any[];
    expect(claims.map((claim) => claim.spec.resources.requests.storage).sort()).toEqual(["${var.request}", "${var.static_request}Gi"]);
    expect(dynamicClaim.requestGib).toBeUndefined();
    expect(staticVolume.requestGib).toBeUndefined();
  });
});
