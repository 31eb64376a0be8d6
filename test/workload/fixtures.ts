import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { IGpuPlacement } from "../../src/cluster/types";
import { AccessMode, IParallelstoreClaim, MountLocality } from "../../src/storage/types";
import { GpuTrainingWorkload, GpuTrainingWorkloadProps } from "../../src/workload";

/** Creates a claim stand-in with only the contract fields, for tests that need no PVC resource. */
export function fakeClaim(scope: Construct, id: string, fields: Partial<Omit<IParallelstoreClaim, "node">> = {}): IParallelstoreClaim {
  return Object.assign(new Construct(scope, id), {
    claimName: id,
    namespace: "default",
    accessMode: AccessMode.READ_WRITE_MANY,
    mountLocality: MountLocality.POD,
    ...fields,
  });
}

/**
 * A placement for a g2-standard-24 pool: two L4 GPUs per node, with the node label and taint
 * GKE puts on GPU nodes, written out here rather than taken from the cluster layer.
 */
export const L4_PLACEMENT: IGpuPlacement = {
  nodeSelector: { "cloud.google.com/gke-accelerator": "nvidia-l4" },
  tolerations: [{ key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" }],
  acceleratorType: "nvidia-l4",
  gpusPerNode: 2,
  zones: ["us-central1-a"],
};

/** Creates a Job named `llm-finetune` at path `test/training`, on the L4 placement unless props override them. */
export function createWorkload(stack: TerraformStack, props: Partial<GpuTrainingWorkloadProps> = {}): GpuTrainingWorkload {
  return new GpuTrainingWorkload(stack, "training", {
    name: "llm-finetune",
    placement: L4_PLACEMENT,
    container: { image: "us-docker.pkg.dev/my-project/ml/trainer:1.4.0" },
    ...props,
  });
}

export { captureError as thrownBy } from "../../src/testing";
