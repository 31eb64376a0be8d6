import { TerraformStack, TerraformVariable } from "cdktf";
import { ParallelstoreValidationError } from "../../src/validation/errors";
import { AccessMode, MountLocality } from "../../src/storage/types";
import { createTestStack } from "../../src/testing";
import { GpuTrainingWorkload, JobRestartPolicy, WorkloadKind } from "../../src/workload";
import { L4_PLACEMENT, createWorkload, fakeClaim, thrownBy } from "./fixtures";


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

/**
 * Makes a bad call on a new stack, expects a ParallelstoreValidationError (not a TypeError)
 * for the workload at test/training, and returns its message.
 */
function rejectionMessage(build: (stack: TerraformStack) => void): string {
  const error = thrownBy(() => build(createTestStack()));

  expect(error).toBeInstanceOf(ParallelstoreValidationError);
  const message = (error as Error).message;
  expect(message).toContain("test/training");
  return message;
}

describe("GpuTrainingWorkload rejects", () => {
  test.each(Object.entries(BAD_CASES))("%s", (_, { build, value, rule }) => {
    const message = rejectionMessage(build);

    expect(message).toContain(value);
    expect(message).toContain(rule);
  });
});

interface BadCallCase extends BadCase {
  /** A phrase of the fix. */
  readonly fix: string;
}

const CLAIM_ID = "datasets";

/** Calls that only plain JavaScript can make, which TypeScript's types rule out. */
const PLAIN_JAVASCRIPT_CASES: Record<string, BadCallCase> = {
  "null props": {
    build: (stack) => new GpuTrainingWorkload(stack, "training", null as any),
    value: "props null",
    rule: "GpuTrainingWorkloadProps must be an object",
    fix: "Pass a GpuTrainingWorkloadProps object",
  },
  "undefined props": {
    build: (stack) => new GpuTrainingWorkload(stack, "training", undefined as any),
    value: "props undefined",
    rule: "GpuTrainingWorkloadProps must be an object",
    fix: "Pass a GpuTrainingWorkloadProps object",
  },
  "null container": {
    build: (stack) => createWorkload(stack, { container: null as any }),
    value: "container null",
    rule: "needs a training container",
    fix: "Set container to an object with an image",
  },
  "missing container": {
    build: (stack) => new GpuTrainingWorkload(stack, "training", { name: "llm-finetune", placement: L4_PLACEMENT } as any),
    value: "container undefined",
    rule: "needs a training container",
    fix: "Set container to an object with an image",
  },
  "missing image": {
    build: (stack) => createWorkload(stack, { container: {} as any }),
    value: "container.image undefined",
    rule: "container.image is required and must be a string",
    fix: "Set container.image to a string such as \"us-docker.pkg.dev/",
  },
  "missing name": {
    build: (stack) => createWorkload(stack, { name: undefined }),
    value: "name undefined",
    rule: "name is required and must be a string",
    fix: "Set name to a string such as \"llm-finetune\"",
  },
  "numeric namespace": {
    build: (stack) => createWorkload(stack, { namespace: 5 as any }),
    value: "namespace 5",
    rule: "namespace must be a string when set",
    fix: "Set namespace to a string such as \"default\", or leave it unset",
  },
  "undefined placement": {
    build: (stack) => createWorkload(stack, { placement: undefined }),
    value: "placement undefined",
    rule: "needs a GPU placement",
    fix: "gpuPlacementForAccelerator",
  },
  "placement without tolerations": {
    build: (stack) => createWorkload(stack, { placement: { ...L4_PLACEMENT, tolerations: undefined as any } }),
    value: "placement {",
    rule: "a tolerations list",
    fix: "gpuPlacementForAccelerator",
  },
  "NaN GPUs": {
    build: (stack) => createWorkload(stack, { gpusPerPod: NaN }),
    value: "gpusPerPod NaN",
    rule: "positive integer",
    fix: "Use 1.",
  },
  "null claim": {
    build: (stack) => createWorkload(stack).mount(null as any, "/data"),
    value: "claim null",
    rule: "mount needs a Parallelstore claim",
    fix: "Pass the claim construct as the first argument",
  },
  "undefined mount path": {
    build: (stack) => createWorkload(stack).mount(fakeClaim(stack, CLAIM_ID), undefined as any),
    value: "mountPath undefined",
    rule: "mountPath is required and must be a string",
    fix: "Set mountPath to a string such as \"/data\"",
  },
  "numeric mount path": {
    build: (stack) => createWorkload(stack).mount(fakeClaim(stack, CLAIM_ID), 5 as any),
    value: "mountPath 5",
    rule: "mountPath is required and must be a string",
    fix: "Set mountPath to a string such as \"/data\"",
  },
  "numeric subPath": {
    build: (stack) => createWorkload(stack).mount(fakeClaim(stack, CLAIM_ID), "/data", { subPath: 1 as any }),
    value: "subPath 1",
    rule: "subPath must be a string when set",
    fix: "Set subPath to a string such as \"checkpoints\"",
  },
  "null subPath": {
    build: (stack) => createWorkload(stack).mount(fakeClaim(stack, CLAIM_ID), "/data", { subPath: null as any }),
    value: "subPath null",
    rule: "subPath must be a string when set",
    fix: "or leave it unset",
  },
};

