import { Violation } from "./errors";
import { PARALLELSTORE_ZONES_AS_OF, isParallelstoreZone, isRegionName, isZoneName, parallelstoreZonesOf, regionOfZone } from "./zones";

/**
 * Capacity rule of the Parallelstore v1 API: 12000 to 100000 GiB in steps of 4000 GiB.
 * Source: Parallelstore "Create an instance" and CSI driver reference pages.
 */
export const MIN_CAPACITY_GIB = 12000;
export const MAX_CAPACITY_GIB = 100000;
export const CAPACITY_STEP_GIB = 4000;

const CAPACITY_RULE =
  `Parallelstore capacity must be an integer from ${MIN_CAPACITY_GIB} to ${MAX_CAPACITY_GIB} GiB ` +
  `in steps of ${CAPACITY_STEP_GIB} GiB (12000, 16000, ... 100000).`;

/** Returns the valid capacities nearest to a value, lowest first, for use in a fix. */
export function nearestValidCapacitiesGib(capacityGib: number): number[] {
  if (!Number.isFinite(capacityGib) || capacityGib <= MIN_CAPACITY_GIB) {
    return [MIN_CAPACITY_GIB, MIN_CAPACITY_GIB + CAPACITY_STEP_GIB];
  }
  if (capacityGib >= MAX_CAPACITY_GIB) {
    return [MAX_CAPACITY_GIB - CAPACITY_STEP_GIB, MAX_CAPACITY_GIB];
  }
  const below = MIN_CAPACITY_GIB + Math.floor((capacityGib - MIN_CAPACITY_GIB) / CAPACITY_STEP_GIB) * CAPACITY_STEP_GIB;
  const above = Math.min(below + CAPACITY_STEP_GIB, MAX_CAPACITY_GIB);
  return below === capacityGib ? [below] : [below, above];
}

/** Returns true for a capacity the Parallelstore API accepts. */
export function isValidCapacityGib(capacityGib: number): boolean {
  return (
    Number.isInteger(capacityGib) &&
    capacityGib >= MIN_CAPACITY_GIB &&
    capacityGib <= MAX_CAPACITY_GIB &&
    (capacityGib - MIN_CAPACITY_GIB) % CAPACITY_STEP_GIB === 0
  );
}

/** Checks a capacity in GiB against the Parallelstore size rule. */
export function checkCapacityGib(property: string, capacityGib: unknown): Violation | undefined {
  if (typeof capacityGib !== "number" || !isValidCapacityGib(capacityGib)) {
    const numeric = typeof capacityGib === "number" ? capacityGib : Number.NaN;
    const options = nearestValidCapacitiesGib(numeric).join(" or ");
    return { property, value: capacityGib, rule: CAPACITY_RULE, fix: `Use ${options}.` };
  }
  return undefined;
}

/**
 * Checks that a value is a zone in which Parallelstore is offered. A region gets its own
 * message, since `us-central1` for `us-central1-a` is the most common slip.
 */
export function checkParallelstoreZone(property: string, zone: unknown): Violation | undefined {
  if (typeof zone !== "string") {
    return { property, value: zone, rule: "a zone must be a string such as \"us-central1-a\".", fix: "Set a zone name." };
  }
  if (isRegionName(zone)) {
    const zones = parallelstoreZonesOf(zone);
    const fix = zones.length > 0 ? `Use one of its zones: ${zones.join(", ")}.` : "Use a zone such as \"us-central1-a\".";
    return {
      property,
      value: zone,
      rule: "this is a region, but a Parallelstore instance lives in one zone.",
      fix,
    };
  }
  if (!isZoneName(zone)) {
    return {
      property,
      value: zone,
      rule: "a zone name is a region followed by a one-letter suffix, e.g. \"us-central1-a\".",
      fix: "Use a zone name in lower case.",
    };
  }
  if (!isParallelstoreZone(zone)) {
    const region = regionOfZone(zone) ?? "";
    const sameRegion = parallelstoreZonesOf(region);
    const fix =
      sameRegion.length > 0
        ? `Use one of ${sameRegion.join(", ")}.`
        : "Use a supported zone such as \"us-central1-a\", or update PARALLELSTORE_ZONES when Google adds the zone.";
    return {
      property,
      value: zone,
      rule: `Parallelstore is not offered in this zone (supported zones as of ${PARALLELSTORE_ZONES_AS_OF}).`,
      fix,
    };
  }
  return undefined;
}

