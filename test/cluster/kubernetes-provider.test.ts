import { Construct } from "constructs";
import { App, TerraformStack, Testing } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { ParallelstoreGkeCluster, kubernetesProviderForCluster } from "../../src/cluster";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { createTestStack, synthesizeStack } from "../../src/testing";
import { ParallelstoreValidationError } from "../../src/validation/errors";
import { expectValidationError, thrownBy } from "./fixtures";

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

/** Builds a stack with only the google provider and a cluster, for one call of the helper. */
function stackWithCluster() {
  const stack = googleOnlyStack();
  const cluster = new ParallelstoreGkeCluster(stack, "cluster", { name: "training", location: "us-central1" });
  return { stack, cluster };
}

/** Arguments a plain JavaScript caller can get wrong: each error names the value, the rule and the fix. */
const INVALID_ARGUMENTS: [string, () => unknown, string, RegExp, RegExp][] = [
  [
    "undefined cluster",
    () => kubernetesProviderForCluster(stackWithCluster().stack, "k", undefined as any),
    "test/k: cluster undefined",
    /cluster must be a ParallelstoreGkeCluster or a ContainerCluster/,
    /Pass the cluster construct itself, not its name or id/,
  ],
  [
    "cluster name",
    () => kubernetesProviderForCluster(stackWithCluster().stack, "k", "my-cluster" as any),
    "test/k: cluster \"my-cluster\"",
    /cluster must be a ParallelstoreGkeCluster or a ContainerCluster/,
    /Pass the cluster construct itself/,
  ],
  [
    "scope that is not a construct",
    () => kubernetesProviderForCluster("stack" as any, "k", stackWithCluster().cluster),
    "kubernetesProviderForCluster: scope \"stack\"",
    /scope must be a construct inside a TerraformStack/,
    /Pass the stack, or a construct inside it, as the first argument/,
  ],
  [
    "empty id",
    () => {
      const { stack, cluster } = stackWithCluster();
      return kubernetesProviderForCluster(stack, "", cluster);
    },
    "test: id \"\"",
    /id must be a non-empty string/,
    /Pass a construct id such as "kubernetes"/,
  ],
  [
    "alias passed as options",
    () => {
      const { stack, cluster } = stackWithCluster();
      return kubernetesProviderForCluster(stack, "k", cluster, "second" as any);
    },
    "options \"second\"",
    /options must be an object such as \{ alias: "second" \}/,
    /Pass \{ alias: "second" \}/,
  ],
  [
    "alias with a space",
    () => {
      const { stack, cluster } = stackWithCluster();
      return kubernetesProviderForCluster(stack, "k", cluster, { alias: "second cluster" });
    },
    "options.alias \"second cluster\"",
    /a provider alias must be a Terraform identifier/,
    /Use an alias such as "training"/,
  ],
];

describe("kubernetesProviderForCluster rejects", () => {
  test.each(INVALID_ARGUMENTS)("%s", (_name, build, value, rule, fix) => {
    expectValidationError(build, value, rule, fix);
  });

  test("second default provider in the stack", () => {
    const stack = createTestStack();
    const cluster = new ParallelstoreGkeCluster(stack, "cluster", { name: "training", location: "us-central1" });
    const error = thrownBy(() => kubernetesProviderForCluster(stack, "cluster-kubernetes", cluster));

    expect(error).toBeInstanceOf(ParallelstoreValidationError);
    expect((error as Error).message).toMatch(/^test\/cluster-kubernetes: options\.alias undefined is invalid/);
    expect((error as Error).message).toMatch(/the stack already has a default kubernetes provider \(no alias\) at "test\/kubernetes"/);
    expect((error as Error).message).toMatch(/Terraform rejects two provider "kubernetes" blocks without an alias/);
    expect((error as Error).message).toMatch(/Pass \{ alias: "\.\.\." \}.*or remove the other default kubernetes provider/);
  });

  test("second call without alias", () => {
    const { stack, cluster } = stackWithCluster();
    kubernetesProviderForCluster(stack, "first", cluster);
    const error = thrownBy(() => kubernetesProviderForCluster(stack, "second", cluster));

    expect(error).toBeInstanceOf(ParallelstoreValidationError);
    expect((error as Error).message).toMatch(/default kubernetes provider \(no alias\) at "test\/first"/);
  });

  test("alias already in use", () => {
    const { stack, cluster } = stackWithCluster();
    kubernetesProviderForCluster(stack, "first", cluster, { alias: "training" });
    const error = thrownBy(() => kubernetesProviderForCluster(stack, "second", cluster, { alias: "training" }));

    expect(error).toBeInstanceOf(ParallelstoreValidationError);
    expect((error as Error).message).toContain("options.alias \"training\"");
    expect((error as Error).message).toMatch(/the kubernetes provider at "test\/first" already uses this alias/);
    expect((error as Error).message).toMatch(/Pass another alias/);
  });

  test("provider in a nested construct counts", () => {
    const { stack, cluster } = stackWithCluster();
    new KubernetesProvider(new Construct(stack, "group"), "default", {});

    expect(thrownBy(() => kubernetesProviderForCluster(stack, "k", cluster))).toBeInstanceOf(ParallelstoreValidationError);
  });
});

describe("kubernetesProviderForCluster accepts", () => {
  test("alias beside a default provider", () => {
    const stack = createTestStack();
    const cluster = new ParallelstoreGkeCluster(stack, "cluster", { name: "training", location: "us-central1" });
    kubernetesProviderForCluster(stack, "cluster-kubernetes", cluster, { alias: "training" });
    const providers = synthesizeStack(stack).provider?.kubernetes ?? [];

    expect(providers).toHaveLength(2);
    expect(providers.map((provider) => provider.alias)).toEqual([undefined, "training"]);
  });

  test("default and aliased provider", () => {
    const { stack, cluster } = stackWithCluster();
    kubernetesProviderForCluster(stack, "first", cluster);
    kubernetesProviderForCluster(stack, "second", cluster, { alias: "second" });

    expect(synthesizeStack(stack).provider?.kubernetes).toHaveLength(2);
  });
});
