/**
 * The training scenario built layer by layer from the individual constructs, with the
 * cross-construct invariants added by hand. `ParallelstoreTraining` does the same in one call.
 *
 * Run with `npx cdktf synth --app "npx ts-node --transpile-only examples/layers/main.ts"`.
 */
import { Construct } from "constructs";
import { App, TerraformStack } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import {
  GpuNodePool,
  GpuTrainingWorkload,
  ParallelstoreFileSystem,
  ParallelstoreGkeCluster,
  ParallelstoreInvariants,
  ParallelstoreStaticVolume,
  PrivateServicesAccess,
  WorkloadKind,
  kubernetesProviderForCluster,
} from "../../src";

export class LayeredTrainingStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new GoogleProvider(this, "google", { project: "my-project", region: "us-central1" });

    // Reserved /24 range, peering (ABANDON on destroy), firewall rule, APIs.
    const network = new PrivateServicesAccess(this, "network", { networkName: "default", enableServices: true });
    const data = new ParallelstoreFileSystem(this, "data", {
      instanceId: "training-data",
      zone: "us-central1-a",
      capacityGib: 12000,
      network,
    });

    const cluster = new ParallelstoreGkeCluster(this, "cluster", { name: "ml", location: "us-central1", network });
    const pool = new GpuNodePool(this, "gpus", { cluster, machineType: "g2-standard-8", nodeLocations: ["us-central1-a"] });
    kubernetesProviderForCluster(this, "kubernetes", cluster);

    const volume = new ParallelstoreStaticVolume(this, "volume", { instance: data, claimName: "training-data" });
    const job = new GpuTrainingWorkload(this, "train", {
      kind: WorkloadKind.JOB,
      name: "train",
      placement: pool,
      gpusPerPod: 1,
      container: { image: "us-docker.pkg.dev/my-project/ml/trainer:latest" },
    });
    job.mount(volume, "/data");
    job.mount(volume, "/checkpoints", { subPath: "checkpoints" });

    // Zones, networks, capacity, node-mount versions and volumes per Pod, checked at synth.
    this.node.addValidation(
      new ParallelstoreInvariants({
        instance: data,
        privateServicesAccess: network,
        cluster,
        gpuPools: [pool],
        claims: [volume],
        workloads: [job],
      }),
    );
  }
}

/** Builds the stack into `app`. */
export function buildApp(app: App = new App()): App {
  new LayeredTrainingStack(app, "layers");
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
