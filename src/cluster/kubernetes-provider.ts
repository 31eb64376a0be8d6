import { Construct } from "constructs";
import { Fn } from "cdktf";
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { DataGoogleClientConfig } from "@cdktf/provider-google/lib/data-google-client-config";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { ParallelstoreGkeCluster } from "./parallelstore-gke-cluster";

/** Options of `kubernetesProviderForCluster`. */
export interface KubernetesProviderOptions {
  /**
   * Provider alias, for a second cluster in the same stack.
   * @default no alias (the default kubernetes provider)
   */
  readonly alias?: string;
}

/**
 * Creates a kubernetes provider that talks to a cluster of the same app.
 *
 * Every credential is a Terraform reference resolved at plan time, so none is written into
 * the synthesized JSON. `host` is `https://` plus the cluster endpoint. `token` is the
 * short-lived OAuth access token of the google provider's credentials
 * (`google_client_config.access_token`). `cluster_ca_certificate` is the decoded CA of the
 * cluster's `master_auth`.
 */
export function kubernetesProviderForCluster(
  scope: Construct,
  id: string,
  cluster: ParallelstoreGkeCluster | ContainerCluster,
  options: KubernetesProviderOptions = {},
): KubernetesProvider {
  const resource = cluster instanceof ParallelstoreGkeCluster ? cluster.resource : cluster;
  const clientConfig = new DataGoogleClientConfig(scope, `${id}-client-config`);
  return new KubernetesProvider(scope, id, {
    alias: options.alias,
    host: `https://${resource.endpoint}`,
    token: clientConfig.accessToken,
    clusterCaCertificate: Fn.base64decode(resource.masterAuth.clusterCaCertificate),
  });
}
