import { Construct } from "constructs";
import { Annotations, Lazy, TerraformResource, TerraformStack, Token } from "cdktf";
import {
  JobV1,
  JobV1SpecTemplateSpec,
  jobV1SpecTemplateSpecContainerVolumeMountToTerraform,
  jobV1SpecTemplateSpecVolumeToTerraform,
} from "@cdktf/provider-kubernetes/lib/job-v1";
import {
  DeploymentV1,
  deploymentV1SpecTemplateSpecContainerVolumeMountToTerraform,
  deploymentV1SpecTemplateSpecVolumeToTerraform,
} from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { IGpuPlacement } from "../cluster/types";
import { requireProps, throwIfInvalid } from "../validation/errors";
import { isLiteral } from "../validation/literal";
import { registerKubernetesObject } from "../storage/kubernetes-objects";
import { AccessMode, IParallelstoreClaim, MountLocality } from "../storage/types";
import {
  buildEnvironment,
  buildPodAnnotations,
  buildResources,
  buildSecurityContext,
  buildTolerations,
  buildVolumeMounts,
  buildVolumes,
} from "./pod-template";
import { checkDnsLabel } from "./rules";
import { checkMount, checkWorkloadProps, isClaim } from "./workload-checks";
import {
  CompletionMode,
  EnvironmentVariable,
  ImagePullPolicy,
  JobRestartPolicy,
  MountOptions,
  PodSecurityContext,
  SidecarResources,
  WorkloadKind,
  WorkloadMount,
} from "./types";

/** The training container. */
export interface TrainingContainerProps {
  /**
   * Container name, a DNS-1123 label.
   * @default "trainer"
   */
  readonly name?: string;

  /**
   * Container image reference: a lowercase repository, an optional `:tag` and an optional
   * `@sha256:...` digest, without whitespace, e.g. `us-docker.pkg.dev/my-project/ml/trainer:1.4.0`.
   */
  readonly image: string;

  /**
   * Entrypoint, replacing the image's ENTRYPOINT.
   * @default the image's entrypoint
   */
  readonly command?: string[];

  /**
   * Arguments, replacing the image's CMD.
   * @default the image's arguments
   */
  readonly args?: string[];

  /**
   * Environment variables by name. Emitted before `environmentVariables`.
   * @default none
   */
  readonly env?: Record<string, string>;

  /**
   * Environment variables as a list, for values read from Secrets or Pod fields, or that
   * reference earlier variables as `$(NAME)`.
   * @default none
   */
  readonly environmentVariables?: EnvironmentVariable[];

  /**
   * CPU request, a Kubernetes quantity such as `8` or `7500m`.
   * @default no request (the namespace's LimitRange default, if any)
   */
  readonly cpuRequest?: string;

  /**
   * CPU limit, at least `cpuRequest`.
   * @default no limit
   */
  readonly cpuLimit?: string;

  /**
   * Memory request, a Kubernetes quantity such as `32Gi`.
   * @default no request (the namespace's LimitRange default, if any)
   */
  readonly memoryRequest?: string;

  /**
   * Memory limit, at least `memoryRequest`.
   * @default no limit
   */
  readonly memoryLimit?: string;

  /**
   * When the kubelet pulls the image.
   * @default Kubernetes' choice: Always for `:latest` or untagged images, otherwise IfNotPresent
   */
  readonly imagePullPolicy?: ImagePullPolicy;

  /**
   * Working directory of the container.
   * @default the image's working directory
   */
  readonly workingDir?: string;
}

/** Settings that apply when `kind` is `WorkloadKind.JOB`. */
export interface JobOptions {
  /**
   * Pods that run at the same time.
   * @default 1 (Kubernetes default)
   */
  readonly parallelism?: number;

  /**
   * Successful Pods that complete the Job. Required for `CompletionMode.INDEXED`.
   * @default 1 when parallelism is unset (Kubernetes default)
   */
  readonly completions?: number;

