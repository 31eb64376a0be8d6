import { readFileSync } from "fs";
import { App } from "cdktf";
import { ParallelstoreValidationError, formatValue } from "../validation/errors";
import { DeploymentType, DirectoryStripeLevel, FileStripeLevel } from "../instance/types";
import { ReleaseChannel } from "../cluster/parallelstore-gke-cluster";
import { GpuDriverVersion } from "../cluster/gpu-node-pool";
import { AccessMode, MountLocality, ReclaimPolicy } from "../storage/types";
import { WorkloadKind } from "../workload/types";
import { collectValidationErrors } from "../testing";
import { ConfigProblem, ConfigSchema, checkAgainstSchema } from "./config-schema";
import { ParallelstoreTrainingStack } from "./parallelstore-training-stack";
import { ParallelstoreTrainingProps, StorageMode } from "./settings";

const text: ConfigSchema = { type: "string" };
const integer: ConfigSchema = { type: "number", integer: true };
const flag: ConfigSchema = { type: "boolean" };
const textList: ConfigSchema = { type: "array", items: text };
const textMap: ConfigSchema = { type: "map", values: text };
const oneOf = (values: Record<string, string>): ConfigSchema => ({ type: "string", enum: Object.values(values) });
const object = (properties: Record<string, ConfigSchema>, required: string[] = []): ConfigSchema => ({ type: "object", properties, required });

/** Schema of a `STACK_CONFIG` file: the JSON form of `ParallelstoreTrainingProps`. */
export const TRAINING_CONFIG_SCHEMA: ConfigSchema = object({
  project: text,
  zone: text,
  enableApis: flag,
  network: object({
    name: text,
    create: flag,
    subnetwork: text,
    rangeName: text,
    rangeStartAddress: text,
    prefixLength: integer,
    createFirewallRule: flag,
  }),
  instance: object({
    instanceId: text,
    capacityGib: { type: "number" },
    deploymentType: oneOf(DeploymentType),
    fileStripeLevel: oneOf(FileStripeLevel),
    directoryStripeLevel: oneOf(DirectoryStripeLevel),
    description: text,
    labels: textMap,
    preventDestroy: flag,
  }),
  cluster: object({
    name: text,
    location: text,
    releaseChannel: oneOf(ReleaseChannel),
    minMasterVersion: text,
    podsCidr: text,
    servicesCidr: text,
    podsSecondaryRangeName: text,
    servicesSecondaryRangeName: text,
    deletionProtection: flag,
  }),
  gpuPool: object({
    name: text,
    machineType: text,
    acceleratorType: text,
    acceleratorCount: { type: "number" },
    gpuDriverVersion: oneOf(GpuDriverVersion),
    nodeLocations: textList,
    nodeCount: integer,
    minNodeCount: integer,
    maxNodeCount: integer,
    spot: flag,
    serviceAccount: text,
    nodeVersion: text,
  }),
  storage: object({
    mode: oneOf(StorageMode),
    claimName: text,
    namespace: text,
    accessMode: oneOf(AccessMode),
    mountLocality: oneOf(MountLocality),
    requestGib: { type: "number" },
    storageClassName: text,
    reclaimPolicy: oneOf(ReclaimPolicy),
    existingInstance: object(
      { project: text, zone: text, instanceId: text, accessPoints: textList, network: text, capacityGib: { type: "number" } },
      ["project", "zone", "instanceId", "accessPoints", "network", "capacityGib"],
    ),
  }),
  workload: object({
    name: text,
    kind: oneOf(WorkloadKind),
    image: text,
    command: textList,
    args: textList,
    env: textMap,
    gpusPerPod: { type: "number" },
    replicas: { type: "number" },
    parallelism: { type: "number" },
    completions: { type: "number" },
    backoffLimit: { type: "number" },
    cpuRequest: text,
    memoryRequest: text,
    cpuLimit: text,
    memoryLimit: text,
    serviceAccountName: text,
    runAsUser: integer,
    runAsGroup: integer,
    fsGroup: integer,
    mounts: { type: "array", items: object({ mountPath: text, subPath: text, readOnly: flag }, ["mountPath"]) },
  }),
});

