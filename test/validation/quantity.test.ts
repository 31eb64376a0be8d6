import { compareQuantities, gibToQuantity, parseQuantity, quantityToGib, quantityToWholeGib } from "../../src/validation/quantity";

const GIB = 2n ** 30n;

function parse(text: string) {
  const quantity = parseQuantity(text);
  if (quantity === undefined) {
    throw new Error(`expected ${JSON.stringify(text)} to parse`);
  }
  return quantity;
}

/** Returns true when a quantity equals numerator / denominator in the base unit (bytes for storage). */
function equalsBytes(text: string, numerator: bigint, denominator = 1n): boolean {
  const quantity = parse(text);
  return quantity.numerator * denominator === numerator * quantity.denominator;
}

describe("parseQuantity", () => {
  test.each([
    // Binary suffixes are powers of 1024.
    ["1Ki", 1024n],
    ["1Mi", 1024n ** 2n],
    ["12000Gi", 12000n * GIB],
    ["12Ti", 12n * 1024n * GIB],
    ["1Pi", 1024n ** 5n],
    // Decimal suffixes are powers of 1000.
    ["1k", 1000n],
    ["12G", 12n * 10n ** 9n],
    ["12T", 12n * 10n ** 12n],
    ["1E", 10n ** 18n],
    // Decimal exponents, either case, with an optional sign.
    ["1e3", 1000n],
    ["1E3", 1000n],
    ["1.5e3", 1500n],
    ["2e+2", 200n],
    // Plain numbers and signs.
    ["42", 42n],
    ["+1Ki", 1024n],
    ["-1Ki", -1024n],
  ])("%s is %s bytes", (text, bytes) => {
    expect(equalsBytes(text, bytes)).toBe(true);
  });

  test.each([
    ["0.5Gi", GIB, 2n],
    [".5Gi", GIB, 2n],
    ["1.25Ti", 1280n * GIB, 1n],
    ["500m", 1n, 2n],
    ["2e-3", 2n, 1000n],
    ["5.", 5n, 1n],
  ])("%s is exactly %s/%s", (text, numerator, denominator) => {
    expect(equalsBytes(text, numerator, denominator)).toBe(true);
  });

  test.each(["", "Gi", "12 Gi", "12GB", "12gi", "1e3Gi", "1.2.3", "--1", "0x10", "1e"])("%j does not parse", (text) => {
    expect(parseQuantity(text)).toBeUndefined();
  });

  test("keeps the text it parsed", () => {
    expect(parse("16000Gi").text).toBe("16000Gi");
  });
});

describe("quantityToWholeGib", () => {
  test.each([
    ["12000Gi", 12000],
    ["12Ti", 12288],
    ["0.5Ti", 512],
    ["1073741824", 1],
    ["100000Gi", 100000],
  ])("%s is %d GiB", (text, gib) => {
    expect(quantityToWholeGib(parse(text))).toBe(gib);
  });

  test.each(["12T", "12000G", "1.5Gi", "500Mi", "1e3"])("%s is not a whole number of GiB", (text) => {
    expect(quantityToWholeGib(parse(text))).toBeUndefined();
  });
});

describe("quantityToGib", () => {
  test("12T is about 11175.87 GiB", () => {
    // 12 * 10^12 / 2^30 = 11175.8701...
    expect(quantityToGib(parse("12T"))).toBeCloseTo(11175.87, 2);
  });

  test("1.5Gi is 1.5 GiB", () => {
    expect(quantityToGib(parse("1.5Gi"))).toBe(1.5);
  });
});

describe("compareQuantities", () => {
  test("equal values in different units compare equal", () => {
    expect(compareQuantities(parse("1Gi"), parse("1073741824"))).toBe(0);
    expect(compareQuantities(parse("0.5"), parse("500m"))).toBe(0);
    expect(compareQuantities(parse("12Ti"), parse("12288Gi"))).toBe(0);
  });

  test("orders binary and decimal suffixes", () => {
    expect(compareQuantities(parse("1G"), parse("1Gi"))).toBeLessThan(0);
    expect(compareQuantities(parse("12Ti"), parse("12000Gi"))).toBeGreaterThan(0);
    expect(compareQuantities(parse("250m"), parse("1"))).toBeLessThan(0);
  });
});

describe("gibToQuantity", () => {
  test("writes whole GiB with the Gi suffix", () => {
    expect(gibToQuantity(12000)).toBe("12000Gi");
  });
});
