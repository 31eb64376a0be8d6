import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { requireProps } from "../validation/errors";
import { splitAccessPoints } from "../instance/types";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { regionOfZone } from "../validation/zones";
import { isLiteral } from "../validation/literal";
import { ParallelstoreTraining } from "./parallelstore-training";
import { ParallelstoreTrainingProps } from "./settings";

/**
 * A stack with the google provider and one `ParallelstoreTraining`, plus the outputs a user
 * needs after `cdktf deploy`: access points, volume handle, cluster name and location, the
 * `gcloud` command that fetches credentials, and the expected throughput.
 */
export class ParallelstoreTrainingStack extends TerraformStack {
  /** The google provider, configured with the project and the zone's region. */
  public readonly googleProvider: GoogleProvider;
  /** The training scenario. */
  public readonly training: ParallelstoreTraining;

  constructor(scope: Construct, id: string, props: ParallelstoreTrainingProps) {
    super(scope, id);
    requireProps(this, props, "ParallelstoreTrainingProps");

    this.googleProvider = new GoogleProvider(this, "google", {
      project: props.project,
      region: isLiteral(props.zone) ? regionOfZone(props.zone) : undefined,
      zone: props.zone,
    });
    this.training = new ParallelstoreTraining(this, "training", props);
    const training = this.training;

    if (training.instance) {
      new TerraformOutput(this, "access_points", {
        value: training.fileSystem ? training.fileSystem.accessPoints : splitAccessPoints(training.instance.accessPointsJoined),
        description: "IPv4 access points of the Parallelstore instance.",
      });
      new TerraformOutput(this, "volume_handle", {
        value: training.instance.volumeHandle,
        description: "CSI volume handle of the instance: PROJECT/ZONE/INSTANCE_ID/default-pool/default-container.",
      });
    }
    new TerraformOutput(this, "cluster_name", { value: training.cluster.name, description: "GKE cluster name." });
    new TerraformOutput(this, "cluster_location", { value: training.cluster.location, description: "GKE cluster location (zone or region)." });
    new TerraformOutput(this, "get_credentials_command", {
      value: training.cluster.getCredentialsCommand,
      description: "Command that writes kubectl credentials for the cluster.",
    });
    const performance = training.fileSystem?.expectedPerformance;
    if (performance) {
      new TerraformOutput(this, "expected_throughput", {
        value: {
          read_gib_per_sec: performance.readGibPerSec,
          write_gib_per_sec: performance.writeGibPerSec,
          read_iops: performance.readIops,
          write_iops: performance.writeIops,
        },
        description: "Estimated aggregate performance for the capacity, from Google's per-TiB figures.",
      });
    }
  }
}
