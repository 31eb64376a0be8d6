import { existsSync, mkdtempSync, readFileSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";
import { App } from "cdktf";
import { ParallelstoreValidationError, Violation, formatValue } from "../validation/errors";
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
}, ["project", "zone"]);

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
  const { merged, problems } = parseTrainingConfig(path, defaults);
  if (problems.length > 0) {
    throw new StackConfigError(path, problems);
  }
  return merged as ParallelstoreTrainingProps;
}

/**
 * Reads a JSON stack config, merges it over `defaults` and builds the stack into `app`. Every
 * problem is reported in one `StackConfigError`: keys with a wrong type are left out so that
 * the constructors still check the other values, and the invariants run when they all pass.
 */
export function buildTrainingStackFromConfig(app: App, id: string, path: string, defaults: ParallelstoreTrainingProps): ParallelstoreTrainingStack {
  const { merged, problems } = parseTrainingConfig(path, defaults);
  if (problems.length === 0) {
    return buildCheckedTrainingStack(app, id, merged as ParallelstoreTrainingProps, path);
  }
  const wellTyped = removeKeyPaths(merged, problems.map((problem) => problem.keyPath)) ?? merged;
  const remaining = isJsonObject(wellTyped) && checkAgainstSchema(wellTyped, TRAINING_CONFIG_SCHEMA).length === 0
    ? findConstructorProblems(id, wellTyped as unknown as ParallelstoreTrainingProps)
    : [];
  throw new StackConfigError(path, [...problems, ...remaining]);
}

function parseTrainingConfig(path: string, defaults: ParallelstoreTrainingProps): { merged: unknown; problems: ConfigProblem[] } {
  if (!existsSync(path)) {
    return { merged: undefined, problems: [{ keyPath: "(file)", message: `not found: ${resolve(path)}` }] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    return { merged: undefined, problems: [{ keyPath: "(file)", message: `cannot be read as JSON: ${(error as Error).message}` }] };
  }
  const merged = isJsonObject(parsed) ? mergeOverDefaults(defaults, parsed) : parsed;
  return { merged, problems: checkAgainstSchema(merged, TRAINING_CONFIG_SCHEMA) };
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
  const constructorProblems = findConstructorProblems(id, props);
  if (constructorProblems.length > 0) {
    throw new StackConfigError(source, constructorProblems);
  }
  const stack = new ParallelstoreTrainingStack(app, id, props);
  const failures = collectValidationErrors(stack);
  if (failures.length > 0) {
    throw new StackConfigError(
      source,
      failures.map((failure) => ({ keyPath: keyPathOf(failure.path, stack.training.node.path), message: `${failure.message} (${failure.path})` })),
    );
  }
  return stack;
}

/** Most build attempts `findConstructorProblems` makes; each removes at least one bad key. */
const MAX_BUILD_ATTEMPTS = 25;

/**
 * Returns the constructor errors of every construct the props build. A constructor stops at
 * its first failing construct, so this builds the stack in scratch apps, removes the keys that
 * failed (their defaults take over) and builds again until the build passes or no failing key
 * can be removed.
 */
function findConstructorProblems(id: string, props: ParallelstoreTrainingProps): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  let candidate: unknown = structuredClone(props);
  for (let attempt = 0; attempt < MAX_BUILD_ATTEMPTS; attempt++) {
    const error = constructorErrorOf(id, candidate as ParallelstoreTrainingProps);
    if (error === undefined) {
      break;
    }
    const found = error.violations.map((violation) => problemOf(violation, error.constructPath));
    problems.push(...found.filter((problem) => !problems.some((known) => known.keyPath === problem.keyPath && known.message === problem.message)));
    const reduced = removeKeyPaths(candidate, found.map((problem) => problem.keyPath));
    if (reduced === undefined) {
      break;
    }
    candidate = reduced;
  }
  return problems;
}

function constructorErrorOf(id: string, props: ParallelstoreTrainingProps): ParallelstoreValidationError | undefined {
  try {
    new ParallelstoreTrainingStack(new App({ outdir: scratchFolder(), skipValidation: true }), id, props);
    return undefined;
  } catch (error) {
    if (error instanceof ParallelstoreValidationError) {
      return error;
    }
    throw error;
  }
}

function problemOf(violation: Violation, constructPath: string): ConfigProblem {
  // A property such as "labels key" names the key path and what in it is wrong.
  const [keyPath, ...qualifier] = violation.property.split(" ");
  const subject = [...qualifier, formatValue(violation.value)].join(" ");
  return { keyPath, message: `${subject} is invalid: ${violation.rule} ${violation.fix} (${constructPath})` };
}

let scratch: string | undefined;

/** Returns a temporary folder for scratch apps, which create their output folder when constructed. */
function scratchFolder(): string {
  scratch ??= mkdtempSync(join(tmpdir(), "parallelstore-config-"));
  return scratch;
}

/**
 * Returns a copy of `value` without the given key paths (`a.b`, `a.list[2].c`); a key inside
 * a list element removes the element. Returns undefined when no path was found, so the caller
 * stops instead of building the same props again.
 */
function removeKeyPaths(value: unknown, keyPaths: readonly string[]): unknown {
  const copy = structuredClone(value);
  let removed = false;
  for (const keyPath of keyPaths) {
    const segments = keyPath.split(/\.|\[(\d+)\]/).filter((segment) => segment !== undefined && segment !== "");
    const listIndex = segments.findIndex((segment) => /^\d+$/.test(segment));
    const path = listIndex >= 0 ? segments.slice(0, listIndex + 1) : segments;
    const parent = path.slice(0, -1).reduce<any>((node, segment) => (node === undefined || node === null ? undefined : node[segment]), copy);
    const last = path[path.length - 1];
    if (typeof parent !== "object" || parent === null || !(last in parent)) {
      continue;
    }
    if (Array.isArray(parent)) {
      parent[Number(last)] = REMOVED;
    } else if (path.length === 1 && last in PLACEHOLDERS) {
      // Required keys have no default to fall back to, so a valid stand-in lets the search go on.
      if (parent[last] === PLACEHOLDERS[last]) {
        continue;
      }
      parent[last] = PLACEHOLDERS[last];
    } else {
      delete parent[last];
    }
    removed = true;
  }
  return removed ? dropRemoved(copy) : undefined;
}

const REMOVED = Symbol("removed");

/** Valid stand-ins for required keys while `findConstructorProblems` looks for further problems. */
const PLACEHOLDERS: Readonly<Record<string, string>> = { project: "placeholder-project", zone: "us-central1-a" };

function dropRemoved(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.filter((item) => item !== REMOVED).map(dropRemoved);
  }
  if (isJsonObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, dropRemoved(item)]));
  }
  return value;
}

/** Maps a construct path below the training construct to the settings key that configures it. */
function keyPathOf(constructPath: string, trainingPath: string): string {
  if (!constructPath.startsWith(`${trainingPath}/`)) {
    return "(stack)";
  }
  const childId = constructPath.slice(trainingPath.length + 1).split("/")[0];
  return KEY_OF_CONSTRUCT[childId] ?? "(stack)";
}
