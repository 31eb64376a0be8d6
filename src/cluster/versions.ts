import { Violation } from "../validation/errors";

/**
 * A GKE version as `min_master_version` and node pool `version` accept it: `latest`, a
 * prefix such as `1.31` or `1.31.1`, or a full version such as `1.31.1-gke.1729000`.
 */
export interface GkeVersion {
  /** The version as written. */
  readonly text: string;
  /** True for `latest`, which GKE resolves to the newest available version. */
  readonly isLatest: boolean;
  readonly major: number;
  readonly minor: number;
  /** Kubernetes patch number; undefined for a prefix such as `1.31`. */
  readonly patch?: number;
  /** GKE build number, the `1729000` of `-gke.1729000`; undefined when not given. */
  readonly gkeBuild?: number;
}

/** `MAJOR.MINOR`, optionally `.PATCH`, optionally `-gke.BUILD` (which needs the patch). */
const GKE_VERSION_PATTERN = /^(\d+)\.(\d+)(?:\.(\d+)(?:-gke\.(\d+))?)?$/;

/**
 * Parses a GKE version. Returns undefined for anything else, including a leading `v` or
 * `-`, a `-gke.N` suffix without a patch number, and surrounding whitespace.
 */
export function parseGkeVersion(text: string): GkeVersion | undefined {
  if (text === "latest") {
    return { text, isLatest: true, major: Number.POSITIVE_INFINITY, minor: 0 };
  }
  const match = GKE_VERSION_PATTERN.exec(text);
  if (!match) {
    return undefined;
  }
  const [, major, minor, patch, gkeBuild] = match;
  return {
    text,
    isLatest: false,
    major: Number(major),
    minor: Number(minor),
    patch: patch === undefined ? undefined : Number(patch),
    gkeBuild: gkeBuild === undefined ? undefined : Number(gkeBuild),
  };
}

/**
 * Orders two versions: negative when a is older, zero when equal, positive when newer.
 * `latest` is newer than every version, and a prefix sorts before every version it
 * starts (`1.31` < `1.31.0` < `1.31.0-gke.1`), so the order is total.
 */
export function compareGkeVersions(a: GkeVersion, b: GkeVersion): number {
  if (a.isLatest || b.isLatest) {
    return Number(a.isLatest) - Number(b.isLatest);
  }
  const left = [a.major, a.minor, a.patch ?? -1, a.gkeBuild ?? -1];
  const right = [b.major, b.minor, b.patch ?? -1, b.gkeBuild ?? -1];
  for (let index = 0; index < left.length; index++) {
    if (left[index] !== right[index]) {
      return left[index] - right[index];
    }
  }
  return 0;
}

/**
 * Returns true when a version satisfies a minimum.
 *
 * GKE resolves a prefix to the newest available release that starts with it, so `1.32`
 * satisfies a minimum of `1.32.3`: only the components the prefix names are compared.
 * NOTE: this assumes the newest release of that minor is at or above the minimum, which
 * holds for every gate in VERSION_GATES today but not for a gate set on an unreleased patch.
 */
export function satisfiesMinimumVersion(version: GkeVersion, minimum: GkeVersion): boolean {
  if (version.isLatest) {
    return true;
  }
  const truncated: GkeVersion = {
    ...minimum,
    patch: version.patch === undefined ? undefined : minimum.patch,
    gkeBuild: version.gkeBuild === undefined ? undefined : minimum.gkeBuild,
  };
  return compareGkeVersions(version, truncated) >= 0;
}

/** A feature that needs a minimum GKE version. */
export interface VersionGate {
  /** The feature, as a noun phrase for messages. */
  readonly feature: string;
  /** The minimum GKE version. */
  readonly minimumVersion: string;
}

/**
 * GKE versions that Parallelstore features need.
 *
 * Sources: the Parallelstore CSI driver overview (cloud.google.com/parallelstore/docs/
 * csi-driver-overview) gives 1.32.3 for node mount and 1.31.1 for the GKE Volume Populator.
 * For the add-on itself, some GKE pages give 1.29 (the version from which Autopilot turns it
 * on by default), while GKE add-on tooling records 1.31.1-gke.1729000 on x86-64 nodes. The
 * gate uses the stricter 1.31.1-gke.1729000: a cluster on it meets both statements, and one
 * between 1.29 and that build may get an add-on without the fixes the later sources assume.
 */
export const VERSION_GATES = {
  PARALLELSTORE_CSI_DRIVER: { feature: "the Parallelstore CSI driver add-on", minimumVersion: "1.31.1-gke.1729000" },
  VOLUME_POPULATOR: { feature: "the GKE Volume Populator for Parallelstore", minimumVersion: "1.31.1" },
  NODE_MOUNT: { feature: "Parallelstore node mount (mountLocality: node)", minimumVersion: "1.32.3" },
} as const satisfies Record<string, VersionGate>;

const VERSION_FORMAT_RULE =
  "a GKE version must be \"latest\", MAJOR.MINOR (\"1.32\"), MAJOR.MINOR.PATCH (\"1.32.3\") or a full version (\"1.32.3-gke.1234000\").";

/** Checks that a value is a GKE version; `property` names the prop in the message. */
export function checkGkeVersionFormat(property: string, version: string): Violation | undefined {
  if (parseGkeVersion(version) !== undefined) {
    return undefined;
  }
  return {
    property,
    value: version,
    rule: VERSION_FORMAT_RULE,
    fix: "Use a version that `gcloud container get-server-config` lists, without a \"v\" or \"-\" prefix.",
  };
}

/**
 * Checks a version against a gate. Returns the format violation for a malformed version,
 * a gate violation for an old one, and undefined otherwise.
 */
export function checkVersionGate(property: string, version: string, gate: VersionGate): Violation | undefined {
  const parsed = parseGkeVersion(version);
  if (parsed === undefined) {
    return checkGkeVersionFormat(property, version);
  }
  const minimum = parseGkeVersion(gate.minimumVersion);
  if (minimum === undefined || satisfiesMinimumVersion(parsed, minimum)) {
    return undefined;
  }
  return {
    property,
    value: version,
    rule: `${gate.feature} needs GKE ${gate.minimumVersion} or later.`,
    fix: `Set ${property} to ${gate.minimumVersion} or later, or leave it unset to follow the release channel.`,
  };
}
