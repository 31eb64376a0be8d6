import {
  checkDnsLabel,
  checkImageReference,
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

describe("checkImageReference", () => {
  const digest = `sha256:${"0123456789abcdef".repeat(4)}`;

  test.each([
    "trainer",
    "trainer:1",
    "us-docker.pkg.dev/my-project/ml/trainer:1.4.0",
    "nvcr.io/nvidia/pytorch:24.01-py3",
    "localhost:5000/ml/trainer",
    "localhost:5000/ml/trainer:Latest_2",
    `trainer@${digest}`,
    `us-docker.pkg.dev/my-project/ml/trainer:1.4.0@${digest}`,
  ])("accepts %s", (image) => {
    expect(checkImageReference("image", image)).toBeUndefined();
  });

  test.each([
    "",
    "my image:1",
    "trainer:1 ",
    "Trainer:1",
    "Registry.example.com/trainer",
    "trainer:",
    "trainer:-1",
    `trainer:${"a".repeat(129)}`,
    "/trainer",
    "ml//trainer",
    "trainer/",
    "trainer@sha256:abc",
    "trainer@",
    "trainer:1:2",
  ])("rejects %j", (image) => {
    expect(checkImageReference("image", image)?.value).toBe(image);
  });

  test.each([
    ["Trainer:V1", "Use \"trainer:V1\"."],
    [" trainer:1 ", "Use \"trainer:1\"."],
    ["my image:1", "Use a reference such as \"us-docker.pkg.dev/my-project/ml/trainer:1.4.0\"."],
    ["", "Set image to an image reference such as \"us-docker.pkg.dev/my-project/ml/trainer:1.4.0\"."],
  ])("fix for %j", (image, fix) => {
    expect(checkImageReference("image", image)?.fix).toBe(fix);
  });
});
