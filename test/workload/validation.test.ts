import { TerraformStack } from "cdktf";
import { ParallelstoreValidationError } from "../../src/validation/errors";
import { AccessMode, MountLocality } from "../../src/storage/types";
import { createTestStack } from "../../src/testing";
import { JobRestartPolicy, WorkloadKind } from "../../src/workload";
import { createWorkload, fakeClaim, thrownBy } from "./fixtures";


interface BadCase {
  /** Builds the workload and makes the bad call. */
  readonly build: (stack: TerraformStack) => void;
  /** The offending value as the message quotes it. */
  readonly value: string;
  /** A phrase of the rule. */
  readonly rule: string;
}

const BAD_CASES: Record<string, BadCase> = {
  "two pod-mount volumes": {
    build: (stack) => {
      const training = createWorkload(stack);
      training.mount(fakeClaim(stack, "datasets"), "/data");
      training.mount(fakeClaim(stack, "checkpoints"), "/checkpoints");
    },
    value: "\"checkpoints\"",
    rule: "only one Parallelstore volume",
  },
  "pod-mount beside node-mount": {
    build: (stack) => {
      const training = createWorkload(stack);
      training.mount(fakeClaim(stack, "datasets", { mountLocality: MountLocality.NODE }), "/data");
      training.mount(fakeClaim(stack, "checkpoints"), "/checkpoints");
    },
    value: "\"checkpoints\"",
    rule: "only one Parallelstore volume",
  },
  "subPath escaping the volume": {
    build: (stack) => createWorkload(stack).mount(fakeClaim(stack, "datasets"), "/data", { subPath: "../x" }),
    value: "\"../x\"",
    rule: "without \"..\" segments",
  },
  "absolute subPath": {
    build: (stack) => createWorkload(stack).mount(fakeClaim(stack, "datasets"), "/data", { subPath: "/checkpoints" }),
    value: "\"/checkpoints\"",
    rule: "relative path",
  },
  "duplicate mount path": {
    build: (stack) => {
      const training = createWorkload(stack);
      const claim = fakeClaim(stack, "datasets");
      training.mount(claim, "/data");
      training.mount(claim, "/data", { subPath: "checkpoints" });
    },
    value: "\"/data\"",
    rule: "must be unique",
  },
  "relative mount path": {
    build: (stack) => createWorkload(stack).mount(fakeClaim(stack, "datasets"), "data"),
    value: "\"data\"",
    rule: "must be absolute",
  },
  "unnormalized mount path": {
    build: (stack) => createWorkload(stack).mount(fakeClaim(stack, "datasets"), "/data/../checkpoints/"),
    value: "\"/data/../checkpoints/\"",
    rule: "must be normalized",
  },
  "mount over the root": {
    build: (stack) => createWorkload(stack).mount(fakeClaim(stack, "datasets"), "/"),
    value: "\"/\"",
    rule: "container root",
  },
  "read-write mount of ReadOnlyMany claim": {
    build: (stack) => createWorkload(stack).mount(fakeClaim(stack, "reference", { accessMode: AccessMode.READ_ONLY_MANY }), "/reference"),
    value: "false",
    rule: "is ReadOnlyMany",
  },
  "claim in another namespace": {
    build: (stack) => createWorkload(stack).mount(fakeClaim(stack, "datasets", { namespace: "ml" }), "/data"),
    value: "\"ml\"",
    rule: "its own namespace",
  },
  "zero GPUs": {
    build: (stack) => createWorkload(stack, { gpusPerPod: 0 }),
    value: "gpusPerPod 0",
    rule: "positive integer",
  },
  "fractional GPUs": {
    build: (stack) => createWorkload(stack, { gpusPerPod: 1.5 }),
    value: "gpusPerPod 1.5",
    rule: "positive integer",
  },
  "more GPUs than a node has": {
    build: (stack) => createWorkload(stack, { gpusPerPod: 4 }),
    value: "gpusPerPod 4",
    rule: "nodes of this pool have 2 nvidia-l4 GPU(s)",
  },
  "uppercase workload name": {
    build: (stack) => createWorkload(stack, { name: "LLM_Finetune" }),
    value: "name \"LLM_Finetune\"",
    rule: "DNS-1123 label",
  },
  "name longer than 63 characters": {
    build: (stack) => createWorkload(stack, { name: "a".repeat(64) }),
    value: `name "${"a".repeat(64)}"`,
    rule: "1-63 lowercase letters",
  },
  "bad container name": {
    build: (stack) => createWorkload(stack, { container: { name: "trainer.main", image: "trainer:1" } }),
    value: "container.name \"trainer.main\"",
    rule: "DNS-1123 label",
  },
  "bad namespace": {
    build: (stack) => createWorkload(stack, { namespace: "ML-Team" }),
    value: "namespace \"ML-Team\"",
    rule: "DNS-1123 label",
  },
  "CPU request above limit": {
    build: (stack) => createWorkload(stack, { container: { image: "trainer:1", cpuRequest: "8", cpuLimit: "4000m" } }),
    value: "container.cpuRequest \"8\"",
    rule: "must not exceed its limit",
  },
  "malformed memory quantity": {
    build: (stack) => createWorkload(stack, { container: { image: "trainer:1", memoryLimit: "16GB" } }),
    value: "container.memoryLimit \"16GB\"",
    rule: "Kubernetes quantity",
  },
  "sidecar memory request above limit": {
    build: (stack) => createWorkload(stack, { sidecarResources: { memoryRequest: "16Gi", memoryLimit: "8Gi" } }),
    value: "sidecarResources.memoryRequest \"16Gi\"",
    rule: "must not exceed its limit",
  },
  "Parallelstore annotation set by hand": {
    build: (stack) => createWorkload(stack, { podAnnotations: { "gke-parallelstore/volumes": "true" } }),
    value: "\"gke-parallelstore/volumes\"",
    rule: "sets the gke-parallelstore/ annotations itself",
  },
  "job options on a Deployment": {
    build: (stack) => createWorkload(stack, { kind: WorkloadKind.DEPLOYMENT, job: { parallelism: 2 } }),
    value: "job \"job options\"",
    rule: "kind is Deployment",
  },
  "Always restart policy on a Job": {
    build: (stack) => createWorkload(stack, { job: { restartPolicy: "Always" as JobRestartPolicy } }),
    value: "job.restartPolicy \"Always\"",
    rule: "\"Never\", \"OnFailure\"",
  },
  "negative replicas": {
    build: (stack) => createWorkload(stack, { kind: WorkloadKind.DEPLOYMENT, deployment: { replicas: -1 } }),
    value: "deployment.replicas -1",
    rule: "integer of at least 0",
  },
  "timeout without unit": {
    build: (stack) => createWorkload(stack, { job: { waitForCompletion: true, completionTimeout: "3600" } }),
    value: "job.completionTimeout \"3600\"",
    rule: "Go duration",
  },
  "root user with runAsNonRoot": {
    build: (stack) => createWorkload(stack, { securityContext: { runAsUser: 0, runAsNonRoot: true } }),
    value: "securityContext.runAsUser 0",
    rule: "UID 0",
  },
  "environment variable defined twice": {
    build: (stack) => createWorkload(stack, { container: { image: "trainer:1", env: { DATA: "/data" }, environmentVariables: [{ name: "DATA", value: "/x" }] } }),
    value: "\"DATA\"",
    rule: "defined twice",
  },
  "pod label overriding a selector label": {
    build: (stack) => createWorkload(stack, { podLabels: { "app.kubernetes.io/name": "other" } }),
    value: "\"other\"",
    rule: "selector label",
  },
};

