/**
 * Kubernetes resource quantities (`12000Gi`, `12Ti`, `13T`, `500M`, `1e3`) parsed exactly.
 *
 * The grammar is the one of k8s.io/apimachinery `resource.Quantity`: a signed decimal number,
 * then a binary suffix (Ki, Mi, Gi, Ti, Pi, Ei), a decimal suffix (m, k, M, G, T, P, E) or a
 * decimal exponent (e3, E3). Values are kept as bigint bytes over a denominator so that
 * `12Ti` is exactly 12288 GiB and fractional values such as `0.5Gi` stay exact.
 */
const QUANTITY_PATTERN = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const BINARY_SUFFIXES: Record<string, bigint> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};

const DECIMAL_EXPONENTS: Record<string, number> = { m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** An exact quantity: `numerator / denominator` in the base unit (bytes for storage). */
export interface Quantity {
  readonly text: string;
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** Parses a quantity string; returns undefined when it does not follow the Kubernetes grammar. */
export function parseQuantity(text: string): Quantity | undefined {
  const match = QUANTITY_PATTERN.exec(text.trim());
  if (!match) {
    return undefined;
  }
  const [, sign, digits, suffix] = match;
  const [whole, fraction = ""] = digits.split(".");
  let numerator = BigInt(`${whole || "0"}${fraction}`) * (sign === "-" ? -1n : 1n);
  let denominator = 10n ** BigInt(fraction.length);

  if (suffix !== undefined && suffix in BINARY_SUFFIXES) {
    numerator *= BINARY_SUFFIXES[suffix];
  } else if (suffix !== undefined) {
    const exponent = suffix in DECIMAL_EXPONENTS ? DECIMAL_EXPONENTS[suffix] : Number(suffix.slice(1));
    if (exponent >= 0) {
      numerator *= 10n ** BigInt(exponent);
    } else {
      denominator *= 10n ** BigInt(-exponent);
    }
  }
  return { text, numerator, denominator };
}

const BYTES_PER_GIB = 1n << 30n;

/**
 * Returns the quantity in whole GiB, or undefined when it is not a whole number of GiB
 * (`12T` is 11175.87 GiB, so it is not).
 */
export function quantityToWholeGib(quantity: Quantity): number | undefined {
  const divisor = quantity.denominator * BYTES_PER_GIB;
  if (quantity.numerator % divisor !== 0n) {
    return undefined;
  }
  return Number(quantity.numerator / divisor);
}

/** Returns the quantity in GiB as a (possibly fractional) number, for messages and comparisons. */
export function quantityToGib(quantity: Quantity): number {
  const milliGib = (quantity.numerator * 1000n) / (quantity.denominator * BYTES_PER_GIB);
  return Number(milliGib) / 1000;
}

/** Compares two quantities exactly: negative when a < b, zero when equal, positive when a > b. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  if (left === right) {
    return 0;
  }
  return left < right ? -1 : 1;
}

/** Returns the Kubernetes quantity string for a whole number of GiB, e.g. `12000Gi`. */
export function gibToQuantity(gib: number): string {
  return `${gib}Gi`;
}
