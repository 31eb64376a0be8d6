/**
 * Lets the Parallelstore CSI driver create the instance: a StorageClass pinned to the GPU
 * zone (WaitForFirstConsumer, reclaim policy Retain) and a 16000 GiB claim that a training
 * Job mounts. Dynamically created instances are always SCRATCH. With Retain, deleting the
 * claim leaves the instance running and billed until it is deleted by hand.
 *
 * Run with `npx cdktf synth --app "npx ts-node --transpile-only examples/dynamic-provisioning/main.ts"`.
 */
import { App } from "cdktf";
import { ParallelstoreTrainingStack, StorageMode, WorkloadKind } from "../../src";

/** Builds the stack into `app`. */
export function buildApp(app: App = new App()): App {
  new ParallelstoreTrainingStack(app, "dynamic-provisioning", {
    project: "my-project",
    zone: "europe-west4-b",
    network: { name: "ml-vpc", create: true, rangeStartAddress: "10.92.0.0", prefixLength: 22 },
    cluster: { name: "ml-dynamic", releaseChannel: undefined },
    gpuPool: { machineType: "a2-highgpu-2g" },
    storage: { mode: StorageMode.DYNAMIC, claimName: "scratch", requestGib: 16000, storageClassName: "parallelstore-scratch" },
    workload: {
      name: "pretrain",
      kind: WorkloadKind.JOB,
      image: "europe-docker.pkg.dev/my-project/ml/trainer:latest",
      gpusPerPod: 2,
      parallelism: 4,
      mounts: [{ mountPath: "/scratch" }],
    },
  });
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
