/**
 * Mounts a Parallelstore instance created outside Terraform (for example with
 * `gcloud parallelstore instances create`) into a GPU Job through a pre-bound
 * PersistentVolume and claim. The attributes come from
 * `gcloud parallelstore instances describe INSTANCE --location ZONE`.
 *
 * Run with `npx cdktf synth --app "npx ts-node --transpile-only examples/existing-instance/main.ts"`.
 */
import { App } from "cdktf";
import { ParallelstoreTrainingStack, StorageMode, WorkloadKind } from "../../src";

/** Builds the stack into `app`. */
export function buildApp(app: App = new App()): App {
  new ParallelstoreTrainingStack(app, "existing-instance", {
    project: "my-project",
    zone: "us-central1-a",
    storage: {
      mode: StorageMode.EXISTING,
      claimName: "shared-datasets",
      existingInstance: {
        project: "my-project",
        zone: "us-central1-a",
        instanceId: "shared-datasets",
        accessPoints: ["10.92.0.2", "10.92.0.3", "10.92.0.4"],
        network: "projects/my-project/global/networks/default",
        capacityGib: 24000,
      },
    },
    workload: {
      name: "evaluate",
      kind: WorkloadKind.JOB,
      image: "us-docker.pkg.dev/my-project/ml/evaluator:latest",
      parallelism: 2,
      completions: 2,
      mounts: [{ mountPath: "/datasets", readOnly: true }],
    },
  });
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
