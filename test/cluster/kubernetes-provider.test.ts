import { App, TerraformStack, Testing } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { ParallelstoreGkeCluster, kubernetesProviderForCluster } from "../../src/cluster";
import { synthesizeStack } from "../../src/testing";

/** Creates a stack with only the google provider, so the helper's kubernetes provider is the default one. */
function googleOnlyStack(): TerraformStack {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, "test");
  new GoogleProvider(stack, "google", { project: "my-project", region: "us-central1" });
  return stack;
}

describe("kubernetesProviderForCluster", () => {
  const stack = googleOnlyStack();
  const cluster = new ParallelstoreGkeCluster(stack, "cluster", { name: "training", location: "us-central1" });
  kubernetesProviderForCluster(stack, "kubernetes", cluster);
  const synthesized = synthesizeStack(stack);
  const providers = synthesized.provider?.kubernetes ?? [];
  const provider = providers[0];

  test("configures one provider", () => {
    expect(providers).toHaveLength(1);
  });

  test("host is the cluster endpoint reference", () => {
    expect(provider.host).toMatch(/^https:\/\/\$\{google_container_cluster\.[^}]+\.endpoint\}$/);
  });

  test("token is the client config reference", () => {
    expect(provider.token).toMatch(/^\$\{data\.google_client_config\.[^}]+\.access_token\}$/);
  });

  test("CA is decoded from master_auth", () => {
    expect(provider.cluster_ca_certificate).toMatch(
      /^\$\{base64decode\(google_container_cluster\.[^}]+\.master_auth\[0\]\.cluster_ca_certificate\)\}$/,
    );
  });

  test("synthesized JSON holds no literal credential", () => {
    const json = JSON.stringify(synthesized);
    expect(json).not.toMatch(/-----BEGIN/);
    // "LS0tLS1CRUdJTi" is "-----BEGIN" in base64, the start of an encoded PEM.
    expect(json).not.toMatch(/LS0tLS1CRUdJTi/);
    // Google OAuth access tokens start with "ya29.".
    expect(json).not.toMatch(/ya29\./);
    expect(json).not.toMatch(/[A-Za-z0-9+/]{200,}={0,2}/);
    expect(Object.keys(provider).sort()).toEqual(["cluster_ca_certificate", "host", "token"]);
  });

  test("alias and ContainerCluster work", () => {
    const other = googleOnlyStack();
    const existing = new ContainerCluster(other, "existing", { name: "existing", location: "us-central1-a", initialNodeCount: 1 });
    kubernetesProviderForCluster(other, "second", existing, { alias: "second" });
    const second = synthesizeStack(other).provider?.kubernetes?.[0];

    expect(second.alias).toBe("second");
    expect(second.host).toMatch(/^https:\/\/\$\{google_container_cluster\.existing\.endpoint\}$/);
  });
});
