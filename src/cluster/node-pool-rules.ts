import { Violation } from "../validation/errors";
import { isLiteral } from "../validation/literal";
import { checkEnum } from "../validation/parallelstore-rules";
import { checkNodeLocations } from "./cluster-rules";
import { TaintEffect } from "./gpu-placement";
import { checkNodeKey, checkNodeValue } from "./kubernetes-keys";

/** GKE's minimum boot disk size in GB (`NodeConfig.diskSizeGb` in the GKE API reference). */
const MIN_BOOT_DISK_GB = 10;

/**
 * Boot disk size in GB that every GKE version in the API reference accepts. Newer editions
 * of the reference raise the minimum to 12 GB, and to 15 GB for GKE 1.36.3-gke.1480000 and
 * later, so sizes from 10 GB up to this value only warn.
 */
const SAFE_BOOT_DISK_GB = 15;

/** Checks a boot disk size: a whole number of GB, at least GKE's minimum. */
export function checkDiskSize(property: string, size: unknown): Violation | undefined {
  if (typeof size === "number" && Number.isInteger(size) && size >= MIN_BOOT_DISK_GB) {
    return undefined;
  }
  return {
    property,
    value: size,
    rule: `a boot disk size must be a whole number of GB, at least ${MIN_BOOT_DISK_GB} (GKE's minimum).`,
    fix: `Use ${SAFE_BOOT_DISK_GB} or more, or leave diskSizeGb unset for GKE's default of 100 GB.`,
  };
}

/** Returns a warning for a boot disk size that older GKE versions accept and newer ones reject. */
export function diskSizeWarning(property: string, size: number): string | undefined {
  if (size >= SAFE_BOOT_DISK_GB) {
    return undefined;
  }
  return (
    `${property} ${size} is below ${SAFE_BOOT_DISK_GB} GB: the GKE API reference sets the minimum to 12 GB, and to ` +
    `${SAFE_BOOT_DISK_GB} GB from GKE 1.36.3-gke.1480000, so GKE may reject it. Use ${SAFE_BOOT_DISK_GB} or more.`
  );
}

/** Autoscaling maximums that `zeroMaximumWarning` reads. GpuNodePoolAutoscaling fits. */
export interface AutoscalingMaximums {
  readonly maxNodeCount?: number;
  readonly totalMaxNodeCount?: number;
}

/**
 * Returns a warning for an autoscaling maximum of 0. GKE accepts it (its API reference only
 * requires the maximum to be at least the minimum), but the autoscaler can then never add a
 * node, so Pods placed on the pool stay Pending. A pool kept empty on purpose reads clearer
 * as `nodeCount: 0` without autoscaling.
 */
export function zeroMaximumWarning(limits: AutoscalingMaximums): string | undefined {
  const [property, max] = limits.totalMaxNodeCount !== undefined ? ["totalMaxNodeCount", limits.totalMaxNodeCount] : ["maxNodeCount", limits.maxNodeCount];
  if (max !== 0) {
    return undefined;
  }
  return (
    `autoscaling.${property} 0 lets the autoscaler add no nodes, so Pods placed on this pool stay Pending. ` +
    `Set ${property} to 1 or more, or, to keep the pool empty on purpose, remove autoscaling and set nodeCount to 0.`
  );
}

/**
 * Checks that node locations are a list of zone names, which plain JavaScript callers can get
 * wrong, then checks each zone against the cluster's region. Tokens skip the check.
 */
export function checkNodeLocationList(property: string, zones: unknown, clusterRegion: string | undefined): Violation[] {
  if (!isLiteral(zones)) {
    return [];
  }
  if (!Array.isArray(zones)) {
    return [
      {
        property,
        value: zones,
        rule: `${property} must be a list of zone names.`,
        fix: typeof zones === "string" ? `Wrap the zone in a list: [${JSON.stringify(zones)}].` : "Use a list such as [\"us-central1-a\"].",
      },
    ];
  }
  const known = zones.filter((zone) => isLiteral(zone));
  const notStrings: Violation[] = known
    .filter((zone) => typeof zone !== "string")
    .map((zone) => ({ property, value: zone, rule: "a node location must be a zone name string.", fix: "Use a zone name such as \"us-central1-a\"." }));
  return [...notStrings, ...checkNodeLocations(property, known.filter((zone): zone is string => typeof zone === "string"), clusterRegion)];
}

/** Checks node pool taints: a list of `{ key, value, effect }` objects in Kubernetes syntax, each key and effect pair once. */
export function checkTaints(property: string, taints: unknown): Violation[] {
  if (!isLiteral(taints)) {
    return [];
  }
  if (!Array.isArray(taints)) {
    return [
      {
        property,
        value: taints,
        rule: `${property} must be a list of taints, each an object with key, value and effect.`,
        fix: "Wrap the taint in a list, e.g. [{ key: \"dedicated\", value: \"training\", effect: TaintEffect.NO_SCHEDULE }].",
      },
    ];
  }
  const violations: (Violation | undefined)[] = [];
  const seen = new Set<string>();
  taints.forEach((taint: unknown, index) => {
    const taintProperty = `${property}[${index}]`;
    if (typeof taint !== "object" || taint === null || Array.isArray(taint)) {
      violations.push({
        property: taintProperty,
        value: taint,
        rule: "a taint must be an object with key, value and effect.",
        fix: "Use an object such as { key: \"dedicated\", value: \"training\", effect: TaintEffect.NO_SCHEDULE }.",
      });
      return;
    }
    const { key, value, effect } = taint as Record<string, unknown>;
    // A missing key is an error, but a missing value is not: Kubernetes taint values are optional.
    violations.push(key === undefined || isLiteral(key) ? checkNodeKey(`${taintProperty}.key`, key, "taint") : undefined);
    violations.push(isLiteral(value) ? checkNodeValue(`${taintProperty}.value`, value, "taint") : undefined);
    violations.push(isLiteral(effect) || effect === undefined ? checkEnum(`${taintProperty}.effect`, effect, TaintEffect) : undefined);
    if (isLiteral(key) && isLiteral(effect)) {
      const pair = `${String(key)}:${String(effect)}`;
      if (seen.has(pair)) {
        violations.push({
          property: taintProperty,
          value: taint,
          rule: `Kubernetes allows one taint per key and effect, and ${JSON.stringify(key)} with ${String(effect)} appears twice.`,
          fix: "Remove one of the two taints.",
        });
      }
      seen.add(pair);
    }
  });
  return violations.filter((violation): violation is Violation => violation !== undefined);
}

/** Checks node labels: an object that maps Kubernetes label keys to label values. */
export function checkNodeLabels(property: string, labels: unknown): Violation[] {
  if (!isLiteral(labels)) {
    return [];
  }
  if (typeof labels !== "object" || Array.isArray(labels)) {
    return [
      {
        property,
        value: labels,
        rule: `${property} must be an object that maps label keys to values.`,
        fix: "Use an object such as { workload: \"training\" }.",
      },
    ];
  }
  const violations: (Violation | undefined)[] = [];
  for (const [key, value] of Object.entries(labels as Record<string, unknown>)) {
    violations.push(isLiteral(key) ? checkNodeKey(`${property} key`, key, "label") : undefined);
    violations.push(isLiteral(value) ? checkNodeValue(`${property}.${key}`, value, "label") : undefined);
  }
  return violations.filter((violation): violation is Violation => violation !== undefined);
}
