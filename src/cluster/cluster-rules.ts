import { Violation } from "../validation/errors";
import { isLiteral } from "../validation/literal";
import { PARALLELSTORE_RESERVED_CIDR, overlapsParallelstoreReservedRange, parseCidr, rangesOverlap } from "../validation/cidr";
import { isRegionName, isZoneName, parallelstoreZonesOf, regionOfZone } from "../validation/zones";

/** Returns the region of a cluster location: the location itself for a region, the zone's region for a zone. */
export function regionOfLocation(location: string): string | undefined {
  if (isZoneName(location)) {
    return regionOfZone(location);
  }
  return isRegionName(location) ? location : undefined;
}

/** Checks a GKE cluster location: a zone (zonal cluster) or a region (regional cluster). */
export function checkClusterLocation(property: string, location: string): Violation | undefined {
  if (isZoneName(location) || isRegionName(location)) {
    return undefined;
  }
  return {
    property,
    value: location,
    rule: "a cluster location must be a zone such as \"us-central1-a\" (zonal cluster) or a region such as \"us-central1\" (regional cluster).",
    fix: "Use a zone or region name in lower case.",
  };
}

/**
 * Checks that every node location is a zone of the cluster's region. Returns one violation
 * per zone that is malformed or lies elsewhere.
 */
export function checkNodeLocations(property: string, zones: readonly string[], clusterRegion: string | undefined): Violation[] {
  const violations: Violation[] = [];
  for (const zone of zones) {
    if (!isZoneName(zone)) {
      violations.push({
        property,
        value: zone,
        rule: "a node location must be a zone such as \"us-central1-a\".",
        fix: "List zones, not regions.",
      });
      continue;
    }
    const region = regionOfZone(zone);
    if (clusterRegion !== undefined && region !== clusterRegion) {
      violations.push({
        property,
        value: zone,
        rule: `zone ${zone} lies in region ${region}, but nodes must lie in the cluster's region ${clusterRegion}.`,
        fix: zonesHint(clusterRegion),
      });
    }
  }
  return violations;
}

function zonesHint(region: string): string {
  const zones = parallelstoreZonesOf(region);
  return zones.length > 0 ? `Use zones of ${region}, such as ${zones.join(", ")}.` : `Use zones of ${region}.`;
}

/**
 * Checks a Pod or Service range given as a CIDR (`10.4.0.0/14`) or a prefix size only
 * (`/14`, GKE then picks the addresses). A CIDR must avoid 172.17.0.0/16, which the
 * Parallelstore client side uses.
 */
export function checkIpRange(property: string, range: string): Violation | undefined {
  if (/^\/\d{1,2}$/.test(range) && Number(range.slice(1)) <= 32) {
    return undefined;
  }
  if (parseCidr(range) === undefined) {
    return {
      property,
      value: range,
      rule: "an IP range must be a CIDR such as \"10.4.0.0/14\" or a prefix size such as \"/14\".",
      fix: "Use CIDR notation.",
    };
  }
  if (overlapsParallelstoreReservedRange(range)) {
    return {
      property,
      value: range,
      rule: `Parallelstore clients, nodes and Pods must not use addresses in ${PARALLELSTORE_RESERVED_CIDR}.`,
      fix: "Pick a range outside 172.17.0.0/16, e.g. \"10.4.0.0/14\" for Pods or \"10.8.0.0/20\" for Services.",
    };
  }
  return undefined;
}

/** Checks that the Pod and Service ranges do not overlap, when both are full CIDRs. */
export function checkRangesDisjoint(podsCidr: string, servicesCidr: string): Violation | undefined {
  const pods = parseCidr(podsCidr);
  const services = parseCidr(servicesCidr);
  if (pods === undefined || services === undefined || !rangesOverlap(pods, services)) {
    return undefined;
  }
  return {
    property: "servicesCidr",
    value: servicesCidr,
    rule: `the Service range overlaps the Pod range ${podsCidr}.`,
    fix: "Pick disjoint ranges, e.g. \"10.4.0.0/14\" for Pods and \"10.8.0.0/20\" for Services.",
  };
}

/** Returns a copy of a zone list when the list and every zone in it are known at synth time, otherwise undefined. */
export function literalZones(zones: readonly string[]): readonly string[] | undefined {
  return isLiteral(zones) && zones.every((zone) => isLiteral(zone)) ? [...zones] : undefined;
}

/** A prop a construct cannot work without, with an example for the fix text. */
export interface RequiredProp {
  /** Prop name, e.g. `location`. */
  readonly name: string;
  /** Description of a valid value for the fix text, e.g. `a zone or region such as "us-central1"`. */
  readonly example: string;
}

/**
 * Checks that props is an object and that every required prop is set. TypeScript rules both
 * out already; plain JavaScript callers would otherwise get a TypeError from deep inside the
 * constructor. A null prop counts as missing.
 */
export function checkRequiredProps(propsName: string, props: unknown, required: readonly RequiredProp[]): Violation[] {
  const names = required.map((prop) => prop.name).join(" and ");
  if (props === null || typeof props !== "object") {
    return [
      {
        property: "props",
        value: props,
        rule: `${propsName} must be an object with the required props ${names}.`,
        fix: `Pass an object that sets ${required.map((prop) => `${prop.name} to ${prop.example}`).join(" and ")}.`,
      },
    ];
  }
  const values = props as Record<string, unknown>;
  return required
    .filter((prop) => values[prop.name] === undefined || values[prop.name] === null)
    .map((prop) => ({
      property: prop.name,
      value: values[prop.name],
      rule: `${prop.name} is required but missing.`,
      fix: `Set ${prop.name} to ${prop.example}.`,
    }));
}

/**
 * GKE name rule for clusters and node pools: 1-40 characters, lowercase letters, digits and
 * hyphens, letter first, no trailing hyphen. The GKE API quotes this regex when it rejects
 * `node_pool.name` with HTTP 400.
 */
const GKE_NAME_PATTERN = /^[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?$/;

/** Checks a GKE cluster or node pool name. `kind` names the resource in the message, and the fix offers `example`. */
export function checkGkeName(property: string, name: unknown, kind: string, example: string): Violation | undefined {
  if (typeof name === "string" && GKE_NAME_PATTERN.test(name)) {
    return undefined;
  }
  return {
    property,
    value: name,
    rule: `a ${kind} name must be 1-40 lowercase letters, digits and hyphens, start with a letter and end with a letter or digit.`,
    fix: `Use a name such as ${JSON.stringify(example)}.`,
  };
}

/** Returns a GKE name close to `name` (lower case, other characters as hyphens), or `fallback` when none is left. */
export function suggestGkeName(name: unknown, fallback: string): string {
  if (typeof name !== "string") {
    return fallback;
  }
  const suggestion = name
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return GKE_NAME_PATTERN.test(suggestion) ? suggestion : fallback;
}