  /**
   * Completion mode: whether Pods get completion indexes.
   * @default CompletionMode.NON_INDEXED (Kubernetes default)
   */
  readonly completionMode?: CompletionMode;

  /**
   * Retries before the Job is marked failed.
   * @default 6 (Kubernetes default)
   */
  readonly backoffLimit?: number;

  /**
   * Seconds after the Job finishes before Kubernetes deletes it.
   *
   * NOTE: the kubernetes provider removes a Job it can no longer find from the state, so
   * the next `terraform apply` after the deletion creates the Job again and reruns training.
   * @default never deleted
   */
  readonly ttlSecondsAfterFinished?: number;

  /**
   * Seconds the Job may run before Kubernetes stops its Pods and marks it failed.
   * @default no deadline
   */
  readonly activeDeadlineSeconds?: number;

  /**
   * Restart policy of the Pods.
   * @default JobRestartPolicy.NEVER, which keeps failed Pods and their logs for inspection
   */
  readonly restartPolicy?: JobRestartPolicy;

  /**
   * Make `terraform apply` wait until the Job completes or fails (`wait_for_completion`).
   * Off by default so that an apply does not block for the length of a training run.
   * @default false
   */
  readonly waitForCompletion?: boolean;

  /**
   * Create and update timeout while waiting for completion, as a Go duration such as `6h`.
   * A timed-out create leaves the Job tainted, and the next apply replaces it, restarting
   * training, so choose a value longer than the run.
   * @default "24h" when `waitForCompletion` is true, otherwise no timeout block
   */
  readonly completionTimeout?: string;
}

/** Settings that apply when `kind` is `WorkloadKind.DEPLOYMENT`. */
export interface DeploymentOptions {
  /**
   * Number of Pods.
   * @default 1
   */
  readonly replicas?: number;

  /**
   * Make `terraform apply` wait until every replica is available (`wait_for_rollout`).
   * @default false
   */
  readonly waitForRollout?: boolean;

  /**
   * Create and update timeout while waiting for the rollout, as a Go duration. GPU node
   * scale-up and large image pulls often exceed the provider's 10-minute default.
   * @default "30m" when `waitForRollout` is true, otherwise no timeout block
   */
  readonly rolloutTimeout?: string;
}

export interface GpuTrainingWorkloadProps {
  /**
   * Controller that runs the Pods: a Job for a training run, a Deployment for long-lived workers.
   * @default WorkloadKind.JOB
   */
  readonly kind?: WorkloadKind;

  /** Name of the Job or Deployment, a DNS-1123 label. */
  readonly name: string;

  /**
   * Namespace, a DNS-1123 label. Every mounted claim must be in it.
   * @default "default"
   */
  readonly namespace?: string;

  /** GPU nodes to run on: node selector, tolerations and GPUs per node. */
  readonly placement: IGpuPlacement;

  /**
   * GPUs per Pod (`nvidia.com/gpu` limit), a positive integer no larger than the placement's
   * GPUs per node.
   * @default 1
   */
  readonly gpusPerPod?: number;

  /** The training container. */
  readonly container: TrainingContainerProps;

  /**
   * Kubernetes service account of the Pods.
   * @default the namespace's `default` service account
   */
  readonly serviceAccountName?: string;

  /**
   * Pod security context. Set `fsGroup` so that files on Parallelstore get a shared group owner.
   * @default none
   */
  readonly securityContext?: PodSecurityContext;

  /**
   * Labels that select the Pods, also set as Pod labels. A Deployment's selector is
   * immutable, so changing them replaces the Deployment.
   * @default { "app.kubernetes.io/name": name }
   */
  readonly selectorLabels?: Record<string, string>;

  /**
   * Further Pod labels. A key of `selectorLabels` must keep its value here.
   * @default none
   */
  readonly podLabels?: Record<string, string>;