describe("GpuTrainingWorkload rejects", () => {
  test.each(Object.entries(BAD_CASES))("%s", (_, { build, value, rule }) => {
    const stack = createTestStack();

    const error = thrownBy(() => build(stack));

    expect(error).toBeInstanceOf(ParallelstoreValidationError);
    const message = (error as Error).message;
    expect(message).toContain("test/training");
    expect(message).toContain(value);
    expect(message).toContain(rule);
  });
});

describe("GpuTrainingWorkload messages", () => {
  test("one-volume error names the fix", () => {
    const stack = createTestStack();
    const training = createWorkload(stack);
    training.mount(fakeClaim(stack, "datasets"), "/data");

    expect(() => training.mount(fakeClaim(stack, "checkpoints"), "/checkpoints")).toThrow(/one claim with subPath.*node-mount/);
  });

  test("subPath error suggests the inside path", () => {
    const stack = createTestStack();

    expect(() => createWorkload(stack).mount(fakeClaim(stack, "datasets"), "/data", { subPath: "../x" })).toThrow("Use \"x\".");
  });

  test("all prop errors listed at once", () => {
    const stack = createTestStack();

    const error = thrownBy(() => createWorkload(stack, { name: "Bad_Name", gpusPerPod: 0, namespace: "Bad" })) as ParallelstoreValidationError;

    expect(error.violations.map((violation) => violation.property)).toEqual(["name", "namespace", "gpusPerPod"]);
  });

  test("failed mount leaves no trace", () => {
    const stack = createTestStack();
    const training = createWorkload(stack);

    expect(() => training.mount(fakeClaim(stack, "datasets"), "data")).toThrow();

    expect(training.mounts).toEqual([]);
    expect(training.claims).toEqual([]);
  });
});
