/**
 * The training scenario of the common Parallelstore-on-GKE walkthrough, with its mistakes
 * fixed: a 12000 GiB instance (12288 GiB is not a valid size), the CSI volume handle instead
 * of the API resource name, `accessPoints` on the volume, and four GPU replicas that mount
 * `/data` and `/checkpoints` through one Pod volume.
 *
 * `npm run synth` runs this file through `cdktf synth`. Set STACK_CONFIG to a JSON file whose
 * keys are `ParallelstoreTrainingProps` to synthesize another scenario. On any invalid key,
 * type or invariant the program lists every problem and writes nothing.
 */
import { resolve } from "path";
import { App } from "cdktf";
import { ParallelstoreTrainingProps, StackConfigError, buildCheckedTrainingStack, buildTrainingStackFromConfig } from "../../src";

export const ML_TRAINING_PROPS: ParallelstoreTrainingProps = {
  project: "my-project",
  zone: "us-central1-a",
  network: { name: "default" },
  instance: { instanceId: "my-parallelstore", capacityGib: 12000, description: "Parallelstore for ML training data" },
  workload: {
    name: "ml-training",
    image: "us-docker.pkg.dev/my-project/ml/trainer:latest",
    replicas: 4,
    gpusPerPod: 1,
    mounts: [{ mountPath: "/data" }, { mountPath: "/checkpoints", subPath: "checkpoints" }],
  },
};

/**
 * Returns the STACK_CONFIG path, resolved against the folder npm was started in (INIT_CWD),
 * because `npm run synth` runs this program from the package folder.
 */
function stackConfigPath(): string | undefined {
  const configured = process.env.STACK_CONFIG;
  return configured ? resolve(process.env.INIT_CWD ?? process.cwd(), configured) : undefined;
}

/** Builds the stack into `app`, from STACK_CONFIG (when set) over the scenario's props. */
export function buildApp(configPath = stackConfigPath(), app: App = new App()): App {
  if (configPath) {
    buildTrainingStackFromConfig(app, "ml-training", configPath, ML_TRAINING_PROPS);
  } else {
    buildCheckedTrainingStack(app, "ml-training", ML_TRAINING_PROPS, "examples/ml-training/main.ts");
  }
  return app;
}

if (require.main === module) {
  try {
    buildApp().synth();
  } catch (error) {
    if (error instanceof StackConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
