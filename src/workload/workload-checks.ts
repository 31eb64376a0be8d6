import { Violation } from "../validation/errors";
import { checkLiteral, isLiteral } from "../validation/literal";
import { checkEnum } from "../validation/parallelstore-rules";
import { checkNamespace, checkObjectName } from "../storage/kubernetes-objects";
import { AccessMode, IParallelstoreClaim, MountLocality } from "../storage/types";
import { IGpuPlacement } from "../cluster/types";
import type { GpuTrainingWorkloadProps, TrainingContainerProps } from "./gpu-training-workload";
import { PARALLELSTORE_ANNOTATION_PREFIX } from "./pod-template";
import {
  checkDnsLabel,
  checkEnvironmentName,
  checkGpuCount,
  checkGpusFitNode,
  checkImageReference,
  checkIntegerAtLeast,
  checkKubernetesKey,
  checkLabelValue,
  checkMountPath,
  checkRequestWithinLimit,
  checkResourceQuantity,
  checkSubPath,
  checkTimeout,
  EXAMPLE_IMAGE,
} from "./rules";
import { CompletionMode, ImagePullPolicy, JobRestartPolicy, SidecarResources, WorkloadKind, WorkloadMount } from "./types";

/** Prop values after defaults, as the constructor computed them. */
export interface ResolvedWorkloadProps {
  readonly kind: WorkloadKind;
  readonly namespace: string;
  readonly gpusPerPod: number;
  readonly containerName: string;
  readonly selectorLabels: Record<string, string>;
}

/** Checks every prop of a workload; values only known at apply time are skipped. */
export function checkWorkloadProps(props: GpuTrainingWorkloadProps, resolved: ResolvedWorkloadProps): (Violation | undefined)[] {
  return [
    checkEnum("kind", resolved.kind, WorkloadKind),
    checkString("name", props.name, "llm-finetune", (value) => checkDnsLabel("name", value)),
    checkOptionalString("namespace", resolved.namespace, "default", (value) => checkNamespace("namespace", value)),
    checkOptionalString("container.name", resolved.containerName, "trainer", (value) => checkDnsLabel("container.name", value)),
    ...checkGpus(props, resolved.gpusPerPod),
    ...checkContainer(props.container),
    ...checkSidecarResources(props.sidecarResources),
    ...checkLabels(props, resolved.selectorLabels, resolved.kind),
    ...checkPodAnnotations(props.podAnnotations),
    ...checkSecurityContext(props),
    checkOptionalString("serviceAccountName", props.serviceAccountName, "trainer", (value) => checkObjectName("serviceAccountName", value)),
    ...checkKindOptions(props, resolved.kind),
  ];
}

/** A `mount` call, as the checks see it. */
export interface MountRequest {
  /** The claim, which plain JavaScript callers may pass as null or undefined. */
  readonly claim: IParallelstoreClaim | null | undefined;
  readonly mountPath: string;
  readonly subPath?: string;
  readonly readOnly: boolean;
  /** True when the claim is not yet a Pod volume of the workload. */
  readonly isNewVolume: boolean;
}

/** Checks one `mount` call against the workload's namespace and the mounts made so far. */
export function checkMount(request: MountRequest, namespace: string, existing: readonly WorkloadMount[]): (Violation | undefined)[] {
  const { claim, mountPath, subPath } = request;
  const pathViolations = [
    checkString("mountPath", mountPath, "/data", (value) => checkMountPath("mountPath", value) ?? checkUniqueMountPath(value, existing)),
    checkOptionalString("subPath", subPath, "checkpoints", (value) => checkSubPath("subPath", value)),
  ];
  if (!isClaim(claim)) {
    return [
      {
        property: "claim",
        value: claim,
        rule: "mount needs a Parallelstore claim, such as a ParallelstoreDynamicClaim or a ParallelstoreStaticVolume.",
        fix: "Pass the claim construct as the first argument.",
      },
      ...pathViolations,
    ];
  }
  return [
    ...pathViolations,
    checkReadOnlyClaim(claim, request),
    checkClaimNamespace(claim, namespace),
    request.isNewVolume ? checkParallelstoreVolumeCount(claim, existing) : undefined,
  ];
}

/** Returns true for a claim object, which TypeScript callers always pass and plain JavaScript callers may omit. */
export function isClaim(claim: IParallelstoreClaim | null | undefined): claim is IParallelstoreClaim {
  return typeof claim === "object" && claim !== null;
}

/**
 * Checks a required string prop. A missing value or one of another type, which only plain
 * JavaScript callers can pass, is a violation. Tokens skip the rule.
 */
