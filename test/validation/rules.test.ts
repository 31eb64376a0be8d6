import {
  isSameNetwork,
  isValidCapacityGib,
  nearestValidCapacitiesGib,
  overlapsParallelstoreReservedRange,
  parseCidr,
  parseNetwork,
  regionOfZone,
  formatValue,
} from "../../src";
import { createTestStack } from "../../src/testing";

describe("capacity rule", () => {
  test("accepts every step from 12000 to 100000", () => {
    const valid: number[] = [];
    for (let gib = 0; gib <= 110000; gib += 1000) {
      if (isValidCapacityGib(gib)) {
        valid.push(gib);
      }
    }
    expect(valid[0]).toBe(12000);
    expect(valid[valid.length - 1]).toBe(100000);
    expect(valid).toHaveLength((100000 - 12000) / 4000 + 1);
  });

  test("suggests neighbours of an invalid size", () => {
    expect(nearestValidCapacitiesGib(12288)).toEqual([12000, 16000]);
    expect(nearestValidCapacitiesGib(50000)).toEqual([48000, 52000]);
    expect(nearestValidCapacitiesGib(1)).toEqual([12000, 16000]);
  });
});

describe("zones", () => {
  test.each([
    ["us-central1-a", "us-central1"],
    ["northamerica-northeast1-b", "northamerica-northeast1"],
    ["us-central1", undefined],
  ])("region of %s", (zone, region) => {
    expect(regionOfZone(zone)).toBe(region);
  });
});

describe("network references", () => {
  test("name, id and self link parse alike", () => {
    expect(parseNetwork("default")).toEqual({ name: "default" });
    expect(parseNetwork("projects/p/global/networks/vpc")).toEqual({ project: "p", name: "vpc" });
    expect(parseNetwork("https://www.googleapis.com/compute/v1/projects/p/global/networks/vpc")).toEqual({ project: "p", name: "vpc" });
    expect(parseNetwork("Not A Network")).toBeUndefined();
  });

  test.each<[string, string, boolean]>([
    ["default", "projects/p/global/networks/default", true],
    ["projects/p/global/networks/vpc", "https://www.googleapis.com/compute/v1/projects/p/global/networks/vpc", true],
    ["projects/p/global/networks/vpc", "projects/q/global/networks/vpc", false],
    ["default", "ml-vpc", false],
  ])("%s vs %s", (left, right, same) => {
    expect(isSameNetwork(left, right)).toBe(same);
  });
});

describe("CIDR helpers", () => {
  test("parses and aligns a range", () => {
    expect(parseCidr("10.0.0.5/24")).toEqual({ first: 0x0a000000, last: 0x0a0000ff });
    expect(parseCidr("10.0.0.0/33")).toBeUndefined();
    expect(parseCidr("10.0.0.0")).toBeUndefined();
  });

  test.each<[string, boolean]>([
    ["172.17.0.0/16", true],
    ["172.16.0.0/12", true],
    ["172.17.255.0/24", true],
    ["172.18.0.0/16", false],
    ["10.0.0.0/8", false],
  ])("%s overlaps 172.17.0.0/16: %s", (cidr, overlaps) => {
    expect(overlapsParallelstoreReservedRange(cidr)).toBe(overlaps);
  });
});

describe("formatValue", () => {
  test.each<[string, unknown, string]>([
    ["string", "us-central1", '"us-central1"'],
    ["NaN", Number.NaN, "NaN"],
    ["undefined", undefined, "undefined"],
    ["list", [1, 2], "[1,2]"],
  ])("%s", (_name, value, expected) => {
    expect(formatValue(value)).toBe(expected);
  });

  test("construct named by path", () => {
    const stack = createTestStack("values");
    expect(formatValue(stack)).toBe("TerraformStack at values");
  });

  test("circular object does not throw", () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(formatValue(circular)).toBe("[object Object]");
  });
});
