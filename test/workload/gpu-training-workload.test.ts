import { TerraformStack, TerraformVariable } from "cdktf";
import { gpuPlacementForAccelerator } from "../../src/cluster/gpu-placement";
import { ParallelstoreFileSystem } from "../../src/instance/parallelstore-file-system";
import { ParallelstoreDynamicClaim } from "../../src/storage/parallelstore-dynamic-claim";
import { ParallelstoreStaticVolume } from "../../src/storage/parallelstore-static-volume";
import { AccessMode, MountLocality } from "../../src/storage/types";
import { collectValidationErrors, collectWarnings, createTestStack, onlyResourceOfType, synthesizeStack } from "../../src/testing";
import { CompletionMode, GpuTrainingWorkload, JobRestartPolicy, WorkloadKind } from "../../src/workload";
import { L4_PLACEMENT, createWorkload, fakeClaim } from "./fixtures";

const JOB = "kubernetes_job_v1";
const DEPLOYMENT = "kubernetes_deployment_v1";


function staticVolume(stack: TerraformStack): ParallelstoreStaticVolume {
  const instance = ParallelstoreFileSystem.fromInstanceAttributes(stack, {
    project: "my-project",
    zone: "us-central1-a",
    instanceId: "training-data",
    accessPoints: ["10.90.0.2", "10.90.0.3", "10.90.0.4"],
    network: "ml-vpc",
    capacityGib: 12000,
  });
  return new ParallelstoreStaticVolume(stack, "training-data", { instance });
}