function checkString(property: string, value: unknown, example: string, rule: (literal: string) => Violation | undefined): Violation | undefined {
  if (typeof value !== "string") {
    return { property, value, rule: `${property} is required and must be a string.`, fix: `Set ${property} to a string such as ${JSON.stringify(example)}.` };
  }
  return checkLiteral(value, rule);
}

/** Checks an optional string prop: unset passes, and a value of another type is a violation. Tokens skip the rule. */
function checkOptionalString(property: string, value: unknown, example: string, rule: (literal: string) => Violation | undefined): Violation | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== "string") {
    return { property, value, rule: `${property} must be a string when set.`, fix: `Set ${property} to a string such as ${JSON.stringify(example)}, or leave it unset.` };
  }
  return checkLiteral(value, rule);
}

function checkGpus(props: GpuTrainingWorkloadProps, gpusPerPod: number): (Violation | undefined)[] {
  const placement = props.placement as IGpuPlacement | null | undefined;
  const count = checkLiteral(gpusPerPod, (value) => checkGpuCount("gpusPerPod", value));
  if (typeof placement !== "object" || placement === null || !Array.isArray(placement.tolerations)) {
    const placementViolation: Violation = {
      property: "placement",
      value: placement,
      rule: "a workload needs a GPU placement: an object with nodeSelector and a tolerations list.",
      fix: "Pass the placement of a GPU node pool, or one from gpuPlacementForAccelerator.",
    };
    return [count, placementViolation];
  }
  const fits =
    count === undefined && isLiteral(gpusPerPod) && isLiteral(placement.gpusPerNode)
      ? checkGpusFitNode("gpusPerPod", gpusPerPod, placement.gpusPerNode, placement.acceleratorType)
      : undefined;
  return [count, fits];
}

function checkContainer(container: TrainingContainerProps | null | undefined): (Violation | undefined)[] {
  if (typeof container !== "object" || container === null) {
    return [
      {
        property: "container",
        value: container,
        rule: "a workload needs a training container.",
        fix: `Set container to an object with an image, e.g. { image: ${JSON.stringify(EXAMPLE_IMAGE)} }.`,
      },
    ];
  }
  const violations: (Violation | undefined)[] = [
    checkString("container.image", container.image, EXAMPLE_IMAGE, (value) => checkImageReference("container.image", value)),
    ...checkQuantityPair("container.cpuRequest", container.cpuRequest, "container.cpuLimit", container.cpuLimit),
    ...checkQuantityPair("container.memoryRequest", container.memoryRequest, "container.memoryLimit", container.memoryLimit),
    checkLiteral(container.imagePullPolicy, (value) => checkEnum("container.imagePullPolicy", value, ImagePullPolicy)),
  ];
  return [...violations, ...checkEnvironment(container)];
}

function checkEnvironment(container: TrainingContainerProps): Violation[] {
  const violations: Violation[] = [];
  const seen = new Set<string>();
  const names = [...Object.keys(container.env ?? {}), ...(container.environmentVariables ?? []).map((variable) => variable.name)];
  for (const name of names.filter((value) => isLiteral(value))) {
    const invalid = checkEnvironmentName("container.env", name);
    if (invalid) {
      violations.push(invalid);
    } else if (seen.has(name)) {
      violations.push({
        property: "container.env",
        value: name,
        rule: "an environment variable is defined twice, and Kubernetes keeps only the last definition.",
        fix: "Define it once, in env or in environmentVariables.",
      });
    }
    seen.add(name);
  }
  for (const variable of container.environmentVariables ?? []) {
    const sources = [variable.value, variable.secretKeyRef, variable.fieldPath].filter((source) => source !== undefined).length;
    if (sources !== 1) {
      violations.push({
        property: `container.environmentVariables[${variable.name}]`,
        value: `${sources} sources`,
        rule: "an environment variable takes exactly one of value, secretKeyRef and fieldPath.",
        fix: "Keep one of them.",
      });
    }
  }
  return violations;
}

function checkSidecarResources(resources: SidecarResources | undefined): (Violation | undefined)[] {
  if (resources === undefined) {
    return [];
  }
  return [
    ...checkQuantityPair("sidecarResources.cpuRequest", resources.cpuRequest, "sidecarResources.cpuLimit", resources.cpuLimit),
    ...checkQuantityPair("sidecarResources.memoryRequest", resources.memoryRequest, "sidecarResources.memoryLimit", resources.memoryLimit),
    ...checkQuantityPair(
      "sidecarResources.ephemeralStorageRequest",
      resources.ephemeralStorageRequest,
      "sidecarResources.ephemeralStorageLimit",
      resources.ephemeralStorageLimit,
    ),
  ];
}