/** Instance id rule: lowercase letters, digits and hyphens, letter first, no trailing hyphen, 1-63 characters. */
const INSTANCE_ID_PATTERN = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Checks a Parallelstore instance id. */
export function checkInstanceId(property: string, instanceId: unknown): Violation | undefined {
  if (typeof instanceId === "string" && INSTANCE_ID_PATTERN.test(instanceId)) {
    return undefined;
  }
  const suggestion =
    typeof instanceId === "string"
      ? instanceId
          .toLowerCase()
          .replace(/[^a-z0-9-]/g, "-")
          .replace(/^[^a-z]+/, "")
          .slice(0, 63)
          .replace(/-+$/, "")
      : "";
  const fix = suggestion.length > 0 ? `Use an id such as ${JSON.stringify(suggestion)}.` : "Use an id such as \"training-data\".";
  return {
    property,
    value: instanceId,
    rule: "an instance id must be 1-63 characters of lowercase letters, digits and hyphens, start with a letter and end with a letter or digit.",
    fix,
  };
}

/** Maximum description length of a Parallelstore instance, in characters. */
export const MAX_DESCRIPTION_LENGTH = 2048;

/** Checks a description against the API's length limit. */
export function checkDescription(property: string, description: unknown): Violation | undefined {
  if (typeof description === "string" && description.length <= MAX_DESCRIPTION_LENGTH) {
    return undefined;
  }
  const length = typeof description === "string" ? description.length : 0;
  return {
    property,
    value: typeof description === "string" ? `${description.slice(0, 40)}...` : description,
    rule: `a description must be a string of at most ${MAX_DESCRIPTION_LENGTH} characters (this one has ${length}).`,
    fix: "Shorten it.",
  };
}

/**
 * Google Cloud label rules: at most 64 labels. Keys have 1-63 characters, start with a
 * lowercase letter, then lowercase letters, digits, `_` or `-`. Values have 0-63 of the same.
 * Source: Resource Manager "Requirements for labels".
 * NOTE: Google also allows international lowercase letters; this check accepts ASCII only.
 */
const LABEL_KEY_PATTERN = /^[a-z][a-z0-9_-]{0,62}$/;
const LABEL_VALUE_PATTERN = /^[a-z0-9_-]{0,63}$/;
export const MAX_LABELS = 64;

/** Checks a label map; returns one violation per bad key or value. */
export function checkLabels(property: string, labels: Record<string, unknown>, isKnown: (value: unknown) => boolean): Violation[] {
  const violations: Violation[] = [];
  const keys = Object.keys(labels);
  if (keys.length > MAX_LABELS) {
    violations.push({
      property,
      value: `${keys.length} labels`,
      rule: `a resource can carry at most ${MAX_LABELS} labels.`,
      fix: "Remove some labels.",
    });
  }
  for (const key of keys) {
    if (isKnown(key) && !LABEL_KEY_PATTERN.test(key)) {
      violations.push({
        property: `${property} key`,
        value: key,
        rule: "a label key must be 1-63 characters, start with a lowercase letter and contain only lowercase letters, digits, \"_\" and \"-\".",
        fix: `Use a key such as ${JSON.stringify(key.toLowerCase().replace(/[^a-z0-9_-]/g, "_").replace(/^[^a-z]+/, "") || "team")}.`,
      });
    }
    const value = labels[key];
    if (isKnown(value) && (typeof value !== "string" || !LABEL_VALUE_PATTERN.test(value))) {
      violations.push({
        property: `${property}.${key}`,
        value,
        rule: "a label value must be a string of 0-63 lowercase letters, digits, \"_\" and \"-\".",
        fix: "Use lowercase letters, digits, \"_\" and \"-\" only.",
      });
    }
  }
  return violations;
}

/** Checks that a value is one of an enum's values (catches plain JavaScript and JSON callers). */
export function checkEnum(property: string, value: unknown, allowed: Record<string, string>): Violation | undefined {
  const values = Object.values(allowed);
  if (typeof value === "string" && values.includes(value)) {
    return undefined;
  }
  return {
    property,
    value,
    rule: `the value must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}.`,
    fix: "Pick one of those values.",
  };
}
