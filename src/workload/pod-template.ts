import { Token } from "cdktf";
import {
  JobV1SpecTemplateSpecContainerEnv,
  JobV1SpecTemplateSpecContainerResources,
  JobV1SpecTemplateSpecContainerVolumeMount,
  JobV1SpecTemplateSpecSecurityContext,
  JobV1SpecTemplateSpecToleration,
  JobV1SpecTemplateSpecVolume,
} from "@cdktf/provider-kubernetes/lib/job-v1";
import { GPU_TOLERATION } from "../cluster/gpu-placement";
import { Toleration } from "../cluster/types";
import { isLiteral } from "../validation/literal";
import { AccessMode } from "../storage/types";
import { EnvironmentVariable, PodSecurityContext, SidecarResources, WorkloadMount } from "./types";

// The builders below return the Job struct types. They serve the Deployment too, because the
// provider generates both pod templates from one pod spec schema.

/** Extended resource name of NVIDIA GPUs on GKE nodes. */
export const GPU_RESOURCE = "nvidia.com/gpu";

/** Pod template annotation that makes the Parallelstore CSI driver inject its sidecar. */
export const PARALLELSTORE_VOLUMES_ANNOTATION = "gke-parallelstore/volumes";

/** Prefix of every annotation the Parallelstore CSI driver reads from a Pod. */
export const PARALLELSTORE_ANNOTATION_PREFIX = "gke-parallelstore/";

/** Sidecar resource fields and the annotation each one sets. */
export const SIDECAR_ANNOTATIONS: Readonly<Record<keyof SidecarResources, string>> = {
  cpuRequest: "gke-parallelstore/cpu-request",
  cpuLimit: "gke-parallelstore/cpu-limit",
  memoryRequest: "gke-parallelstore/memory-request",
  memoryLimit: "gke-parallelstore/memory-limit",
  ephemeralStorageRequest: "gke-parallelstore/ephemeral-storage-request",
  ephemeralStorageLimit: "gke-parallelstore/ephemeral-storage-limit",
};

/** Container CPU and memory, as Kubernetes quantities. */
export interface ContainerQuantities {
  readonly cpuRequest?: string;
  readonly cpuLimit?: string;
  readonly memoryRequest?: string;
  readonly memoryLimit?: string;
}

/**
 * Builds the container resources. GPUs go in limits only, because Kubernetes sets the request
 * of an extended resource to its limit when the request is absent.
 */
export function buildResources(quantities: ContainerQuantities, gpusPerPod: number): JobV1SpecTemplateSpecContainerResources {
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (quantities.cpuRequest !== undefined) requests.cpu = quantities.cpuRequest;
  if (quantities.memoryRequest !== undefined) requests.memory = quantities.memoryRequest;
  if (quantities.cpuLimit !== undefined) limits.cpu = quantities.cpuLimit;
  if (quantities.memoryLimit !== undefined) limits.memory = quantities.memoryLimit;
  limits[GPU_RESOURCE] = isLiteral(gpusPerPod) ? String(gpusPerPod) : Token.asString(gpusPerPod);
  return { requests: Object.keys(requests).length > 0 ? requests : undefined, limits };
}

/** Builds the environment list: map entries first, in key order as given, then the list entries. */
export function buildEnvironment(
  map: Record<string, string> | undefined,
  list: readonly EnvironmentVariable[] | undefined,
): JobV1SpecTemplateSpecContainerEnv[] | undefined {
  const fromMap = Object.entries(map ?? {}).map(([name, value]) => ({ name, value }));
  const fromList = (list ?? []).map((variable) => ({
    name: variable.name,
    value: variable.value,
    valueFrom:
      variable.secretKeyRef !== undefined
        ? { secretKeyRef: { name: variable.secretKeyRef.name, key: variable.secretKeyRef.key } }
        : variable.fieldPath !== undefined
          ? { fieldRef: { fieldPath: variable.fieldPath } }
          : undefined,
  }));
  const all = [...fromMap, ...fromList];
  return all.length > 0 ? all : undefined;
}

/** Builds the Pod security context; the provider takes ids as strings. */
export function buildSecurityContext(context: PodSecurityContext | undefined): JobV1SpecTemplateSpecSecurityContext | undefined {
  if (context === undefined) {
    return undefined;
  }
  const asString = (id: number | undefined): string | undefined =>
    id === undefined ? undefined : isLiteral(id) ? String(id) : Token.asString(id);
  return {
    runAsUser: asString(context.runAsUser),
    runAsGroup: asString(context.runAsGroup),
    runAsNonRoot: context.runAsNonRoot,
    fsGroup: asString(context.fsGroup),
  };
}

/** Builds the tolerations of a placement, adding the GPU taint's toleration when the placement lacks one. */
export function buildTolerations(tolerations: readonly Toleration[]): JobV1SpecTemplateSpecToleration[] {
  const toleratesGpuTaint = tolerations.some((toleration) => toleration.key === GPU_RESOURCE);
  const all = toleratesGpuTaint ? tolerations : [...tolerations, GPU_TOLERATION];
  return all.map((toleration) => ({
    key: toleration.key,
    operator: toleration.operator,
    value: toleration.operator === "Exists" ? undefined : toleration.value,
    effect: toleration.effect,
  }));
}

/**
 * Builds one Pod volume per claim, in the order of first mount. A ReadOnlyMany claim's volume
 * is read-only as a whole, while other volumes leave read-only to each mount.
 */
export function buildVolumes(mounts: readonly WorkloadMount[]): JobV1SpecTemplateSpecVolume[] {
  const volumes = new Map<string, JobV1SpecTemplateSpecVolume>();
  for (const mount of mounts) {
    if (!volumes.has(mount.volumeName)) {
      const readOnly = mount.claim.accessMode === AccessMode.READ_ONLY_MANY ? true : undefined;
      volumes.set(mount.volumeName, {
        name: mount.volumeName,
        persistentVolumeClaim: { claimName: mount.claim.claimName, readOnly },
      });
    }
  }
  return [...volumes.values()];
}

/** Builds the container's volume mounts, in call order. */
export function buildVolumeMounts(mounts: readonly WorkloadMount[]): JobV1SpecTemplateSpecContainerVolumeMount[] {
  return mounts.map((mount) => ({
    name: mount.volumeName,
    mountPath: mount.mountPath,
    subPath: mount.subPath,
    readOnly: mount.readOnly ? true : undefined,
  }));
}

/**
 * Builds the Pod template annotations: the user's, then, when a mounted claim uses pod mount,
 * the sidecar injection flag and the sidecar resources. Node-mount claims get no sidecar, so
 * they add no annotations. Returns undefined when empty.
 */
export function buildPodAnnotations(
  userAnnotations: Record<string, string> | undefined,
  sidecar: SidecarResources | undefined,
  usesPodMount: boolean,
): Record<string, string> | undefined {
  const annotations: Record<string, string> = { ...(userAnnotations ?? {}) };
  if (usesPodMount) {
    annotations[PARALLELSTORE_VOLUMES_ANNOTATION] = "true";
    for (const [field, key] of Object.entries(SIDECAR_ANNOTATIONS) as [keyof SidecarResources, string][]) {
      const value = sidecar?.[field];
      if (value !== undefined) {
        annotations[key] = value;
      }
    }
  }
  return Object.keys(annotations).length > 0 ? annotations : undefined;
}