  /**
   * Pod template annotations. Keys under `gke-parallelstore/` are rejected: the workload sets
   * them from its mounts and `sidecarResources`.
   * @default none
   */
  readonly podAnnotations?: Record<string, string>;

  /**
   * Resources of the Parallelstore sidecar that the CSI driver injects in pod-mount mode.
   * Emitted as Pod annotations once a pod-mount claim is mounted. With only node-mount
   * claims there is no sidecar, so synth adds a warning that they have no effect.
   * @default the driver's defaults
   */
  readonly sidecarResources?: SidecarResources;

  /**
   * Job settings, only valid with `WorkloadKind.JOB`.
   * @default Kubernetes defaults, restart policy Never, no waiting
   */
  readonly job?: JobOptions;

  /**
   * Deployment settings, only valid with `WorkloadKind.DEPLOYMENT`.
   * @default one replica, no waiting
   */
  readonly deployment?: DeploymentOptions;
}

/** Container name when none is given. */
const DEFAULT_CONTAINER_NAME = "trainer";
/** Wait timeouts when waiting is requested but no timeout is given (see JobOptions and DeploymentOptions). */
const DEFAULT_COMPLETION_TIMEOUT = "24h";
const DEFAULT_ROLLOUT_TIMEOUT = "30m";

/**
 * A GPU training workload on GKE, as a `kubernetes_job_v1` or a `kubernetes_deployment_v1`,
 * that mounts Parallelstore claims.
 *
 * Mount claims with `mount(claim, path, { subPath })`: each claim becomes one Pod volume
 * however many paths mount it, which keeps a Pod within the pod-mount limit of one
 * Parallelstore volume. The volume list, the mounts and the Pod annotations are resolved at
 * synth time, so mounts added after construction appear in the output. The
 * `gke-parallelstore/` sidecar annotations appear only when a mounted claim uses pod mount.
 */
export class GpuTrainingWorkload extends Construct {
  /** The provider resource, as an escape hatch: a `JobV1` or a `DeploymentV1`. */
  public readonly resource: JobV1 | DeploymentV1;
  /** Controller kind. */
  public readonly kind: WorkloadKind;
  /** Name of the Job or Deployment. */
  public readonly name: string;
  /** Namespace of the workload. */
  public readonly namespace: string;
  /** Labels of the Pod template (selector labels included). */
  public readonly podLabels: Readonly<Record<string, string>>;
  /** Labels that select the Pods. */
  public readonly selectorLabels: Readonly<Record<string, string>>;
  /** GPU placement the Pods use. */
  public readonly placement: IGpuPlacement;
  /** GPUs per Pod. */
  public readonly gpusPerPod: number;
  /** Name of the training container. */
  public readonly containerName: string;

  private readonly mountList: WorkloadMount[] = [];
  private readonly volumeNames = new Map<IParallelstoreClaim | string, string>();
  private readonly podCount: number | undefined;
  private sidecarWarningAdded = false;