/** Builds a case for a literal image that is not a valid image reference. */
function imageCase(image: string, rule: string, fix: string): BadCallCase {
  return {
    build: (stack) => createWorkload(stack, { container: { image } }),
    value: `container.image ${JSON.stringify(image)}`,
    rule,
    fix,
  };
}

const EXAMPLE_FIX = "Use a reference such as \"us-docker.pkg.dev/my-project/ml/trainer:1.4.0\"";
const SET_IMAGE_FIX = "Set container.image to an image reference such as";

const IMAGE_CASES: Record<string, BadCallCase> = {
  "image with a space": imageCase("my image:1", "must contain no whitespace", EXAMPLE_FIX),
  "empty image": imageCase("", "lowercase repository", SET_IMAGE_FIX),
  "whitespace-only image": imageCase("  ", "must contain no whitespace", SET_IMAGE_FIX),
  "image with trailing newline": imageCase("trainer:1.4.0\n", "must contain no whitespace", "Use \"trainer:1.4.0\"."),
  "uppercase repository": imageCase(
    "us-docker.pkg.dev/my-project/ML/Trainer:V1",
    "lowercase repository",
    "Use \"us-docker.pkg.dev/my-project/ml/trainer:V1\".",
  ),
  "empty tag": imageCase("trainer:", "an optional \":tag\"", EXAMPLE_FIX),
  "short digest": imageCase("trainer@sha256:abc", "\"@sha256:<hex>\" digest", EXAMPLE_FIX),
};

describe("GpuTrainingWorkload rejects plain JavaScript calls", () => {
  test.each(Object.entries({ ...PLAIN_JAVASCRIPT_CASES, ...IMAGE_CASES }))("%s", (_, { build, value, rule, fix }) => {
    const message = rejectionMessage(build);

    expect(message).toContain(value);
    expect(message).toContain(rule);
    expect(message).toContain(fix);
  });
});

describe("GpuTrainingWorkload plain JavaScript calls", () => {
  test("null mount options mean defaults", () => {
    const stack = createTestStack();
    const training = createWorkload(stack);

    const mount = training.mount(fakeClaim(stack, CLAIM_ID), "/data", null as any);

    expect(mount.readOnly).toBe(false);
    expect(mount.subPath).toBeUndefined();
  });

  test("failed null-claim mount leaves no trace", () => {
    const stack = createTestStack();
    const training = createWorkload(stack);

    expect(() => training.mount(null as any, "/data")).toThrow(ParallelstoreValidationError);

    expect(training.mounts).toEqual([]);
  });

  test("missing claim and bad path listed together", () => {
    const stack = createTestStack();

    const error = thrownBy(() => createWorkload(stack).mount(undefined as any, "data")) as ParallelstoreValidationError;

    expect(error.violations.map((violation) => violation.property)).toEqual(["claim", "mountPath"]);
  });

  test("image token with a literal tag synthesizes", () => {
    const stack = createTestStack();
    const repository = new TerraformVariable(stack, "repository", { type: "string" });

    expect(() => createWorkload(stack, { container: { image: `${repository.stringValue}:1.4.0` } })).not.toThrow();
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