/** Checks a request and a limit: each a valid quantity, and the request not above the limit. */
function checkQuantityPair(
  requestProperty: string,
  request: string | undefined,
  limitProperty: string,
  limit: string | undefined,
): (Violation | undefined)[] {
  const requestViolation = checkLiteral(request, (value) => checkResourceQuantity(requestProperty, value));
  const limitViolation = checkLiteral(limit, (value) => checkResourceQuantity(limitProperty, value));
  const bothValid = requestViolation === undefined && limitViolation === undefined && isLiteral(request) && isLiteral(limit);
  return [requestViolation, limitViolation, bothValid ? checkRequestWithinLimit(requestProperty, request, limitProperty, limit) : undefined];
}

function checkLabels(props: GpuTrainingWorkloadProps, selectorLabels: Record<string, string>, kind: WorkloadKind): Violation[] {
  const violations: Violation[] = [];
  for (const [property, labels] of [
    ["selectorLabels", selectorLabels],
    ["podLabels", props.podLabels ?? {}],
  ] as const) {
    for (const [key, value] of Object.entries(labels)) {
      const keyViolation = isLiteral(key) ? checkKubernetesKey(`${property} key`, key) : undefined;
      const valueViolation = isLiteral(value) ? checkLabelValue(`${property}.${key}`, value) : undefined;
      violations.push(...[keyViolation, valueViolation].filter((violation): violation is Violation => violation !== undefined));
    }
  }
  if (kind === WorkloadKind.DEPLOYMENT && isLiteral(selectorLabels) && Object.keys(selectorLabels).length === 0) {
    violations.push({
      property: "selectorLabels",
      value: {},
      rule: "a Deployment needs at least one selector label, and an empty selector would match every Pod in the namespace.",
      fix: "Omit selectorLabels to use app.kubernetes.io/name, or give at least one label.",
    });
  }
  for (const [key, value] of Object.entries(props.podLabels ?? {})) {
    const selected = selectorLabels[key];
    if (selected !== undefined && isLiteral(selected) && isLiteral(value) && selected !== value) {
      violations.push({
        property: `podLabels.${key}`,
        value,
        rule: `the selector label ${key} is ${JSON.stringify(selected)}, and a Pod label cannot change it without the selector losing its Pods.`,
        fix: `Remove ${key} from podLabels, or set it in selectorLabels only.`,
      });
    }
  }
  return violations;
}

function checkPodAnnotations(annotations: Record<string, string> | undefined): Violation[] {
  const violations: Violation[] = [];
  for (const key of Object.keys(annotations ?? {}).filter((value) => isLiteral(value))) {
    if (key.startsWith(PARALLELSTORE_ANNOTATION_PREFIX)) {
      violations.push({
        property: "podAnnotations key",
        value: key,
        rule: "the workload sets the gke-parallelstore/ annotations itself, from its mounts and sidecarResources.",
        fix: "Remove the key and set sidecarResources instead.",
      });
      continue;
    }
    const invalid = checkKubernetesKey("podAnnotations key", key);
    if (invalid) {
      violations.push(invalid);
    }
  }
  return violations;
}

function checkSecurityContext(props: GpuTrainingWorkloadProps): (Violation | undefined)[] {
  const context = props.securityContext;
  if (context === undefined) {
    return [];
  }
  const runsAsRoot = isLiteral(context.runAsUser) && context.runAsUser === 0 && context.runAsNonRoot === true;
  return [
    checkLiteral(context.runAsUser, (value) => checkIntegerAtLeast("securityContext.runAsUser", value, 0)),
    checkLiteral(context.runAsGroup, (value) => checkIntegerAtLeast("securityContext.runAsGroup", value, 0)),
    checkLiteral(context.fsGroup, (value) => checkIntegerAtLeast("securityContext.fsGroup", value, 0)),
    runsAsRoot
      ? {
          property: "securityContext.runAsUser",
          value: 0,
          rule: "runAsNonRoot is true, so the kubelet refuses to start a container as UID 0.",
          fix: "Use a non-zero runAsUser, or drop runAsNonRoot.",
        }
      : undefined,
  ];
}

function checkKindOptions(props: GpuTrainingWorkloadProps, kind: WorkloadKind): (Violation | undefined)[] {
  if (kind === WorkloadKind.JOB) {
    return [optionsForOtherKind("deployment", props.deployment !== undefined, kind), ...checkJobOptions(props)];
  }
  const deployment = props.deployment ?? {};
  return [
    optionsForOtherKind("job", props.job !== undefined, kind),
    checkLiteral(deployment.replicas, (value) => checkIntegerAtLeast("deployment.replicas", value, 0)),
    checkLiteral(deployment.rolloutTimeout, (value) => checkTimeout("deployment.rolloutTimeout", value)),
  ];
}