  constructor(scope: Construct, id: string, givenProps: GpuTrainingWorkloadProps) {
    super(scope, id);

    const props = requireProps(this, givenProps, "GpuTrainingWorkloadProps");
    const kind = props.kind ?? WorkloadKind.JOB;
    const namespace = props.namespace ?? "default";
    const gpusPerPod = props.gpusPerPod ?? 1;
    // Plain JavaScript callers may omit container; checkWorkloadProps then reports it.
    const containerName = props.container?.name ?? DEFAULT_CONTAINER_NAME;
    const selectorLabels = props.selectorLabels ?? { "app.kubernetes.io/name": props.name };
    const podLabels = { ...(props.podLabels ?? {}), ...selectorLabels };

    throwIfInvalid(this, checkWorkloadProps(props, { kind, namespace, gpusPerPod, containerName, selectorLabels }));
    this.warnAboutIgnoredSettings(props);

    this.kind = kind;
    this.name = props.name;
    this.namespace = namespace;
    this.placement = props.placement;
    this.gpusPerPod = gpusPerPod;
    this.containerName = containerName;
    this.selectorLabels = selectorLabels;
    this.podLabels = podLabels;
    this.podCount = kind === WorkloadKind.JOB ? props.job?.parallelism : props.deployment?.replicas ?? 1;

    const isJob = kind === WorkloadKind.JOB;
    const podSpec = this.buildPodSpec(props, isJob);
    const metadata = { name: props.name, namespace, labels: podLabels };
    const template = {
      metadata: {
        labels: podLabels,
        annotations: Token.asStringMap(
          Lazy.anyValue({ produce: () => buildPodAnnotations(props.podAnnotations, props.sidecarResources, this.usesPodMount) }),
        ),
      },
      spec: podSpec,
    };

    this.resource = isJob ? this.createJob(props.job ?? {}, metadata, template) : this.createDeployment(props.deployment ?? {}, metadata, template);
    registerKubernetesObject(this, kind, props.name, namespace);

    if (props.sidecarResources !== undefined) {
      // Claims are mounted after the constructor returns, and cdktf runs validations before it
      // collects annotations, so the warning is decided at validation time.
      this.node.addValidation({ validate: () => this.warnIfSidecarResourcesUnused() });
    }
  }

  /** Returns every mount, in call order. */
  public get mounts(): readonly WorkloadMount[] {
    return [...this.mountList];
  }

  /** Returns the distinct claims mounted, in order of first mount, one Pod volume each. */
  public get claims(): readonly IParallelstoreClaim[] {
    const seen = new Map<string, IParallelstoreClaim>();
    for (const mount of this.mountList) {
      if (!seen.has(mount.volumeName)) {
        seen.set(mount.volumeName, mount.claim);
      }
    }
    return [...seen.values()];
  }

  /** True when a mounted claim uses node mount, which needs GKE 1.32.3 or later on the nodes. */
  public get usesNodeMount(): boolean {
    return this.mountList.some((mount) => mount.claim.mountLocality === MountLocality.NODE);
  }

  /** True when a mounted claim uses pod mount, for which the CSI driver injects its sidecar. */
  private get usesPodMount(): boolean {
    return this.mountList.some((mount) => mount.claim.mountLocality !== MountLocality.NODE);
  }

  /**
   * Mounts a Parallelstore claim into the training container at an absolute path.
   *
   * Mounting one claim at several paths (e.g. `/data` and `/checkpoints` with
   * `subPath: "checkpoints"`) adds one Pod volume and several volume mounts. Throws when the
   * path or sub-path is invalid or taken, when a ReadOnlyMany claim is mounted read-write,
   * when the claim lives in another namespace, or when the Pod would get a second
   * Parallelstore volume while a claim uses pod mount.
   */
  public mount(claim: IParallelstoreClaim, mountPath: string, options: MountOptions = {}): WorkloadMount {
    // `options ?? {}` covers a null from plain JavaScript, which the default parameter does not.
    const readOnly = (options ?? {}).readOnly ?? false;
    const subPath = (options ?? {}).subPath;
    // A missing claim is reported by checkMount, before volumeKeyOf would read its fields.
    const isNewVolume = !isClaim(claim) || !this.volumeNames.has(volumeKeyOf(claim));

    throwIfInvalid(this, checkMount({ claim, mountPath, subPath, readOnly, isNewVolume }, this.namespace, this.mountList));
    const volumeKey = volumeKeyOf(claim);

    if (isNewVolume) {
      this.volumeNames.set(volumeKey, this.nextVolumeName(claim));
      this.warnIfClaimIsSingleNode(claim);
      this.dependOnClaim(claim);
    }
    const mount: WorkloadMount = {
      claim,
      volumeName: this.volumeNames.get(volumeKey)!,
      mountPath,
      subPath,
      readOnly,
    };
    this.mountList.push(mount);
    return mount;
  }

