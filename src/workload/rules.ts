import { posix } from "path";
import { Violation } from "../validation/errors";
import { compareQuantities, parseQuantity } from "../validation/quantity";

/** DNS-1123 label: Kubernetes names of namespaces, containers, volumes and most objects. */
const DNS_LABEL_PATTERN = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

/** Checks a name against the DNS-1123 label rule Kubernetes applies to it. */
export function checkDnsLabel(property: string, name: string): Violation | undefined {
  if (DNS_LABEL_PATTERN.test(name)) {
    return undefined;
  }
  const suggestion = name
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")
    .replace(/^-+/, "")
    .slice(0, 63)
    .replace(/-+$/, "");
  return {
    property,
    value: name,
    rule: "a Kubernetes name must be a DNS-1123 label: 1-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit.",
    fix: suggestion.length > 0 ? `Use ${JSON.stringify(suggestion)}.` : "Use a name such as \"trainer\".",
  };
}

/**
 * Checks a container mount path: absolute, normalized (no empty, `.` or `..` segments, no
 * trailing slash) and not the container root.
 */
export function checkMountPath(property: string, mountPath: string): Violation | undefined {
  const normalized = posix.normalize(mountPath).replace(/(.)\/+$/, "$1");
  if (!mountPath.startsWith("/")) {
    return {
      property,
      value: mountPath,
      rule: "a mount path must be absolute.",
      fix: `Use ${JSON.stringify(posix.normalize(`/${mountPath}`).replace(/(.)\/+$/, "$1"))}.`,
    };
  }
  if (normalized === "/") {
    return {
      property,
      value: mountPath,
      rule: "mounting a volume over the container root would hide the image's files.",
      fix: "Mount it at a directory such as \"/data\".",
    };
  }
  if (normalized !== mountPath || mountPath.split("/").includes("..")) {
    return {
      property,
      value: mountPath,
      rule: "a mount path must be normalized: no empty, \".\" or \"..\" segments and no trailing slash.",
      fix: `Use ${JSON.stringify(normalized)}.`,
    };
  }
  return undefined;
}

/** Checks a volume sub-path: non-empty, relative and without `..` segments, as Kubernetes requires. */
export function checkSubPath(property: string, subPath: string): Violation | undefined {
  const rule = "a subPath must be a non-empty relative path inside the volume, without \"..\" segments.";
  const segments = subPath.split("/");
  if (subPath.length === 0) {
    return { property, value: subPath, rule, fix: "Omit subPath to mount the root of the volume." };
  }
  if (subPath.startsWith("/") || segments.includes("..")) {
    const inside = segments.filter((segment) => segment !== "" && segment !== "." && segment !== "..").join("/");
    const fix = inside.length > 0 ? `Use ${JSON.stringify(inside)}.` : "Omit subPath to mount the root of the volume.";
    return { property, value: subPath, rule, fix };
  }
  return undefined;
}

/**
 * Container image reference, simplified from the grammar of the distribution project's
 * `reference` package (`name[:tag][@digest]`). The repository is lowercase path components
 * joined by "/", and the first of several may carry a registry port. This check rejects the
 * uppercase registry hosts that the grammar allows, and accepts any run of ".", "_" and "-"
 * between characters where the grammar allows only ".", "_", "__" or hyphens. The tag and
 * digest patterns are the grammar's own.
 */
const IMAGE_PATH_COMPONENT = "[a-z0-9]+(?:[._-]+[a-z0-9]+)*";
const IMAGE_REPOSITORY_PATTERN = new RegExp(`^${IMAGE_PATH_COMPONENT}(?:(?::[0-9]+)?(?:/${IMAGE_PATH_COMPONENT})+)?$`);
const IMAGE_TAG_PATTERN = /^[\w][\w.-]{0,127}$/;
const IMAGE_DIGEST_PATTERN = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/** Image reference that messages give as an example. */
export const EXAMPLE_IMAGE = "us-docker.pkg.dev/my-project/ml/trainer:1.4.0";

