/** An IPv4 range as integer bounds, both inclusive. */
export interface Ipv4Range {
  readonly first: number;
  readonly last: number;
}

const IPV4_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses a dotted IPv4 address into an unsigned 32-bit integer; undefined when malformed. */
export function parseIpv4(address: string): number | undefined {
  const match = IPV4_PATTERN.exec(address);
  if (!match) {
    return undefined;
  }
  const octets = match.slice(1).map(Number);
  if (octets.some((octet) => octet > 255)) {
    return undefined;
  }
  return ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
}

/** Parses `a.b.c.d/n` into its range; undefined when malformed. Host bits need not be zero. */
export function parseCidr(cidr: string): Ipv4Range | undefined {
  const [address, prefixText, ...rest] = cidr.split("/");
  if (rest.length > 0 || prefixText === undefined || !/^\d{1,2}$/.test(prefixText)) {
    return undefined;
  }
  const prefix = Number(prefixText);
  const base = parseIpv4(address);
  if (base === undefined || prefix > 32) {
    return undefined;
  }
  const size = 2 ** (32 - prefix);
  const first = Math.floor(base / size) * size;
  return { first, last: first + size - 1 };
}

/** Returns true when two ranges share at least one address. */
export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/**
 * Range that Parallelstore clients, instances, nodes and Pods must not use: the DAOS agent
 * on the client side uses 172.17.0.0/16 (Parallelstore VPC and GKE CSI driver pages).
 */
export const PARALLELSTORE_RESERVED_CIDR = "172.17.0.0/16";

/** Returns true when a CIDR overlaps 172.17.0.0/16; false for malformed input. */
export function overlapsParallelstoreReservedRange(cidr: string): boolean {
  const range = parseCidr(cidr);
  const reserved = parseCidr(PARALLELSTORE_RESERVED_CIDR);
  return range !== undefined && reserved !== undefined && rangesOverlap(range, reserved);
}