describe("GpuTrainingWorkload as a Job", () => {
  test("one claim at two paths is one volume", () => {
    const stack = createTestStack();
    const data = staticVolume(stack);
    const training = createWorkload(stack, {
      gpusPerPod: 2,
      container: {
        image: "us-docker.pkg.dev/my-project/ml/trainer:1.4.0",
        command: ["torchrun"],
        args: ["--nproc-per-node=2", "train.py"],
        cpuRequest: "16",
        cpuLimit: "20",
        memoryRequest: "64Gi",
        memoryLimit: "80Gi",
      },
      job: { backoffLimit: 2, activeDeadlineSeconds: 86400 },
    });

    training.mount(data, "/data");
    training.mount(data, "/checkpoints", { subPath: "checkpoints" });
    const job = onlyResourceOfType(synthesizeStack(stack), JOB);
    const podSpec = job.spec.template.spec;
    const container = podSpec.container[0];

    expect(podSpec.volume).toHaveLength(1);
    expect(podSpec.volume[0].persistent_volume_claim.claim_name).toBe("training-data");
    expect(container.volume_mount).toEqual([
      { name: podSpec.volume[0].name, mount_path: "/data" },
      { name: podSpec.volume[0].name, mount_path: "/checkpoints", sub_path: "checkpoints" },
    ]);
    expect(job.spec.template.metadata.annotations).toEqual({ "gke-parallelstore/volumes": "true" });
    expect(container.resources.limits).toEqual({ cpu: "20", memory: "80Gi", "nvidia.com/gpu": "2" });
    expect(container.resources.requests).toEqual({ cpu: "16", memory: "64Gi" });
    expect(podSpec.restart_policy).toBe("Never");
    expect(job.depends_on).toEqual([
      expect.stringMatching(/^kubernetes_persistent_volume_v1\./),
      expect.stringMatching(/^kubernetes_persistent_volume_claim_v1\./),
    ]);
    expect(job).toMatchSnapshot();
  });

  test("placement sets node selector and GPU toleration", () => {
    const stack = createTestStack();
    createWorkload(stack);

    const podSpec = onlyResourceOfType(synthesizeStack(stack), JOB).spec.template.spec;

    expect(podSpec.node_selector).toEqual({ "cloud.google.com/gke-accelerator": "nvidia-l4" });
    expect(podSpec.toleration).toEqual([{ key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" }]);
  });

  test("GPU toleration added when placement lacks it", () => {
    const stack = createTestStack();
    createWorkload(stack, { placement: { ...L4_PLACEMENT, tolerations: [{ key: "team", operator: "Equal", value: "ml", effect: "NoSchedule" }] } });

    const tolerations = onlyResourceOfType(synthesizeStack(stack), JOB).spec.template.spec.toleration;

    expect(tolerations).toContainEqual({ key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" });
    expect(tolerations).toContainEqual({ key: "team", operator: "Equal", value: "ml", effect: "NoSchedule" });
  });

  test("placement helper from the cluster layer works", () => {
    const stack = createTestStack();
    createWorkload(stack, { placement: gpuPlacementForAccelerator("nvidia-h100-80gb", { gpusPerNode: 8 }), gpusPerPod: 8 });

    const podSpec = onlyResourceOfType(synthesizeStack(stack), JOB).spec.template.spec;

    expect(podSpec.node_selector).toEqual({ "cloud.google.com/gke-accelerator": "nvidia-h100-80gb" });
    expect(podSpec.container[0].resources.limits["nvidia.com/gpu"]).toBe("8");
  });

  test("wait_for_completion is false by default", () => {
    const stack = createTestStack();
    createWorkload(stack);

    const job = onlyResourceOfType(synthesizeStack(stack), JOB);

    expect(job.wait_for_completion).toBe(false);
    expect(job.timeouts).toBeUndefined();
  });

  test("waiting for completion sets a timeout", () => {
    const stack = createTestStack();
    createWorkload(stack, { job: { waitForCompletion: true } });

    const job = onlyResourceOfType(synthesizeStack(stack), JOB);

    expect(job.wait_for_completion).toBe(true);
    // The provider's own create timeout is one minute, far shorter than any training run.
    expect(job.timeouts).toEqual({ create: "24h", update: "24h" });
  });

  test("waiting uses the given timeout", () => {
    const stack = createTestStack();
    createWorkload(stack, { job: { waitForCompletion: true, completionTimeout: "6h" } });

    expect(onlyResourceOfType(synthesizeStack(stack), JOB).timeouts).toEqual({ create: "6h", update: "6h" });
  });

  test("job options reach the spec", () => {
    const stack = createTestStack();
    createWorkload(stack, {
      job: {
        parallelism: 4,
        completions: 4,
        completionMode: CompletionMode.INDEXED,
        backoffLimit: 0,
        ttlSecondsAfterFinished: 3600,
        restartPolicy: JobRestartPolicy.ON_FAILURE,
      },
    });

    const spec = onlyResourceOfType(synthesizeStack(stack), JOB).spec;

    expect(spec.parallelism).toBe(4);
    expect(spec.completions).toBe(4);
    expect(spec.completion_mode).toBe("Indexed");
    expect(spec.backoff_limit).toBe(0);
    // The provider types ttl_seconds_after_finished as a string.
    expect(spec.ttl_seconds_after_finished).toBe("3600");
    expect(spec.template.spec.restart_policy).toBe("OnFailure");
  });

  test("ttl warns about reruns", () => {
    const stack = createTestStack();
    createWorkload(stack, { job: { ttlSecondsAfterFinished: 600 } });

    const messages = collectWarnings(stack).map((warning) => warning.message);

    expect(messages).toEqual([expect.stringContaining("reruns training")]);
  });

  test("no mounts means no Parallelstore annotation", () => {
    const stack = createTestStack();
    createWorkload(stack);

    const job = onlyResourceOfType(synthesizeStack(stack), JOB);

    expect(job.spec.template.metadata.annotations).toBeUndefined();
    expect(job.spec.template.spec.volume).toBeUndefined();
    expect(job.spec.template.spec.container[0].volume_mount).toBeUndefined();
  });
});

describe("GpuTrainingWorkload as a Deployment", () => {
  test("one claim at two paths is one volume", () => {
    const stack = createTestStack();
    const claim = new ParallelstoreDynamicClaim(stack, "scratch", { requestGib: 12000 });
    const workers = createWorkload(stack, {
      kind: WorkloadKind.DEPLOYMENT,
      name: "ml-training",
      deployment: { replicas: 4 },
      podLabels: { team: "research" },
    });

    workers.mount(claim, "/data", { subPath: "datasets" });
    workers.mount(claim, "/checkpoints", { subPath: "checkpoints" });
    const deployment = onlyResourceOfType(synthesizeStack(stack), DEPLOYMENT);
    const podSpec = deployment.spec.template.spec;

    expect(podSpec.volume).toEqual([{ name: "scratch", persistent_volume_claim: { claim_name: "scratch" } }]);
    expect(podSpec.container[0].volume_mount).toEqual([
      { name: "scratch", mount_path: "/data", sub_path: "datasets" },
      { name: "scratch", mount_path: "/checkpoints", sub_path: "checkpoints" },
    ]);
    expect(deployment.spec.template.metadata.annotations).toEqual({ "gke-parallelstore/volumes": "true" });
    expect(podSpec.restart_policy).toBeUndefined();
    expect(deployment).toMatchSnapshot();
  });

  test("replicas is a string", () => {
    const stack = createTestStack();
    createWorkload(stack, { kind: WorkloadKind.DEPLOYMENT, deployment: { replicas: 3 } });

    expect(onlyResourceOfType(synthesizeStack(stack), DEPLOYMENT).spec.replicas).toBe("3");
  });

  test("selector matches pod labels", () => {
    const stack = createTestStack();
    const workers = createWorkload(stack, { kind: WorkloadKind.DEPLOYMENT, podLabels: { team: "research" } });

    const spec = onlyResourceOfType(synthesizeStack(stack), DEPLOYMENT).spec;

    expect(spec.selector.match_labels).toEqual({ "app.kubernetes.io/name": "llm-finetune" });
    expect(spec.template.metadata.labels).toEqual({ "app.kubernetes.io/name": "llm-finetune", team: "research" });
    expect(workers.podLabels).toEqual(spec.template.metadata.labels);
  });

  test("wait_for_rollout is false by default", () => {
    const stack = createTestStack();
    createWorkload(stack, { kind: WorkloadKind.DEPLOYMENT });

    const deployment = onlyResourceOfType(synthesizeStack(stack), DEPLOYMENT);

    expect(deployment.wait_for_rollout).toBe(false);
    expect(deployment.timeouts).toBeUndefined();
  });

  test("waiting for rollout sets a timeout", () => {
    const stack = createTestStack();
    createWorkload(stack, { kind: WorkloadKind.DEPLOYMENT, deployment: { waitForRollout: true } });

    const deployment = onlyResourceOfType(synthesizeStack(stack), DEPLOYMENT);

    expect(deployment.wait_for_rollout).toBe(true);
    expect(deployment.timeouts).toEqual({ create: "30m", update: "30m" });
  });

  test("ReadWriteOnce claim with replicas warns", () => {
    const stack = createTestStack();
    const workers = createWorkload(stack, { kind: WorkloadKind.DEPLOYMENT, deployment: { replicas: 2 } });

    workers.mount(fakeClaim(stack, "single-node", { accessMode: AccessMode.READ_WRITE_ONCE }), "/data");

    expect(collectWarnings(stack).map((warning) => warning.message)).toEqual([expect.stringContaining("ReadWriteOnce")]);
  });
});

describe("GpuTrainingWorkload mounts", () => {
  test("mounts after construction appear", () => {
    const stack = createTestStack();
    const training = createWorkload(stack);
    synthesizeStack(stack);

    training.mount(fakeClaim(stack, "late-claim"), "/data");
    const podSpec = onlyResourceOfType(synthesizeStack(stack), JOB).spec.template.spec;

    expect(podSpec.volume).toEqual([{ name: "late-claim", persistent_volume_claim: { claim_name: "late-claim" } }]);
    expect(podSpec.container[0].volume_mount).toEqual([{ name: "late-claim", mount_path: "/data" }]);
  });

  test("two node-mount volumes are accepted", () => {
    const stack = createTestStack();
    const training = createWorkload(stack);

    training.mount(fakeClaim(stack, "datasets", { mountLocality: MountLocality.NODE }), "/data");
    training.mount(fakeClaim(stack, "checkpoints", { mountLocality: MountLocality.NODE }), "/checkpoints");
    const podSpec = onlyResourceOfType(synthesizeStack(stack), JOB).spec.template.spec;

    expect(podSpec.volume.map((volume: any) => volume.persistent_volume_claim.claim_name)).toEqual(["datasets", "checkpoints"]);
    expect(training.usesNodeMount).toBe(true);
  });

  test("two constructs for one claim share a volume", () => {
    const stack = createTestStack();
    const training = createWorkload(stack);

    training.mount(fakeClaim(stack, "first", { claimName: "shared" }), "/data");
    training.mount(fakeClaim(stack, "second", { claimName: "shared" }), "/checkpoints", { subPath: "checkpoints" });

    expect(onlyResourceOfType(synthesizeStack(stack), JOB).spec.template.spec.volume).toHaveLength(1);
  });

  test("ReadOnlyMany claim mounts read-only", () => {
    const stack = createTestStack();
    const training = createWorkload(stack);

    training.mount(fakeClaim(stack, "reference", { accessMode: AccessMode.READ_ONLY_MANY }), "/reference", { readOnly: true });
    const podSpec = onlyResourceOfType(synthesizeStack(stack), JOB).spec.template.spec;

    expect(podSpec.volume[0].persistent_volume_claim).toEqual({ claim_name: "reference", read_only: true });
    expect(podSpec.container[0].volume_mount[0].read_only).toBe(true);
  });

  test("mounts and claims are exposed", () => {
    const stack = createTestStack();
    const training = createWorkload(stack);
    const claim = fakeClaim(stack, "training-data");

    training.mount(claim, "/data");
    training.mount(claim, "/checkpoints", { subPath: "checkpoints", readOnly: true });

    expect(training.claims).toEqual([claim]);
    expect(training.mounts.map((mount) => [mount.mountPath, mount.subPath, mount.readOnly])).toEqual([
      ["/data", undefined, false],
      ["/checkpoints", "checkpoints", true],
    ]);
    expect(training.placement).toBe(L4_PLACEMENT);
    expect(training.usesNodeMount).toBe(false);
  });

  test("sidecar resources become annotations", () => {
    const stack = createTestStack();
    const training = createWorkload(stack, {
      sidecarResources: { cpuRequest: "1", cpuLimit: "2", memoryRequest: "2Gi", memoryLimit: "8Gi", ephemeralStorageLimit: "10Gi" },
      podAnnotations: { "example.com/owner": "research" },
    });

    training.mount(fakeClaim(stack, "training-data"), "/data");
    const annotations = onlyResourceOfType(synthesizeStack(stack), JOB).spec.template.metadata.annotations;

    expect(annotations).toEqual({
      "example.com/owner": "research",
      "gke-parallelstore/volumes": "true",
      "gke-parallelstore/cpu-request": "1",
      "gke-parallelstore/cpu-limit": "2",
      "gke-parallelstore/memory-request": "2Gi",
      "gke-parallelstore/memory-limit": "8Gi",
      "gke-parallelstore/ephemeral-storage-limit": "10Gi",
    });
    expect(collectWarnings(stack)).toEqual([]);
  });
});

describe("GpuTrainingWorkload sidecar annotations", () => {
  const SIDECAR_WARNING = "sidecarResources has no effect";

  function sidecarWarnings(stack: TerraformStack): string[] {
    return collectWarnings(stack)
      .map((warning) => warning.message)
      .filter((message) => message.includes(SIDECAR_WARNING));
  }

  test("node-mount claims get no annotations", () => {
    const stack = createTestStack();
    const training = createWorkload(stack);

    training.mount(fakeClaim(stack, "datasets", { mountLocality: MountLocality.NODE }), "/data");
    training.mount(fakeClaim(stack, "checkpoints", { mountLocality: MountLocality.NODE }), "/checkpoints");
    const template = onlyResourceOfType(synthesizeStack(stack), JOB).spec.template;

    expect(template.spec.volume).toHaveLength(2);
    expect(template.metadata.annotations).toBeUndefined();
  });

  test("node mount keeps only user annotations", () => {
    const stack = createTestStack();
    const training = createWorkload(stack, {
      kind: WorkloadKind.DEPLOYMENT,
      sidecarResources: { cpuRequest: "1", memoryLimit: "8Gi" },
      podAnnotations: { "example.com/owner": "research" },
    });

    training.mount(fakeClaim(stack, "datasets", { mountLocality: MountLocality.NODE }), "/data");
    const annotations = onlyResourceOfType(synthesizeStack(stack), DEPLOYMENT).spec.template.metadata.annotations;

    expect(annotations).toEqual({ "example.com/owner": "research" });
  });

  test("unused sidecar resources warn once", () => {
    const stack = createTestStack();
    const training = createWorkload(stack, { sidecarResources: { cpuRequest: "1" } });
    training.mount(fakeClaim(stack, "datasets", { mountLocality: MountLocality.NODE }), "/data");

    synthesizeStack(stack);
    synthesizeStack(stack);
    const warnings = sidecarWarnings(stack);

    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("no mounted claim uses pod mount");
    expect(warnings[0]).toContain("MountLocality.POD");
  });

  test("sidecar resources without mounts warn", () => {
    const stack = createTestStack();
    createWorkload(stack, { sidecarResources: { memoryLimit: "8Gi" } });

    const annotations = onlyResourceOfType(synthesizeStack(stack), JOB).spec.template.metadata.annotations;

    expect(annotations).toBeUndefined();
    expect(sidecarWarnings(stack)).toHaveLength(1);
  });

  test("pod-mount claim gets sidecar annotations", () => {
    const stack = createTestStack();
    const training = createWorkload(stack, { sidecarResources: { cpuRequest: "1" } });

    training.mount(fakeClaim(stack, "datasets"), "/data");
    const annotations = onlyResourceOfType(synthesizeStack(stack), JOB).spec.template.metadata.annotations;

    expect(annotations).toEqual({ "gke-parallelstore/volumes": "true", "gke-parallelstore/cpu-request": "1" });
    expect(sidecarWarnings(stack)).toEqual([]);
  });

  test("no sidecar resources means no warning", () => {
    const stack = createTestStack();
    const training = createWorkload(stack);

    training.mount(fakeClaim(stack, "datasets", { mountLocality: MountLocality.NODE }), "/data");
    synthesizeStack(stack);

    expect(sidecarWarnings(stack)).toEqual([]);
  });
});

describe("GpuTrainingWorkload pod settings", () => {
  test("security context ids are strings", () => {
    const stack = createTestStack();
    createWorkload(stack, { securityContext: { runAsUser: 1000, runAsGroup: 1000, runAsNonRoot: true, fsGroup: 2000 }, serviceAccountName: "trainer" });

    const podSpec = onlyResourceOfType(synthesizeStack(stack), JOB).spec.template.spec;

    expect(podSpec.security_context).toEqual({ run_as_user: "1000", run_as_group: "1000", run_as_non_root: true, fs_group: "2000" });
    expect(podSpec.service_account_name).toBe("trainer");
  });

  test("env map comes before env list", () => {
    const stack = createTestStack();
    createWorkload(stack, {
      container: {
        image: "trainer:1",
        env: { DATA_DIR: "/data" },
        environmentVariables: [
          { name: "HF_TOKEN", secretKeyRef: { name: "hf", key: "token" } },
          { name: "POD_NAME", fieldPath: "metadata.name" },
        ],
      },
    });

    const env = onlyResourceOfType(synthesizeStack(stack), JOB).spec.template.spec.container[0].env;

    expect(env).toEqual([
      { name: "DATA_DIR", value: "/data" },
      { name: "HF_TOKEN", value_from: { secret_key_ref: { name: "hf", key: "token" } } },
      { name: "POD_NAME", value_from: { field_ref: { field_path: "metadata.name" } } },
    ]);
  });

  test("variables synthesize", () => {
    const stack = createTestStack();
    const image = new TerraformVariable(stack, "image", { type: "string" });
    const gpus = new TerraformVariable(stack, "gpus", { type: "number" });
    const replicas = new TerraformVariable(stack, "replicas", { type: "number" });
    const training = createWorkload(stack, {
      kind: WorkloadKind.DEPLOYMENT,
      container: { image: image.stringValue },
      gpusPerPod: gpus.numberValue,
      deployment: { replicas: replicas.numberValue },
    });

    training.mount(fakeClaim(stack, "training-data"), "/data");
    const deployment = onlyResourceOfType(synthesizeStack(stack), DEPLOYMENT);
    const container = deployment.spec.template.spec.container[0];

    expect(container.image).toBe("${var.image}");
    expect(container.resources.limits["nvidia.com/gpu"]).toBe("${var.gpus}");
    expect(deployment.spec.replicas).toBe("${var.replicas}");
  });

  test("duplicate workload names fail validation", () => {
    const stack = createTestStack();
    createWorkload(stack);
    new GpuTrainingWorkload(stack, "again", { name: "llm-finetune", placement: L4_PLACEMENT, container: { image: "trainer:1" } });

    const errors = collectValidationErrors(stack).map((error) => error.message);

    expect(errors).toEqual([expect.stringContaining("llm-finetune"), expect.stringContaining("llm-finetune")]);
  });
});