function checkJobOptions(props: GpuTrainingWorkloadProps): (Violation | undefined)[] {
  const job = props.job ?? {};
  const indexedWithoutCompletions = job.completionMode === CompletionMode.INDEXED && job.completions === undefined;
  return [
    checkLiteral(job.parallelism, (value) => checkIntegerAtLeast("job.parallelism", value, 0)),
    checkLiteral(job.completions, (value) => checkIntegerAtLeast("job.completions", value, 1)),
    checkLiteral(job.backoffLimit, (value) => checkIntegerAtLeast("job.backoffLimit", value, 0)),
    checkLiteral(job.ttlSecondsAfterFinished, (value) => checkIntegerAtLeast("job.ttlSecondsAfterFinished", value, 0)),
    checkLiteral(job.activeDeadlineSeconds, (value) => checkIntegerAtLeast("job.activeDeadlineSeconds", value, 1)),
    checkLiteral(job.completionMode, (value) => checkEnum("job.completionMode", value, CompletionMode)),
    checkLiteral(job.restartPolicy, (value) => checkEnum("job.restartPolicy", value, JobRestartPolicy)),
    checkLiteral(job.completionTimeout, (value) => checkTimeout("job.completionTimeout", value)),
    indexedWithoutCompletions
      ? {
          property: "job.completions",
          value: undefined,
          rule: "an Indexed Job needs completions, which sets the range of Pod indexes.",
          fix: "Set job.completions, e.g. to job.parallelism.",
        }
      : undefined,
  ];
}

function optionsForOtherKind(property: "job" | "deployment", isSet: boolean, kind: WorkloadKind): Violation | undefined {
  if (!isSet) {
    return undefined;
  }
  const other = property === "job" ? WorkloadKind.JOB : WorkloadKind.DEPLOYMENT;
  return {
    property,
    value: `${property} options`,
    rule: `${property} options apply to a ${other}, but kind is ${kind}.`,
    fix: `Set kind to WorkloadKind.${property.toUpperCase()} or remove ${property}.`,
  };
}

function checkUniqueMountPath(mountPath: string, existing: readonly WorkloadMount[]): Violation | undefined {
  const occupied = existing.find((mount) => isLiteral(mount.mountPath) && mount.mountPath === mountPath);
  if (occupied === undefined) {
    return undefined;
  }
  return {
    property: "mountPath",
    value: mountPath,
    rule: `each mount path of a container must be unique, and claim ${JSON.stringify(occupied.claim.claimName)} is already mounted there.`,
    fix: "Pick another path, e.g. a sibling directory.",
  };
}

function checkReadOnlyClaim(claim: IParallelstoreClaim, request: MountRequest): Violation | undefined {
  if (claim.accessMode !== AccessMode.READ_ONLY_MANY || request.readOnly) {
    return undefined;
  }
  return {
    property: "readOnly",
    value: false,
    rule: `claim ${JSON.stringify(claim.claimName)} is ReadOnlyMany, so a read-write mount at ${JSON.stringify(request.mountPath)} fails to write.`,
    fix: "Pass { readOnly: true }, or mount a ReadWriteMany claim.",
  };
}

function checkClaimNamespace(claim: IParallelstoreClaim, namespace: string): Violation | undefined {
  if (!isLiteral(claim.namespace) || !isLiteral(namespace) || claim.namespace === namespace) {
    return undefined;
  }
  return {
    property: "claim.namespace",
    value: claim.namespace,
    rule: `a Pod can only mount claims in its own namespace, and the workload is in ${JSON.stringify(namespace)}.`,
    fix: `Create the claim in ${JSON.stringify(namespace)}, or set the workload's namespace to ${JSON.stringify(claim.namespace)}.`,
  };
}

/**
 * Checks the pod-mount limit: the CSI driver supports one Parallelstore volume per Pod unless
 * every Parallelstore volume of the Pod uses node mount.
 */
function checkParallelstoreVolumeCount(claim: IParallelstoreClaim, existing: readonly WorkloadMount[]): Violation | undefined {
  const others = [...new Map(existing.map((mount) => [mount.volumeName, mount.claim])).values()];
  if (others.length === 0) {
    return undefined;
  }
  const allNodeMount = [claim, ...others].every((volume) => volume.mountLocality === MountLocality.NODE);
  if (allNodeMount) {
    return undefined;
  }
  const names = others.map((other) => JSON.stringify(other.claimName)).join(", ");
  return {
    property: "claim",
    value: claim.claimName,
    rule:
      `the Pod already mounts Parallelstore claim ${names}, and in pod-mount mode a Pod can have only one Parallelstore volume ` +
      "(several need mountLocality node on every volume, GKE 1.32.3 or later).",
    fix: "Mount both directories from one claim with subPath, or use node-mount claims for every volume.",
  };
}
