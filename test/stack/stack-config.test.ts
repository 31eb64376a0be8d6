import { execFileSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Testing } from "cdktf";
import { ML_TRAINING_PROPS, buildApp } from "../../examples/ml-training/main";
import { StackConfigError, TRAINING_CONFIG_SCHEMA, checkAgainstSchema, readTrainingConfig } from "../../src";

const workDir = mkdtempSync(join(tmpdir(), "stack-config-"));
let fileCount = 0;

function writeConfig(config: unknown): string {
  const path = join(workDir, `config-${fileCount++}.json`);
  writeFileSync(path, typeof config === "string" ? config : JSON.stringify(config));
  return path;
}

function filesBelow(folder: string): string[] {
  if (!existsSync(folder)) {
    return [];
  }
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
}

function configProblems(config: unknown): StackConfigError {
  const path = writeConfig(config);
  let caught: unknown;
  try {
    buildApp(path, Testing.app());
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(StackConfigError);
  return caught as StackConfigError;
}

describe("STACK_CONFIG files", () => {
  test("empty object keeps the scenario", () => {
    const props = readTrainingConfig(writeConfig({}), ML_TRAINING_PROPS);
    expect(props).toEqual(ML_TRAINING_PROPS);
  });

  test("top-level keys replace the scenario's", () => {
    const props = readTrainingConfig(writeConfig({ zone: "europe-west4-a", instance: { capacityGib: 16000 } }), ML_TRAINING_PROPS);
    expect(props.zone).toBe("europe-west4-a");
    expect(props.instance).toEqual({ capacityGib: 16000 });
    expect(props.project).toBe("my-project");
  });

  test("null drops a default", () => {
    const props = readTrainingConfig(writeConfig({ instance: null }), ML_TRAINING_PROPS);
    expect(props.instance).toBeUndefined();
  });

  test("dynamic mode drops default instance", () => {
    const props = readTrainingConfig(writeConfig({ storage: { mode: "dynamic" } }), ML_TRAINING_PROPS);
    expect(props.instance).toBeUndefined();
  });

  test("valid config synthesizes", () => {
    const path = writeConfig({ project: "team-ml", zone: "europe-west4-a", instance: { instanceId: "corpus", capacityGib: 16000 } });
    const app = buildApp(path, Testing.app());
    expect(app.node.children).toHaveLength(1);
  });

  test("unknown keys listed with paths", () => {
    const error = configProblems({ instance: { capacity: 12000 }, clutser: {} });
    expect(error.problems.map((problem) => problem.keyPath).sort()).toEqual(["clutser", "instance.capacity"]);
    expect(error.message).toMatch(/instance.capacity: unknown key. Known keys here: instanceId, capacityGib/);
  });

  test("wrong types listed with paths", () => {
    const error = configProblems({ instance: { capacityGib: "12000" }, workload: { mounts: [{ mountPath: 5 }] } });
    expect(error.problems).toEqual([
      { keyPath: "instance.capacityGib", message: "expected a number, got string" },
      { keyPath: "workload.mounts[0].mountPath", message: "expected a string, got number" },
    ]);
  });

  test("schema covers every props key", () => {
    const fullConfig = {
      ...ML_TRAINING_PROPS,
      enableApis: true,
      network: { name: "default", create: false, subnetwork: "s", rangeName: "r", rangeStartAddress: "10.0.0.0", prefixLength: 24, createFirewallRule: true },
      cluster: { name: "c", location: "us-central1", releaseChannel: "REGULAR", minMasterVersion: "1.32", podsCidr: "10.4.0.0/14", servicesCidr: "10.8.0.0/20", deletionProtection: true },
      gpuPool: { name: "p", machineType: "g2-standard-8", acceleratorType: "nvidia-l4", acceleratorCount: 1, gpuDriverVersion: "LATEST", nodeLocations: ["us-central1-a"], nodeCount: 1, spot: true },
      storage: { mode: "static", claimName: "c", namespace: "default", accessMode: "ReadWriteMany", mountLocality: "pod", requestGib: 12000 },
    };
    expect(checkAgainstSchema(fullConfig, TRAINING_CONFIG_SCHEMA)).toEqual([]);
  });

  test("lists problems of every construct", () => {
    const error = configProblems({
      gpuPool: { machineType: "a2-highgpu-1g", acceleratorType: "nvidia-l4" },
      cluster: { podsCidr: "172.17.0.0/16" },
      instance: { capacityGib: 16000.5 },
      workload: { gpusPerPod: 1.5 },
    });
    expect(error.problems.map((problem) => problem.keyPath).sort()).toEqual([
      "cluster.podsCidr",
      "gpuPool.acceleratorType",
      "instance.capacityGib",
      "workload.gpusPerPod",
    ]);
  });

  test("lists type and value problems together", () => {
    const error = configProblems({ workload: { gpusPerPod: "2", replicas: -1 } });
    expect(error.problems.map((problem) => problem.keyPath).sort()).toEqual(["workload.gpusPerPod", "workload.replicas"]);
  });

  test.each(["constructor", "__proto__", "toString"])("key %s is unknown", (key) => {
    const error = configProblems(`{"project": "my-project", "zone": "us-central1-a", "${key}": 1}`);
    expect(error.problems).toEqual([{ keyPath: key, message: expect.stringMatching(/^unknown key/) }]);
  });

  test("problems in every layer at once", () => {
    const error = configProblems({
      project: "tëam-ml",
      instance: { instanceId: "Bad_Id" },
      cluster: { name: "ML" },
      workload: { name: "ML_Train" },
      storage: { requestGib: 12288 },
    });
    expect(error.problems.map((problem) => problem.keyPath).sort()).toEqual([
      "cluster.name",
      "instance.instanceId",
      "project",
      "storage.requestGib",
      "workload.name",
    ]);
  });

  test("missing file named with its path", () => {
    let caught: unknown;
    try {
      buildApp(join(workDir, "missing.json"), Testing.app());
    } catch (error) {
      caught = error;
    }
    expect((caught as StackConfigError).problems).toEqual([{ keyPath: "(file)", message: `not found: ${join(workDir, "missing.json")}` }]);
  });

  test("null project is missing", () => {
    const error = configProblems({ project: null });
    expect(error.problems).toEqual([{ keyPath: "project", message: "missing required key" }]);
  });

  test("main program writes nothing on error", () => {
    const outdir = join(workDir, "out");
    const configPath = writeConfig({ instance: { capacityGib: 12288 } });
    let status = 0;
    let stderr = "";
    try {
      execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "examples/ml-training/main.ts"], {
        env: { ...process.env, STACK_CONFIG: configPath, CDKTF_OUTDIR: outdir, TS_NODE_TRANSPILE_ONLY: "true" },
        stdio: "pipe",
      });
    } catch (error) {
      status = (error as { status: number }).status;
      stderr = String((error as { stderr: Buffer }).stderr);
    }
    expect(status).toBe(1);
    expect(stderr).toMatch(/instance.capacityGib: 12288 is invalid: Parallelstore capacity must be/);
    // cdktf's App and stacks create empty output folders as they are constructed; no file may appear in them.
    expect(filesBelow(outdir)).toEqual([]);
  });

  test("main program synthesizes a valid config", () => {
    const outdir = join(workDir, "out-valid");
    const configPath = writeConfig({ instance: { instanceId: "from-config", capacityGib: 16000 } });
    execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "examples/ml-training/main.ts"], {
      env: { ...process.env, STACK_CONFIG: configPath, CDKTF_OUTDIR: outdir },
      stdio: "pipe",
    });
    const synthesized = JSON.parse(readFileSync(join(outdir, "stacks", "ml-training", "cdk.tf.json"), "utf8"));
    const instance = Object.values(synthesized.resource.google_parallelstore_instance)[0] as { capacity_gib: string; instance_id: string };
    expect(instance.capacity_gib).toBe("16000");
    expect(instance.instance_id).toBe("from-config");
  });
});