  private buildPodSpec(props: GpuTrainingWorkloadProps, isJob: boolean): JobV1SpecTemplateSpec {
    const container = props.container;
    const volumeToTerraform = isJob ? jobV1SpecTemplateSpecVolumeToTerraform : deploymentV1SpecTemplateSpecVolumeToTerraform;
    const mountToTerraform = isJob ? jobV1SpecTemplateSpecContainerVolumeMountToTerraform : deploymentV1SpecTemplateSpecContainerVolumeMountToTerraform;

    // Lazy values bypass the provider's struct conversion, so they produce Terraform's
    // snake_case form through the provider's own converters.
    const volumes = Lazy.anyValue(
      { produce: () => buildVolumes(this.mountList).map((volume) => volumeToTerraform(volume)) },
      { omitEmptyArray: true },
    );
    const volumeMounts = Lazy.anyValue(
      { produce: () => buildVolumeMounts(this.mountList).map((mount) => mountToTerraform(mount)) },
      { omitEmptyArray: true },
    );

    return {
      restartPolicy: isJob ? props.job?.restartPolicy ?? JobRestartPolicy.NEVER : undefined,
      serviceAccountName: props.serviceAccountName,
      nodeSelector: { ...this.placement.nodeSelector },
      toleration: buildTolerations(this.placement.tolerations),
      securityContext: buildSecurityContext(props.securityContext),
      container: [
        {
          name: this.containerName,
          image: container.image,
          command: container.command,
          args: container.args,
          workingDir: container.workingDir,
          imagePullPolicy: container.imagePullPolicy,
          env: buildEnvironment(container.env, container.environmentVariables),
          resources: buildResources(container, this.gpusPerPod),
          volumeMount: volumeMounts,
        },
      ],
      volume: volumes,
    };
  }

  private createJob(options: JobOptions, metadata: WorkloadMetadata, template: PodTemplate): JobV1 {
    const wait = options.waitForCompletion ?? false;
    return new JobV1(this, "job", {
      metadata,
      spec: {
        parallelism: options.parallelism,
        completions: options.completions,
        completionMode: options.completionMode,
        backoffLimit: options.backoffLimit,
        activeDeadlineSeconds: options.activeDeadlineSeconds,
        ttlSecondsAfterFinished: integerToString(options.ttlSecondsAfterFinished),
        template,
      },
      waitForCompletion: wait,
      timeouts: waitTimeouts(wait, options.completionTimeout ?? DEFAULT_COMPLETION_TIMEOUT),
    });
  }

  private createDeployment(options: DeploymentOptions, metadata: WorkloadMetadata, template: PodTemplate): DeploymentV1 {
    const wait = options.waitForRollout ?? false;
    return new DeploymentV1(this, "deployment", {
      metadata,
      spec: {
        replicas: integerToString(options.replicas ?? 1),
        selector: { matchLabels: { ...this.selectorLabels } },
        template,
      },
      waitForRollout: wait,
      timeouts: waitTimeouts(wait, options.rolloutTimeout ?? DEFAULT_ROLLOUT_TIMEOUT),
    });
  }

  private nextVolumeName(claim: IParallelstoreClaim): string {
    const usedNames = new Set(this.volumeNames.values());
    if (isLiteral(claim.claimName) && checkDnsLabel("claimName", claim.claimName) === undefined && !usedNames.has(claim.claimName)) {
      return claim.claimName;
    }
    let index = usedNames.size;
    while (usedNames.has(`parallelstore-${index}`)) {
      index += 1;
    }
    return `parallelstore-${index}`;
  }

