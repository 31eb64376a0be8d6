import { Violation } from "./errors";

/**
 * A VPC network reference reduced to what identifies it: its name and, when the reference
 * carries it, its project.
 */
export interface NetworkRef {
  readonly name: string;
  readonly project?: string;
}

/**
 * Matches `projects/P/global/networks/N`, optionally behind a Compute API self link prefix
 * such as `https://www.googleapis.com/compute/v1/`.
 */
const NETWORK_PATH_PATTERN = /^(?:https:\/\/[^/]+\/compute\/(?:v1|beta)\/)?projects\/([^/]+)\/global\/networks\/([^/]+)$/;

/** Network names follow the Compute Engine resource name rule (RFC 1035 label, 1-63 characters). */
const NETWORK_NAME_PATTERN = /^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Parses a network given as a name, an id (`projects/P/global/networks/N`) or a self link.
 * Returns undefined for any other value.
 */
export function parseNetwork(value: string): NetworkRef | undefined {
  const path = NETWORK_PATH_PATTERN.exec(value);
  if (path) {
    return { project: path[1], name: path[2] };
  }
  return NETWORK_NAME_PATTERN.test(value) ? { name: value } : undefined;
}

/**
 * Returns true when two network references can name the same VPC: equal names, and equal
 * projects where both references carry one. A name and a self link of one network are equal.
 */
export function isSameNetwork(a: string, b: string): boolean {
  const left = parseNetwork(a);
  const right = parseNetwork(b);
  if (!left || !right) {
    return a === b;
  }
  if (left.name !== right.name) {
    return false;
  }
  return left.project === undefined || right.project === undefined || left.project === right.project;
}

/** Returns the id form `projects/P/global/networks/N` of a network name in a project. */
export function networkId(project: string, name: string): string {
  return `projects/${project}/global/networks/${name}`;
}

/** Checks a VPC network reference: a name, an id (`projects/P/global/networks/N`) or a self link. */
export function checkNetworkReference(property: string, network: string): Violation | undefined {
  if (parseNetwork(network) !== undefined) {
    return undefined;
  }
  return {
    property,
    value: network,
    rule: "a network must be a name (\"default\"), an id (\"projects/P/global/networks/N\") or a self link.",
    fix: "Pass the name of the VPC that has Private Services Access for Parallelstore.",
  };
}

/**
 * Checks a reserved IP range reference: the name of a Private Services Access global address.
 * A CIDR is the most common mistake, so it gets its own message.
 */
export function checkReservedRangeName(property: string, range: string): Violation | undefined {
  if (/^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/.test(range)) {
    return undefined;
  }
  return {
    property,
    value: range,
    rule: range.includes("/")
      ? "a reserved IP range is given by the name of the Private Services Access global address, not a CIDR."
      : "a global address name must be 1-63 lowercase letters, digits or hyphens, starting with a letter.",
    fix: "Pass the global address name, or the PrivateServicesAccess construct.",
  };
}