/**
 * Invalid configurations across every layer. Each must fail with a StackConfigError that
 * names the key path and the rule, never with a TypeError or another crash.
 */
const CORPUS: Array<[string, unknown, string, RegExp]> = [
  ["file is not JSON", "{ project: ", "(file)", /cannot be read as JSON/],
  ["root is an array", "[]", "(root)", /expected an object, got array/],
  ["project is a number", { project: 7 }, "project", /expected a string, got number/],
  ["zone is a region", { zone: "us-central1" }, "zone", /this is a region|a zone such as/],
  ["zone without Parallelstore", { zone: "us-central1-d" }, "zone", /not offered in this zone/],
  ["capacity 12288", { instance: { capacityGib: 12288 } }, "instance.capacityGib", /steps of 4000 GiB/],
  ["capacity 8000", { instance: { capacityGib: 8000 } }, "instance.capacityGib", /from 12000 to 100000 GiB/],
  ["capacity 104000", { instance: { capacityGib: 104000 } }, "instance.capacityGib", /from 12000 to 100000 GiB/],
  ["fractional capacity", { instance: { capacityGib: 12000.5 } }, "instance.capacityGib", /an integer/],
  ["uppercase instance id", { instance: { instanceId: "Training" } }, "instance.instanceId", /lowercase letters/],
  ["unknown deployment type", { instance: { deploymentType: "FAST" } }, "instance.deploymentType", /is not one of "SCRATCH", "PERSISTENT"/],
  ["bad label key", { instance: { labels: { Team: "ml" } } }, "instance.labels", /label key/],
  ["labels not strings", { instance: { labels: { team: 1 } } }, "instance.labels.team", /expected a string, got number/],
  ["prefix length 25", { network: { prefixLength: 25 } }, "network.prefixLength", /integer from 8 to 24/],
  ["range in 172.17.0.0/16", { network: { rangeStartAddress: "172.17.0.0" } }, "network.rangeStartAddress", /172.17.0.0\/16/],
  ["network given as id", { network: { name: "projects/p/global/networks/default" } }, "network.name", /not its id or self link/],
  ["cluster location malformed", { cluster: { location: "US-CENTRAL1" } }, "cluster.location", /location/],
  ["cluster in another region", { cluster: { location: "us-east1" }, gpuPool: { nodeLocations: ["us-east1-b"] } }, "cluster.location", /must be in region us-central1, not us-east1/],
  ["pod CIDR in 172.17.0.0/16", { cluster: { podsCidr: "172.16.0.0/12" } }, "cluster.podsCidr", /172.17.0.0\/16/],
  ["old cluster version", { cluster: { minMasterVersion: "1.29.1" } }, "cluster.minMasterVersion", /1.31.1-gke.1729000/],
  ["unknown release channel", { cluster: { releaseChannel: "FAST" } }, "cluster.releaseChannel", /is not one of/],
  ["node mount on old cluster", { cluster: { minMasterVersion: "1.31.6" }, storage: { mountLocality: "node" } }, "(stack)", /needs GKE 1.32.3 or later/],
  ["pool outside cluster region", { gpuPool: { nodeLocations: ["europe-west4-a"] } }, "gpuPool.nodeLocations", /cluster's region us-central1/],
  ["machine and accelerator mismatch", { gpuPool: { machineType: "a3-highgpu-8g", acceleratorType: "nvidia-l4" } }, "gpuPool.acceleratorType", /nvidia-h100-80gb/],
  ["wrong accelerator count", { gpuPool: { machineType: "a2-highgpu-4g", acceleratorCount: 2 } }, "gpuPool.acceleratorCount", /4/],
  ["GPU series without GPUs", { gpuPool: { machineType: "e2-standard-8" } }, "gpuPool.machineType", /GPU/],
  ["claim above the volume", { storage: { requestGib: 16000 } }, "storage.requestGib", /12000/],
  ["dynamic request 12288", { storage: { mode: "dynamic", requestGib: 12288 } }, "storage.requestGib", /steps of 4000/],
  ["unknown access mode", { storage: { accessMode: "ReadWriteAll" } }, "storage.accessMode", /is not one of "ReadWriteMany"/],
  ["existing mode without instance", { storage: { mode: "existing" } }, "storage.existingInstance", /attributes are required/],
  ["existing instance with region zone", { storage: { mode: "existing", existingInstance: { project: "my-project", zone: "us-central1", instanceId: "x", accessPoints: ["10.0.0.2"], network: "default", capacityGib: 12000 } } }, "storage.existingInstance.zone", /this is a region/],
  ["existing instance missing key", { storage: { mode: "existing", existingInstance: { project: "p", zone: "us-central1-a" } } }, "storage.existingInstance.instanceId", /missing required key/],
  ["instance settings in dynamic mode", { instance: { capacityGib: 16000 }, storage: { mode: "dynamic" } }, "instance", /static mode/],
  ["zero GPUs", { workload: { gpusPerPod: 0 } }, "workload.gpusPerPod", /positive integer|at least 1/],
  ["fractional GPUs", { workload: { gpusPerPod: 1.5 } }, "workload.gpusPerPod", /integer/],
  ["more GPUs than a node has", { workload: { gpusPerPod: 2 } }, "workload.gpusPerPod", /nvidia-l4/],
  ["subPath escapes the volume", { workload: { mounts: [{ mountPath: "/data", subPath: "../x" }] } }, "workload.mounts[0].subPath", /\.\./],
  ["duplicate mount path", { workload: { mounts: [{ mountPath: "/data" }, { mountPath: "/data", subPath: "x" }] } }, "workload.mounts[1].mountPath", /already/],
  ["relative mount path", { workload: { mounts: [{ mountPath: "data" }] } }, "workload.mounts[0].mountPath", /absolute/],
  ["bad workload name", { workload: { name: "ML_Training" } }, "workload.name", /DNS-1123/],
  ["unknown workload kind", { workload: { kind: "CronJob" } }, "workload.kind", /is not one of "Job", "Deployment"/],
  ["mount missing path", { workload: { mounts: [{ subPath: "x" }] } }, "workload.mounts[0].mountPath", /missing required key/],
  ["number beyond precision", { workload: { replicas: 1e20 } }, "workload.replicas", /too large/],
  ["autoscaling minimum above maximum", { gpuPool: { minNodeCount: 5, maxNodeCount: 2 } }, "gpuPool.minNodeCount", /5/],
  ["project name instead of id", { project: "My_Project" }, "project", /6-30 lowercase letters/],
  ["empty project", { project: "" }, "project", /project id/],
  ["reserved range overlaps Pods", { network: { rangeStartAddress: "10.4.0.0" }, cluster: { podsCidr: "10.4.0.0/14" } }, "(stack)", /overlaps the Parallelstore reserved range/],
  ["cluster region of another zone", { cluster: { location: "europe-west4" } }, "cluster.location", /must be in region us-central1/],
  ["access points as bad text", { storage: { mode: "existing", existingInstance: { project: "my-project", zone: "us-central1-a", instanceId: "x", accessPoints: ["10.0.0.300"], network: "default", capacityGib: 12000 } } }, "storage.existingInstance.accessPoints", /IPv4 address/],
  ["access point in 172.17.0.0/16", { storage: { mode: "existing", existingInstance: { project: "my-project", zone: "us-central1-a", instanceId: "x", accessPoints: ["172.17.0.5"], network: "default", capacityGib: 12000 } } }, "storage.existingInstance.accessPoints", /172.17.0.0\/16/],
];

describe("invalid configuration corpus", () => {
  test("has at least 30 cases", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(30);
  });

  test.each(CORPUS)("%s", (_name, config, keyPath, pattern) => {
    const error = configProblems(config);
    expect(error).not.toBeInstanceOf(TypeError);
    const problem = error.problems.find((candidate) => candidate.keyPath === keyPath);
    expect({ keyPath: problem?.keyPath, problems: error.problems }).toEqual(expect.objectContaining({ keyPath }));
    expect(problem?.message).toMatch(pattern);
  });
});
