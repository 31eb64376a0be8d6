import { Violation } from "../validation/errors";
import { checkLiteral, isLiteral } from "../validation/literal";
import { checkEnum } from "../validation/parallelstore-rules";
import { Quantity, compareQuantities, parseQuantity } from "../validation/quantity";
import { checkKnownKeys, checkPlainObject, checkType } from "./prop-types";
import { DfuseResources, MountLocality } from "./types";

/**
 * Names the Parallelstore CSI driver defines. Source: Parallelstore "CSI driver reference"
 * (docs.cloud.google.com/parallelstore/docs/csi-driver-reference), last updated 2026-03-16.
 */
export const PARALLELSTORE_CSI_DRIVER = "parallelstore.csi.storage.gke.io";

/** The StorageClass GKE creates when the add-on is enabled: WaitForFirstConsumer, reclaim policy Delete. */
export const GKE_DEFAULT_STORAGE_CLASS = "parallelstore-rwx";

/** Node label the driver's topology uses in `allowedTopologies`. */
export const ZONE_TOPOLOGY_KEY = "topology.gke.io/zone";

/** Key of the mount locality, both a StorageClass parameter and a PersistentVolume attribute. */
export const MOUNT_LOCALITY_KEY = "mountLocality";

/** Keys of the dfuse resource settings, both StorageClass parameters and PersistentVolume attributes. */
export const DFUSE_RESOURCE_KEYS = {
  cpuRequest: "dfuseCPURequest",
  memoryRequest: "dfuseMemoryRequest",
  cpuLimit: "dfuseCPULimit",
  memoryLimit: "dfuseMemoryLimit",
} as const satisfies Record<keyof DfuseResources, string>;

/** Driver defaults of the dfuse process in node-mount mode. The CPU limit has no default. */
export const DFUSE_DEFAULTS: Readonly<DfuseResources> = { cpuRequest: "250m", memoryRequest: "512Mi", memoryLimit: "10Gi" };

/** Mount locality settings shared by StorageClass parameters and PersistentVolume attributes. */
export interface MountLocalitySettings {
  /** Mount locality: dfuse in a sidecar of each Pod, or one dfuse per node. @default MountLocality.POD, the driver default */
  readonly mountLocality?: MountLocality;
  /** Resources of the dfuse process, valid only with `MountLocality.NODE`. @default the driver defaults */
  readonly dfuseResources?: DfuseResources;
}

/**
 * Renders the mount locality and dfuse keys. Keys the user did not set stay out, so a class or
 * volume on a driver older than node mount (GKE 1.32.3) carries no key that driver lacks.
 */
export function renderMountLocality(settings: MountLocalitySettings): Record<string, string> {
  const rendered: Record<string, string> = {};
  if (settings.mountLocality !== undefined) {
    rendered[MOUNT_LOCALITY_KEY] = settings.mountLocality;
  }
  for (const field of Object.keys(DFUSE_RESOURCE_KEYS) as (keyof DfuseResources)[]) {
    const value = settings.dfuseResources?.[field];
    if (value !== undefined) {
      rendered[DFUSE_RESOURCE_KEYS[field]] = value;
    }
  }
  return rendered;
}

/**
 * Checks the mount locality and the dfuse resources. dfuse settings need node mount, and each
 * quantity must be a string that parses, is positive and fits its resource: whole bytes for
 * memory, no binary suffix for CPU. No request may exceed its limit, where an unset value
 * counts as the driver default, so a 16Gi memory request alone breaks the 10Gi default limit.
 */
