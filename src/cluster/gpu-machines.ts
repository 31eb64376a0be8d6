/**
 * GPU machine types of Compute Engine and the accelerators each one carries.
 *
 * Sources, as read on 2026-12-04:
 * - Compute Engine "GPU machine types" and "Accelerator-optimized machine family"
 *   (cloud.google.com/compute/docs/gpus, .../accelerator-optimized-machines): A3 High and
 *   A3 Edge carry nvidia-h100-80gb, A3 Mega nvidia-h100-mega-80gb, A3 Ultra
 *   nvidia-h200-141gb, A4 nvidia-b200 and A4X nvidia-gb200; N1 is the only
 *   general-purpose series that takes attached GPUs.
 * - Google's Cluster Toolkit, modules/compute/gke-node-pool/gpu_definition.tf: the GPU type
 *   and count of each A2, A3 and G2 machine type.
 * - Vertex AI "Compute resources" of training clusters
 *   (cloud.google.com/vertex-ai/docs/training/training-clusters/compute-resources): the
 *   machine types a4-highgpu-8g and a4x-highgpu-4g, and 4 GPUs per A4X node.
 *   NOTE: no source read here lists the GPU count of a4-highgpu-8g. The 8 follows from the
 *   `-8g` suffix, as in the other series.
 * Google adds machine types over time: an unlisted machine type of a listed series gets a
 * warning, not an error, so update this table (and its date) when a new one appears.
 */
export const GPU_MACHINES_AS_OF = "2026-12-04";

/** The accelerator a machine type carries. */
export interface MachineAccelerator {
  /** Accelerator type, as `guest_accelerator.type` and the node label expect it. */
  readonly acceleratorType: string;
  /** GPUs per machine. */
  readonly count: number;
}

/** Accelerator-optimized machine types, whose GPU type and count are fixed. */
export const ACCELERATOR_OPTIMIZED_MACHINES: Readonly<Record<string, MachineAccelerator>> = {
  "a2-highgpu-1g": { acceleratorType: "nvidia-tesla-a100", count: 1 },
  "a2-highgpu-2g": { acceleratorType: "nvidia-tesla-a100", count: 2 },
  "a2-highgpu-4g": { acceleratorType: "nvidia-tesla-a100", count: 4 },
  "a2-highgpu-8g": { acceleratorType: "nvidia-tesla-a100", count: 8 },
  "a2-megagpu-16g": { acceleratorType: "nvidia-tesla-a100", count: 16 },
  "a2-ultragpu-1g": { acceleratorType: "nvidia-a100-80gb", count: 1 },
  "a2-ultragpu-2g": { acceleratorType: "nvidia-a100-80gb", count: 2 },
  "a2-ultragpu-4g": { acceleratorType: "nvidia-a100-80gb", count: 4 },
  "a2-ultragpu-8g": { acceleratorType: "nvidia-a100-80gb", count: 8 },
  "a3-highgpu-1g": { acceleratorType: "nvidia-h100-80gb", count: 1 },
  "a3-highgpu-2g": { acceleratorType: "nvidia-h100-80gb", count: 2 },
  "a3-highgpu-4g": { acceleratorType: "nvidia-h100-80gb", count: 4 },
  "a3-highgpu-8g": { acceleratorType: "nvidia-h100-80gb", count: 8 },
  "a3-edgegpu-8g": { acceleratorType: "nvidia-h100-80gb", count: 8 },
  "a3-megagpu-8g": { acceleratorType: "nvidia-h100-mega-80gb", count: 8 },
  "a3-ultragpu-8g": { acceleratorType: "nvidia-h200-141gb", count: 8 },
  "a4-highgpu-8g": { acceleratorType: "nvidia-b200", count: 8 },
  // A4X hosts have Arm (NVIDIA Grace) CPUs, so Pods on them need arm64 images.
  "a4x-highgpu-4g": { acceleratorType: "nvidia-gb200", count: 4 },
  "g2-standard-4": { acceleratorType: "nvidia-l4", count: 1 },
  "g2-standard-8": { acceleratorType: "nvidia-l4", count: 1 },
  "g2-standard-12": { acceleratorType: "nvidia-l4", count: 1 },
  "g2-standard-16": { acceleratorType: "nvidia-l4", count: 1 },
  "g2-standard-24": { acceleratorType: "nvidia-l4", count: 2 },
  "g2-standard-32": { acceleratorType: "nvidia-l4", count: 1 },
  "g2-standard-48": { acceleratorType: "nvidia-l4", count: 4 },
  "g2-standard-96": { acceleratorType: "nvidia-l4", count: 8 },
};

/** Accelerator types each accelerator-optimized series can carry, for machine types not listed above. */
export const SERIES_ACCELERATOR_TYPES: Readonly<Record<string, readonly string[]>> = {
  a2: ["nvidia-tesla-a100", "nvidia-a100-80gb"],
  a3: ["nvidia-h100-80gb", "nvidia-h100-mega-80gb", "nvidia-h200-141gb"],
  a4: ["nvidia-b200"],
  a4x: ["nvidia-gb200"],
  g2: ["nvidia-l4"],
};

/**
 * GPUs that attach to N1 machine types, with the counts one VM may take.
 * NOTE: Compute Engine also caps the vCPUs and memory of the N1 machine per GPU count
 * (e.g. 1 T4 allows at most 48 vCPUs); that limit is not checked here.
 */
export const N1_ATTACHABLE_GPU_COUNTS: Readonly<Record<string, readonly number[]>> = {
  "nvidia-tesla-t4": [1, 2, 4],
  "nvidia-tesla-p4": [1, 2, 4],
  "nvidia-tesla-p100": [1, 2, 4],
  "nvidia-tesla-v100": [1, 2, 4, 8],
};

/** Machine series that take no GPUs at all. */
export const SERIES_WITHOUT_GPUS: readonly string[] = [
  "e2", "n2", "n2d", "n4", "c2", "c2d", "c3", "c3d", "c4", "c4a", "c4d", "t2a", "t2d", "m1", "m2", "m3", "h3",
];

/**
 * The `-nolssd` variants (e.g. `a3-highgpu-8g-nolssd`) carry the same GPUs as the machine
 * type without the suffix; they only drop the bundled Local SSD.
 */
const NO_LOCAL_SSD_SUFFIX = "-nolssd";

/** Returns the series of a machine type (`a3-highgpu-8g` gives `a3`), or undefined. */
export function machineSeriesOf(machineType: string): string | undefined {
  const match = /^([a-z][a-z0-9]*)-/.exec(machineType);
  return match ? match[1] : undefined;
}

/** Returns the fixed accelerator of an accelerator-optimized machine type, or undefined when unlisted. */
export function acceleratorOfMachine(machineType: string): MachineAccelerator | undefined {
  const base = machineType.endsWith(NO_LOCAL_SSD_SUFFIX) ? machineType.slice(0, -NO_LOCAL_SSD_SUFFIX.length) : machineType;
  return ACCELERATOR_OPTIMIZED_MACHINES[base];
}