/** Splits an image reference into repository, tag and digest. A ":" before the last "/" belongs to a registry port. */
function splitImageReference(image: string): { repository: string; tag?: string; digest?: string } {
  const at = image.indexOf("@");
  const nameAndTag = at >= 0 ? image.slice(0, at) : image;
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const colon = nameAndTag.lastIndexOf(":");
  if (colon > nameAndTag.lastIndexOf("/")) {
    return { repository: nameAndTag.slice(0, colon), tag: nameAndTag.slice(colon + 1), digest };
  }
  return { repository: nameAndTag, digest };
}

function isImageReference(image: string): boolean {
  const { repository, tag, digest } = splitImageReference(image);
  return (
    IMAGE_REPOSITORY_PATTERN.test(repository) &&
    (tag === undefined || IMAGE_TAG_PATTERN.test(tag)) &&
    (digest === undefined || IMAGE_DIGEST_PATTERN.test(digest))
  );
}

/**
 * Checks a container image reference: no whitespace, a lowercase repository, an optional
 * `:tag` and an optional `@algorithm:hex` digest. The fix suggests the trimmed reference with
 * a lowercase repository when that one is valid.
 */
export function checkImageReference(property: string, image: string): Violation | undefined {
  if (isImageReference(image)) {
    return undefined;
  }
  const trimmed = splitImageReference(image.trim());
  const suggestion =
    trimmed.repository.toLowerCase() + (trimmed.tag === undefined ? "" : `:${trimmed.tag}`) + (trimmed.digest === undefined ? "" : `@${trimmed.digest}`);
  const fix =
    image.trim() === ""
      ? `Set ${property} to an image reference such as ${JSON.stringify(EXAMPLE_IMAGE)}.`
      : isImageReference(suggestion)
        ? `Use ${JSON.stringify(suggestion)}.`
        : `Use a reference such as ${JSON.stringify(EXAMPLE_IMAGE)}.`;
  return {
    property,
    value: image,
    rule:
      "an image reference must contain no whitespace and consist of a lowercase repository such as us-docker.pkg.dev/my-project/ml/trainer, " +
      "an optional \":tag\" and an optional \"@sha256:<hex>\" digest.",
    fix,
  };
}

/** Checks a GPU count per Pod: `nvidia.com/gpu` is an integer extended resource, at least 1 here. */
export function checkGpuCount(property: string, gpus: number): Violation | undefined {
  if (Number.isInteger(gpus) && gpus >= 1) {
    return undefined;
  }
  const suggestion = Number.isFinite(gpus) && gpus > 1 ? Math.ceil(gpus) : 1;
  return {
    property,
    value: gpus,
    rule: "GPUs per Pod must be a positive integer, because Kubernetes schedules nvidia.com/gpu only in whole devices.",
    fix: `Use ${suggestion}.`,
  };
}

/** Checks that a Pod requests no more GPUs than one node of its pool has; a Pod never spans nodes. */
export function checkGpusFitNode(property: string, gpus: number, gpusPerNode: number, acceleratorType: string): Violation | undefined {
  if (gpus <= gpusPerNode) {
    return undefined;
  }
  return {
    property,
    value: gpus,
    rule: `a Pod runs on one node, and nodes of this pool have ${gpusPerNode} ${acceleratorType} GPU(s), so the Pod would never be scheduled.`,
    fix: `Request at most ${gpusPerNode} GPU(s) per Pod, or place the workload on a pool with more GPUs per node.`,
  };
}

/** Checks a Kubernetes resource quantity string such as `500m`, `4` or `16Gi`; negative values are invalid. */
export function checkResourceQuantity(property: string, quantity: string): Violation | undefined {
  const parsed = parseQuantity(quantity);
  if (parsed !== undefined && parsed.numerator >= 0n) {
    return undefined;
  }
  return {
    property,
    value: quantity,
    rule: "a resource quantity must be a non-negative Kubernetes quantity: a number with an optional suffix (m, k, M, G, Ki, Mi, Gi, ...).",
    fix: "Use a value such as \"500m\" for CPU or \"16Gi\" for memory.",
  };
}

/**
 * Checks that a request does not exceed its limit, because Kubernetes rejects such a container.
 * Both must already be valid quantities. A limit of 0 is skipped.
 */
