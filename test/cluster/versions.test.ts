import { VERSION_GATES, checkVersionGate, compareGkeVersions, parseGkeVersion, satisfiesMinimumVersion } from "../../src/cluster";

function parsed(text: string) {
  const version = parseGkeVersion(text);
  if (version === undefined) {
    throw new Error(`test setup: ${text} should parse`);
  }
  return version;
}

describe("parseGkeVersion", () => {
  test("full version", () => {
    expect(parseGkeVersion("1.32.3-gke.1234000")).toEqual({
      text: "1.32.3-gke.1234000",
      isLatest: false,
      major: 1,
      minor: 32,
      patch: 3,
      gkeBuild: 1234000,
    });
  });

  test("minor prefix", () => {
    const version = parsed("1.31");
    expect(version.minor).toBe(31);
    expect(version.patch).toBeUndefined();
    expect(version.gkeBuild).toBeUndefined();
  });

  test("latest", () => {
    expect(parsed("latest").isLatest).toBe(true);
  });

  test.each(["-1.31", "v1.31.1", "1", "1.31.", "1.31-gke.100", "1.31.1-gke", "1.31.1-gke.", " 1.31", "Latest", ""])(
    "rejects %j",
    (text) => {
      expect(parseGkeVersion(text)).toBeUndefined();
    },
  );
});

describe("compareGkeVersions", () => {
  test.each([
    ["1.31.1-gke.1729000", "1.31.1-gke.1728999", 1],
    ["1.31.1-gke.1729000", "1.31.2-gke.1", -1],
    ["1.32.3", "1.32.3-gke.1", -1],
    ["1.31", "1.31.0", -1],
    ["1.9.0", "1.10.0", -1],
    ["1.32.3-gke.1234000", "1.32.3-gke.1234000", 0],
    ["latest", "99.99.99-gke.9", 1],
    ["latest", "latest", 0],
  ])("%s vs %s", (a, b, sign) => {
    expect(Math.sign(compareGkeVersions(parsed(a), parsed(b)))).toBe(sign);
    expect(Math.sign(compareGkeVersions(parsed(b), parsed(a)))).toBe(-sign || 0);
  });
});

describe("satisfiesMinimumVersion", () => {
  test.each([
    ["1.32", "1.32.3", true],
    ["1.32.2", "1.32.3", false],
    ["1.32.3", "1.32.3", true],
    ["1.31", "1.31.1-gke.1729000", true],
    ["1.31.1", "1.31.1-gke.1729000", true],
    ["1.31.1-gke.1000000", "1.31.1-gke.1729000", false],
    ["1.30", "1.31.1-gke.1729000", false],
    ["1.33.0-gke.1", "1.32.3", true],
    ["latest", "1.32.3", true],
  ])("%s against %s", (version, minimum, expected) => {
    expect(satisfiesMinimumVersion(parsed(version), parsed(minimum))).toBe(expected);
  });
});

describe("checkVersionGate", () => {
  test("node mount gate names feature and minimum", () => {
    const violation = checkVersionGate("minMasterVersion", "1.31.5-gke.100", VERSION_GATES.NODE_MOUNT);
    expect(violation?.rule).toContain("node mount");
    expect(violation?.rule).toContain("1.32.3");
  });

  test("malformed version reports format", () => {
    const violation = checkVersionGate("minMasterVersion", "v1.32", VERSION_GATES.NODE_MOUNT);
    expect(violation?.rule).toContain("MAJOR.MINOR");
  });

  test("new enough version passes", () => {
    expect(checkVersionGate("minMasterVersion", "1.32.3-gke.1", VERSION_GATES.NODE_MOUNT)).toBeUndefined();
  });
});
