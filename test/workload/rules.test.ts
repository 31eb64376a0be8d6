import {
  checkDnsLabel,
  checkKubernetesKey,
  checkMountPath,
  checkRequestWithinLimit,
  checkSubPath,
  checkTimeout,
} from "../../src/workload/rules";

describe("checkMountPath", () => {
  test.each(["/data", "/mnt/parallelstore/checkpoints", "/data.v2"])("accepts %s", (path) => {
    expect(checkMountPath("mountPath", path)).toBeUndefined();
  });

  test.each([
    ["data", "/data"],
    ["/data/", "/data"],
    ["//data", "/data"],
    ["/data/./x", "/data/x"],
    ["/data/../x", "/x"],
  ])("rejects %s and suggests %s", (path, suggestion) => {
    expect(checkMountPath("mountPath", path)?.fix).toBe(`Use ${JSON.stringify(suggestion)}.`);
  });
});

describe("checkSubPath", () => {
  test.each(["checkpoints", "runs/2026-12-04", "a..b"])("accepts %s", (subPath) => {
    expect(checkSubPath("subPath", subPath)).toBeUndefined();
  });

  test.each(["", "..", "../x", "x/../../y", "/abs"])("rejects %j", (subPath) => {
    expect(checkSubPath("subPath", subPath)?.rule).toContain("relative path");
  });
});

describe("checkTimeout", () => {
  test.each(["90m", "1h30m", "24h", "45s", "1.5h"])("accepts %s", (duration) => {
    expect(checkTimeout("timeout", duration)).toBeUndefined();
  });

  test.each(["3600", "0s", "1d", "", "10 m"])("rejects %j", (duration) => {
    expect(checkTimeout("timeout", duration)).toBeDefined();
  });
});

describe("Kubernetes names", () => {
  test("label limit is 63 characters", () => {
    expect(checkDnsLabel("name", "a".repeat(63))).toBeUndefined();
    expect(checkDnsLabel("name", "a".repeat(64))).toBeDefined();
  });

  test("label suggestion is lowercase", () => {
    expect(checkDnsLabel("name", "LLM_Finetune")?.fix).toBe("Use \"llm-finetune\".");
  });

  test.each(["app.kubernetes.io/name", "team", "example.com/Owner_1"])("key %s is valid", (key) => {
    expect(checkKubernetesKey("key", key)).toBeUndefined();
  });

  test.each(["Example.com/name", "/name", "a/b/c", "-team"])("key %s is invalid", (key) => {
    expect(checkKubernetesKey("key", key)).toBeDefined();
  });
});

describe("checkRequestWithinLimit", () => {
  test("compares across units", () => {
    expect(checkRequestWithinLimit("cpuRequest", "1500m", "cpuLimit", "2")).toBeUndefined();
    expect(checkRequestWithinLimit("memoryRequest", "1Gi", "memoryLimit", "1000Mi")).toBeDefined();
  });
});