/** Construct ids inside `ParallelstoreTraining` and the settings keys that configure them. */
const KEY_OF_CONSTRUCT: Readonly<Record<string, string>> = {
  network: "network",
  subnetwork: "network",
  instance: "instance",
  cluster: "cluster",
  "gpu-pool": "gpuPool",
  "storage-class": "storage",
  claim: "storage",
  volume: "storage",
  workload: "workload",
};

/** Error listing every problem of a stack config, each with its key path. */
export class StackConfigError extends Error {
  public readonly problems: readonly ConfigProblem[];

  constructor(source: string, problems: readonly ConfigProblem[]) {
    super(`${source} is invalid:\n${problems.map((problem) => `  - ${problem.keyPath}: ${problem.message}`).join("\n")}`);
    this.name = "StackConfigError";
    this.problems = problems;
  }
}

/**
 * Reads a JSON stack config and returns the props it gives, merged over `defaults` key by key
 * at the top level (see `mergeOverDefaults`). Throws `StackConfigError` for unreadable JSON, unknown keys and wrong types.
 */
export function readTrainingConfig(path: string, defaults: ParallelstoreTrainingProps): ParallelstoreTrainingProps {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new StackConfigError(path, [{ keyPath: "(file)", message: `cannot be read as JSON: ${(error as Error).message}` }]);
  }
  const merged = isJsonObject(parsed) ? mergeOverDefaults(defaults, parsed) : parsed;
  const problems = checkAgainstSchema(merged, TRAINING_CONFIG_SCHEMA);
  if (problems.length > 0) {
    throw new StackConfigError(path, problems);
  }
  return merged as ParallelstoreTrainingProps;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Merges config keys over the defaults at the top level. A key set to null drops the default,
 * and default instance settings are dropped when the config picks a mode without a
 * Terraform-created instance, since they would only be rejected there.
 */
function mergeOverDefaults(defaults: ParallelstoreTrainingProps, config: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...defaults, ...config };
  const storage = config.storage;
  const mode = isJsonObject(storage) ? storage.mode : undefined;
  if (!("instance" in config) && mode !== undefined && mode !== StorageMode.STATIC) {
    delete merged.instance;
  }
  for (const [key, value] of Object.entries(config)) {
    if (value === null) {
      delete merged[key];
    }
  }
  return merged;
}

/**
 * Builds a `ParallelstoreTrainingStack` and runs every synth-time check on it without writing
 * anything. Throws `StackConfigError` with key paths when a prop or an invariant fails, so a
 * caller synthesizes (`app.synth()`) only a stack that passed.
 */
export function buildCheckedTrainingStack(app: App, id: string, props: ParallelstoreTrainingProps, source = "stack config"): ParallelstoreTrainingStack {
  let stack: ParallelstoreTrainingStack;
  try {
    stack = new ParallelstoreTrainingStack(app, id, props);
  } catch (error) {
    if (error instanceof ParallelstoreValidationError) {
      throw new StackConfigError(
        source,
        error.violations.map((violation) => {
          // A property such as "labels key" names the key path and what in it is wrong.
          const [keyPath, ...qualifier] = violation.property.split(" ");
          const subject = [...qualifier, formatValue(violation.value)].join(" ");
          return { keyPath, message: `${subject} is invalid: ${violation.rule} ${violation.fix} (${error.constructPath})` };
        }),
      );
    }
    throw error;
  }
  const failures = collectValidationErrors(stack);
  if (failures.length > 0) {
    throw new StackConfigError(
      source,
      failures.map((failure) => ({ keyPath: keyPathOf(failure.path, stack.training.node.path), message: `${failure.message} (${failure.path})` })),
    );
  }
  return stack;
}

/** Maps a construct path below the training construct to the settings key that configures it. */
function keyPathOf(constructPath: string, trainingPath: string): string {
  if (!constructPath.startsWith(`${trainingPath}/`)) {
    return "(stack)";
  }
  const childId = constructPath.slice(trainingPath.length + 1).split("/")[0];
  return KEY_OF_CONSTRUCT[childId] ?? "(stack)";
}