export function checkRequestWithinLimit(
  requestProperty: string,
  request: string,
  limitProperty: string,
  limit: string,
): Violation | undefined {
  const parsedRequest = parseQuantity(request);
  const parsedLimit = parseQuantity(limit);
  if (parsedRequest === undefined || parsedLimit === undefined) {
    return undefined;
  }
  // NOTE: other GKE sidecar annotations may use a limit of "0" for "no limit". Whether the
  // Parallelstore sidecar does too is unverified, so a zero limit is not compared.
  if (parsedLimit.numerator === 0n || compareQuantities(parsedRequest, parsedLimit) <= 0) {
    return undefined;
  }
  return {
    property: requestProperty,
    value: request,
    rule: `a request must not exceed its limit (${limitProperty} is ${JSON.stringify(limit)}).`,
    fix: `Lower ${requestProperty} or raise ${limitProperty}.`,
  };
}

/** Checks an integer field with a lower bound, such as parallelism (0) or completions (1). */
export function checkIntegerAtLeast(property: string, value: number, minimum: number): Violation | undefined {
  if (Number.isInteger(value) && value >= minimum) {
    return undefined;
  }
  return {
    property,
    value,
    rule: `the value must be an integer of at least ${minimum}.`,
    fix: `Use an integer such as ${Math.max(minimum, Number.isFinite(value) ? Math.ceil(value) : minimum)}.`,
  };
}

/** Go duration syntax, which Terraform `timeouts` blocks parse, e.g. `90m` or `1h30m`. */
const DURATION_PATTERN = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;

/** Checks a Terraform timeout duration: Go syntax and greater than zero. */
export function checkTimeout(property: string, duration: string): Violation | undefined {
  const isZero = !/[1-9]/.test(duration);
  if (DURATION_PATTERN.test(duration) && !isZero) {
    return undefined;
  }
  return {
    property,
    value: duration,
    rule: "a Terraform timeout must be a positive Go duration: numbers with units h, m, s (or ms, us, ns), e.g. \"90m\" or \"1h30m\".",
    fix: "Use a value such as \"2h\".",
  };
}

/** Kubernetes label name part, and value: up to 63 alphanumerics, `-`, `_` and `.`, alphanumeric at both ends. */
const LABEL_NAME_PATTERN = /^[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN_PATTERN = /^(?=.{1,253}$)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

/** Checks a Kubernetes label or annotation key: an optional DNS subdomain prefix and `/`, then a name. */
export function checkKubernetesKey(property: string, key: string): Violation | undefined {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (LABEL_NAME_PATTERN.test(name) && (prefix === undefined || DNS_SUBDOMAIN_PATTERN.test(prefix))) {
    return undefined;
  }
  return {
    property,
    value: key,
    rule: "a Kubernetes key is an optional DNS subdomain prefix and \"/\", then a name of 1-63 letters, digits, \"-\", \"_\" and \".\", starting and ending with a letter or digit.",
    fix: "Use a key such as \"app.kubernetes.io/name\" or \"team\".",
  };
}

/** Checks a Kubernetes label value: empty, or up to 63 letters, digits, `-`, `_` and `.`, alphanumeric at both ends. */
export function checkLabelValue(property: string, value: string): Violation | undefined {
  if (value === "" || LABEL_NAME_PATTERN.test(value)) {
    return undefined;
  }
  return {
    property,
    value,
    rule: "a label value must be empty or 1-63 letters, digits, \"-\", \"_\" and \".\", starting and ending with a letter or digit.",
    fix: "Shorten it or replace the other characters with \"-\".",
  };
}

/**
 * Environment variable names Kubernetes accepted before 1.34 relaxed the rule: letters,
 * digits, `_`, `-` and `.`, not starting with a digit.
 */
const ENV_NAME_PATTERN = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Checks an environment variable name. */
export function checkEnvironmentName(property: string, name: string): Violation | undefined {
  if (ENV_NAME_PATTERN.test(name)) {
    return undefined;
  }
  return {
    property,
    value: name,
    rule: "an environment variable name must consist of letters, digits, \"_\", \"-\" and \".\", and must not start with a digit.",
    fix: `Use ${JSON.stringify(name.replace(/[^-._a-zA-Z0-9]/g, "_").replace(/^(\d)/, "_$1") || "NAME")}.`,
  };
}