export function checkMountLocality(settings: MountLocalitySettings): Violation[] {
  const violations: Violation[] = [];
  const locality = settings.mountLocality;
  const localityViolation = checkLiteral(locality, (value) => checkEnum("mountLocality", value, MountLocality));
  if (localityViolation) {
    violations.push(localityViolation);
  }

  const resources = settings.dfuseResources;
  if (resources === undefined) {
    return violations;
  }
  const shapeViolation = checkPlainObject("dfuseResources", resources, 'Write an object such as dfuseResources: {"cpuRequest":"500m"}.');
  if (shapeViolation) {
    return [...violations, shapeViolation];
  }
  violations.push(...checkKnownKeys("dfuseResources", resources as unknown as Record<string, unknown>, Object.keys(DFUSE_RESOURCE_KEYS)));
  const setFields = (Object.keys(DFUSE_RESOURCE_KEYS) as (keyof DfuseResources)[]).filter((field) => resources[field] !== undefined);
  const isPodMount = locality === undefined || (isLiteral(locality) && locality !== MountLocality.NODE);
  if (setFields.length > 0 && isPodMount) {
    violations.push({
      property: "dfuseResources",
      value: Object.fromEntries(setFields.map((field) => [field, resources[field]])),
      rule:
        `dfuse resource settings apply only to node mount, but mountLocality is ${JSON.stringify(locality ?? MountLocality.POD)}. ` +
        "In pod mount, dfuse runs in the injected sidecar, which Pod annotations size.",
      fix: "Set mountLocality to MountLocality.NODE (GKE 1.32.3 or later), or remove dfuseResources and set the sidecar resources on the workload.",
    });
  }

  const parsed: Partial<Record<keyof DfuseResources, Quantity>> = {};
  for (const field of setFields) {
    const value: unknown = resources[field];
    const typeViolation = checkType(`dfuseResources.${field}`, value, "string", `Write the quantity as a string, e.g. ${field}: ${JSON.stringify(String(value))}.`);
    if (typeViolation) {
      violations.push(typeViolation);
      continue;
    }
    const text = value as string;
    if (!isLiteral(text)) {
      continue;
    }
    const quantity = parseQuantity(text);
    const defaultNote = DFUSE_DEFAULTS[field] ? ` (${DFUSE_DEFAULTS[field]})` : "";
    if (quantity === undefined || quantity.numerator <= 0n) {
      violations.push({
        property: `dfuseResources.${field}`,
        value: text,
        rule: "a dfuse resource must be a positive Kubernetes quantity such as \"500m\" (CPU) or \"2Gi\" (memory).",
        fix: `Use a positive quantity, or leave it unset for the driver default${defaultNote}.`,
      });
      continue;
    }
    const unitViolation = field === "cpuRequest" || field === "cpuLimit" ? checkCpuQuantity(field, text) : checkMemoryQuantity(field, text, quantity);
    if (unitViolation) {
      violations.push(unitViolation);
    } else {
      parsed[field] = quantity;
    }
  }

  violations.push(
    ...[
      checkRequestWithinLimit(resources, parsed, "cpuRequest", "cpuLimit"),
      checkRequestWithinLimit(resources, parsed, "memoryRequest", "memoryLimit"),
    ].filter((violation): violation is Violation => violation !== undefined),
  );
  return violations;
}

/** Binary suffixes of Kubernetes quantities, which denote bytes (Ki = 1024). */
const BINARY_SUFFIX_PATTERN = /(Ki|Mi|Gi|Ti|Pi|Ei)$/;

/** Checks that a CPU quantity counts cores: `1Gi` parses, but means 1073741824 cores. */
function checkCpuQuantity(field: "cpuRequest" | "cpuLimit", text: string): Violation | undefined {
  if (!BINARY_SUFFIX_PATTERN.test(text.trim())) {
    return undefined;
  }
  return {
    property: `dfuseResources.${field}`,
    value: text,
    rule: "CPU is counted in cores, and a binary suffix (Ki, Mi, Gi, ...) belongs to byte quantities such as memory.",
    fix: 'Use cores or millicores, e.g. "1" or "500m".',
  };
}

/**
 * Checks that a memory quantity is a whole number of bytes. `100m` parses, but the suffix m
 * means milli, so it is 0.1 bytes, and the writer almost always meant `100Mi`.
 */
function checkMemoryQuantity(field: "memoryRequest" | "memoryLimit", text: string, quantity: Quantity): Violation | undefined {
  if (quantity.numerator % quantity.denominator === 0n) {
    return undefined;
  }
  const trimmed = text.trim();
  const fix = trimmed.endsWith("m")
    ? `Use ${JSON.stringify(`${trimmed.slice(0, -1)}Mi`)} for mebibytes or ${JSON.stringify(`${trimmed.slice(0, -1)}M`)} for megabytes.`
    : 'Use a whole number of bytes with a suffix, e.g. "512Mi" or "2Gi".';
  return {
    property: `dfuseResources.${field}`,
    value: text,
    rule: `memory is counted in whole bytes, but this is ${Number(quantity.numerator) / Number(quantity.denominator)} bytes${
      trimmed.endsWith("m") ? ", because the suffix m means a thousandth" : ""
    }.`,
    fix,
  };
}

function checkRequestWithinLimit(
  resources: DfuseResources,
  parsed: Partial<Record<keyof DfuseResources, Quantity>>,
  requestField: "cpuRequest" | "memoryRequest",
  limitField: "cpuLimit" | "memoryLimit",
): Violation | undefined {
  // A field the user set but that did not parse (or is a token) is not compared.
  const effective = (field: keyof DfuseResources): Quantity | undefined =>
    resources[field] !== undefined ? parsed[field] : parseQuantity(DFUSE_DEFAULTS[field] ?? "");
  const request = effective(requestField);
  const limit = effective(limitField);
  if (request === undefined || limit === undefined || compareQuantities(request, limit) <= 0) {
    return undefined;
  }
  if (resources[requestField] === undefined && resources[limitField] === undefined) {
    return undefined;
  }
  const describe = (field: keyof DfuseResources): string =>
    resources[field] !== undefined ? `${field} ${resources[field]}` : `the driver's default ${field} ${DFUSE_DEFAULTS[field]}`;
  return {
    property: `dfuseResources.${requestField}`,
    value: resources[requestField] ?? DFUSE_DEFAULTS[requestField],
    rule: `a request must not exceed its limit, but ${describe(requestField)} is above ${describe(limitField)}.`,
    fix: `Lower ${requestField} or raise ${limitField}.`,
  };
}
