import { IConstruct } from "constructs";
import { App, AnnotationMetadataEntryType, DefaultTokenResolver, StringConcat, TerraformStack, Testing, Tokenization } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";

/** Synthesized Terraform JSON of one stack. */
export interface SynthesizedStack {
  readonly resource?: Record<string, Record<string, any>>;
  readonly data?: Record<string, Record<string, any>>;
  readonly output?: Record<string, { value: unknown; description?: string; sensitive?: boolean }>;
  readonly provider?: Record<string, any[]>;
  readonly variable?: Record<string, any>;
  readonly [key: string]: unknown;
}

/** A message attached to a construct: a validation error or an annotation. */
export interface ConstructMessage {
  /** Path of the construct that reported it. */
  readonly path: string;
  /** The message text. */
  readonly message: string;
}

/** Options of `createTestStack`. */
export interface TestStackOptions {
  /**
   * Declare an unaliased kubernetes provider. Turn it off for stacks that configure their own
   * from a cluster (`ParallelstoreTraining`, `kubernetesProviderForCluster`).
   * @default true
   */
  readonly kubernetesProvider?: boolean;
}

/**
 * Creates an app and a stack with the google and kubernetes providers declared, which
 * `Testing.synth` needs, for tests of single constructs.
 */
export function createTestStack(stackName = "test", options: TestStackOptions = {}): TerraformStack {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, stackName);
  new GoogleProvider(stack, "google", { project: "my-project", region: "us-central1" });
  if (options.kubernetesProvider ?? true) {
    new KubernetesProvider(stack, "kubernetes", {});
  }
  return stack;
}

/**
 * Synthesizes a stack with every `node.addValidation` check run first and returns the parsed
 * Terraform JSON. Throws one error listing every failed check, as `cdktf synth` does.
 */
export function synthesizeStack(stack: TerraformStack): SynthesizedStack {
  return JSON.parse(Testing.synth(stack, true)) as SynthesizedStack;
}

/**
 * Resolves a value that may hold tokens into the Terraform expression it synthesizes to,
 * e.g. `${google_parallelstore_instance.fs_instance_1A2B.project}`.
 */
export function resolveValue(scope: IConstruct, value: unknown): any {
  return Tokenization.resolve(value, { scope, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });
}

/**
 * Runs a function and returns what it throws, or undefined when it returns, so a test can
 * assert on the error's type and message separately.
 */
export function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Returns the resources of one Terraform type by logical name; empty when there are none. */
export function resourcesOfType(synthesized: SynthesizedStack, type: string): Record<string, any> {
  return synthesized.resource?.[type] ?? {};
}

/** Returns the only resource of a type; throws when there are none or several. */
export function onlyResourceOfType(synthesized: SynthesizedStack, type: string): any {
  const resources = Object.values(resourcesOfType(synthesized, type));
  if (resources.length !== 1) {
    throw new Error(`expected exactly one ${type}, found ${resources.length}`);
  }
  return resources[0];
}

/** Runs every `node.addValidation` check below a scope and returns the failures without throwing. */
export function collectValidationErrors(scope: IConstruct): ConstructMessage[] {
  return scope.node
    .findAll()
    .flatMap((construct) => construct.node.validate().map((message) => ({ path: construct.node.path, message })));
}

/** Returns the warning annotations (`Annotations.addWarning`) below a scope. */
export function collectWarnings(scope: IConstruct): ConstructMessage[] {
  return collectAnnotations(scope, AnnotationMetadataEntryType.WARN);
}

/** Returns the error annotations (`Annotations.addError`) below a scope. */
export function collectErrorAnnotations(scope: IConstruct): ConstructMessage[] {
  return collectAnnotations(scope, AnnotationMetadataEntryType.ERROR);
}

function collectAnnotations(scope: IConstruct, type: AnnotationMetadataEntryType): ConstructMessage[] {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === type)
      .map((entry) => ({ path: construct.node.path, message: String(entry.data) })),
  );
}
