import { Construct, IConstruct } from "constructs";
import { Fn, TerraformProvider, TerraformStack, Token } from "cdktf";
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { DataGoogleClientConfig } from "@cdktf/provider-google/lib/data-google-client-config";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Violation, throwIfInvalid } from "../validation/errors";
import { checkClusterKind, containerClusterOf } from "./cluster-reference";
import { ParallelstoreGkeCluster } from "./parallelstore-gke-cluster";

/** Options of `kubernetesProviderForCluster`. */
export interface KubernetesProviderOptions {
  /**
   * Provider alias, for a second cluster in the same stack or a stack that already declares
   * a default kubernetes provider. Kubernetes resources of this cluster then set `provider`
   * to the returned provider.
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
 *
 * @throws ParallelstoreValidationError when an argument has the wrong type, or when the stack
 * already has a kubernetes provider with the same alias (or, without `alias`, a default
 * one): Terraform rejects two provider blocks with the same alias.
 */
export function kubernetesProviderForCluster(
  scope: Construct,
  id: string,
  cluster: ParallelstoreGkeCluster | ContainerCluster,
  options: KubernetesProviderOptions = {},
): KubernetesProvider {
  const stack = Construct.isConstruct(scope) ? stackOf(scope) : undefined;
  // The error names the provider's future path, or as much of it as the arguments give.
  const scopePath = stack !== undefined ? scope.node.path : "kubernetesProviderForCluster";
  const path = stack !== undefined && typeof id === "string" && id.length > 0 ? `${scopePath}/${id}` : scopePath;
  throwIfInvalid(path, [checkScope(scope, stack), checkId(id), checkClusterKind(cluster), ...checkOptions(options)]);
  throwIfInvalid(path, [checkAliasFree(stack as TerraformStack, options.alias)]);

  const resource = containerClusterOf(cluster);
  const clientConfig = new DataGoogleClientConfig(scope, `${id}-client-config`);
  return new KubernetesProvider(scope, id, {
    alias: options.alias,
    host: `https://${resource.endpoint}`,
    token: clientConfig.accessToken,
    clusterCaCertificate: Fn.base64decode(resource.masterAuth.clusterCaCertificate),
  });
}

function stackOf(scope: IConstruct): TerraformStack | undefined {
  return [...scope.node.scopes].reverse().find((construct): construct is TerraformStack => TerraformStack.isStack(construct));
}

function checkScope(scope: unknown, stack: TerraformStack | undefined): Violation | undefined {
  if (stack !== undefined) {
    return undefined;
  }
  return {
    property: "scope",
    value: Construct.isConstruct(scope) ? `construct at ${JSON.stringify(scope.node.path)}` : scope,
    rule: "scope must be a construct inside a TerraformStack, where the provider is declared.",
    fix: "Pass the stack, or a construct inside it, as the first argument.",
  };
}

function checkId(id: unknown): Violation | undefined {
  if (typeof id === "string" && id.length > 0) {
    return undefined;
  }
  return { property: "id", value: id, rule: "id must be a non-empty string.", fix: "Pass a construct id such as \"kubernetes\" as the second argument." };
}

/** Terraform identifier syntax, which provider aliases follow: letters, digits, "_" and "-", no digit first. */
const ALIAS_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function checkOptions(options: unknown): Violation[] {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    return [
      {
        property: "options",
        value: options,
        rule: "options must be an object such as { alias: \"second\" }.",
        fix: typeof options === "string" ? `Pass { alias: ${JSON.stringify(options)} }.` : "Pass an options object, or leave it out.",
      },
    ];
  }
  const alias = (options as { alias?: unknown }).alias;
  if (alias === undefined || (typeof alias === "string" && (Token.isUnresolved(alias) || ALIAS_PATTERN.test(alias)))) {
    return [];
  }
  return [
    {
      property: "options.alias",
      value: alias,
      rule: "a provider alias must be a Terraform identifier: letters, digits, \"_\" and \"-\", not starting with a digit.",
      fix: "Use an alias such as \"training\".",
    },
  ];
}

/**
 * Checks that no kubernetes provider of the stack uses the alias already. `undefined` is the
 * default (unaliased) provider. Aliases that are tokens cannot be compared, so they pass.
 */
function checkAliasFree(stack: TerraformStack, alias: string | undefined): Violation | undefined {
  if (alias !== undefined && Token.isUnresolved(alias)) {
    return undefined;
  }
  const clash = stack.node
    .findAll()
    .filter((construct): construct is TerraformProvider => construct instanceof TerraformProvider && construct.terraformResourceType === "kubernetes")
    .filter((provider) => provider.alias === undefined || !Token.isUnresolved(provider.alias))
    .find((provider) => provider.alias === alias);
  if (clash === undefined) {
    return undefined;
  }
  if (alias === undefined) {
    return {
      property: "options.alias",
      value: undefined,
      rule:
        `the stack already has a default kubernetes provider (no alias) at ${JSON.stringify(clash.node.path)}, ` +
        "and Terraform rejects two provider \"kubernetes\" blocks without an alias.",
      fix: "Pass { alias: \"...\" } and set provider on this cluster's Kubernetes resources, or remove the other default kubernetes provider.",
    };
  }
  return {
    property: "options.alias",
    value: alias,
    rule: `the kubernetes provider at ${JSON.stringify(clash.node.path)} already uses this alias, and Terraform rejects two provider blocks with the same alias.`,
    fix: "Pass another alias.",
  };
}