  /**
   * Makes the workload depend on the claim's resources in the same stack, so that Terraform
   * creates the claim first and deletes it only after the Pods that mount it.
   */
  private dependOnClaim(claim: IParallelstoreClaim): void {
    if (TerraformStack.of(claim) !== TerraformStack.of(this)) {
      return;
    }
    const resources = claim.node.findAll().filter((construct): construct is TerraformResource => construct instanceof TerraformResource);
    // `fqn` resolves to "${type.name}", which Terraform rejects in depends_on; it takes the bare address.
    const addresses = resources.map((resource) => `${resource.terraformResourceType}.${resource.friendlyUniqueId}`);
    const dependencies = new Set([...(this.resource.dependsOn ?? []), ...addresses]);
    this.resource.dependsOn = [...dependencies];
  }

  private warnIfClaimIsSingleNode(claim: IParallelstoreClaim): void {
    if (claim.accessMode === AccessMode.READ_WRITE_ONCE && isLiteral(this.podCount) && this.podCount > 1) {
      Annotations.of(this).addWarning(
        `claim ${JSON.stringify(claim.claimName)} is ReadWriteOnce, which lets only one node mount it, but this ${this.kind} runs ${this.podCount} Pods; ` +
          "Pods scheduled on other nodes will not start. Use a ReadWriteMany claim.",
      );
    }
  }

  /**
   * Adds a warning when sidecarResources is set but no mounted claim uses pod mount, so the CSI
   * driver injects no sidecar. Returns no errors. cdktf validates on every synth, and a stack
   * may be synthesized more than once, so the warning is added only once.
   *
   * NOTE: a pod-mount claim mounted after a validation run does not remove a warning already added.
   */
  private warnIfSidecarResourcesUnused(): string[] {
    if (!this.usesPodMount && !this.sidecarWarningAdded) {
      this.sidecarWarningAdded = true;
      Annotations.of(this).addWarning(
        "sidecarResources has no effect: no mounted claim uses pod mount, so the Parallelstore CSI driver injects no sidecar. " +
          "Remove sidecarResources, or mount a claim with MountLocality.POD.",
      );
    }
    return [];
  }

  private warnAboutIgnoredSettings(props: GpuTrainingWorkloadProps): void {
    const job = props.job;
    const deployment = props.deployment;
    if (job?.completionTimeout !== undefined && job.waitForCompletion !== true) {
      Annotations.of(this).addWarning("job.completionTimeout has no effect unless job.waitForCompletion is true.");
    }
    if (deployment?.rolloutTimeout !== undefined && deployment.waitForRollout !== true) {
      Annotations.of(this).addWarning("deployment.rolloutTimeout has no effect unless deployment.waitForRollout is true.");
    }
    if (job?.ttlSecondsAfterFinished !== undefined) {
      Annotations.of(this).addWarning(
        "job.ttlSecondsAfterFinished lets Kubernetes delete the finished Job; the next terraform apply then creates it again and reruns training.",
      );
    }
  }
}

/** Object metadata shared by the Job and Deployment resources. */
interface WorkloadMetadata {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
}

/** Pod template shared by the Job and Deployment resources. */
interface PodTemplate {
  readonly metadata: { readonly labels: Record<string, string>; readonly annotations: Record<string, string> };
  readonly spec: JobV1SpecTemplateSpec;
}

/**
 * Returns the key that identifies a claim's Pod volume. It is `namespace/name` when both are
 * known at synth time, so that two constructs for one PersistentVolumeClaim share a volume.
 * Otherwise it is the claim object itself.
 */
function volumeKeyOf(claim: IParallelstoreClaim): IParallelstoreClaim | string {
  return isLiteral(claim.claimName) && isLiteral(claim.namespace) ? `${claim.namespace}/${claim.claimName}` : claim;
}

/** Returns the create and update timeouts while Terraform waits; none when it does not wait. */
function waitTimeouts(wait: boolean, timeout: string): { create: string; update: string } | undefined {
  return wait ? { create: timeout, update: timeout } : undefined;
}

function integerToString(value: number | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  return isLiteral(value) ? String(value) : Token.asString(value);
}
