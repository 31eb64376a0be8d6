import { Violation } from "../validation/errors";
import {
  GPU_MACHINES_AS_OF,
  N1_ATTACHABLE_GPU_COUNTS,
  SERIES_ACCELERATOR_TYPES,
  SERIES_WITHOUT_GPUS,
  acceleratorOfMachine,
  machineSeriesOf,
} from "./gpu-machines";

/** Accelerator resolved from a machine type and the requested values, with any broken rules. */
export interface MachineAcceleratorCheck {
  /** The accelerator type to emit: the requested one, or the one the machine type implies. */
  readonly acceleratorType?: string;
  /** GPUs per node: the requested count, or the one the machine type implies. */
  readonly count?: number;
  /** Combinations that cannot exist. */
  readonly violations: readonly Violation[];
  /** Advice, e.g. a machine type missing from the table. */
  readonly warnings: readonly string[];
}

/**
 * Checks a machine type against a requested accelerator type and count, and fills in what
 * an accelerator-optimized machine type implies. Only literal values may be passed.
 */
export function checkMachineAccelerator(machineType: string, acceleratorType?: string, count?: number): MachineAcceleratorCheck {
  const fixed = acceleratorOfMachine(machineType);
  if (fixed !== undefined) {
    return checkFixedMachine(machineType, fixed.acceleratorType, fixed.count, acceleratorType, count);
  }

  const series = machineSeriesOf(machineType) ?? machineType;
  const seriesTypes = SERIES_ACCELERATOR_TYPES[series];
  if (seriesTypes !== undefined) {
    return checkUnlistedAcceleratorOptimized(machineType, series, seriesTypes, acceleratorType, count);
  }
  if (series === "n1") {
    return checkN1(machineType, acceleratorType, count);
  }
  if (SERIES_WITHOUT_GPUS.includes(series)) {
    return {
      acceleratorType,
      count,
      violations: [
        {
          property: "machineType",
          value: machineType,
          rule: `the ${series.toUpperCase()} series takes no GPUs; only accelerator-optimized (A2, A3, G2, ...) and N1 machine types do.`,
          fix: "Use an accelerator-optimized machine type such as \"g2-standard-8\", or an N1 machine type with an attached GPU.",
        },
      ],
      warnings: [],
    };
  }
  return checkUnknownSeries(machineType, acceleratorType, count);
}

function checkFixedMachine(
  machineType: string,
  impliedType: string,
  impliedCount: number,
  acceleratorType: string | undefined,
  count: number | undefined,
): MachineAcceleratorCheck {
  const violations: Violation[] = [];
  if (acceleratorType !== undefined && acceleratorType !== impliedType) {
    violations.push({
      property: "acceleratorType",
      value: acceleratorType,
      rule: `machine type ${JSON.stringify(machineType)} comes with ${impliedType} GPUs and cannot carry others.`,
      fix: `Use ${JSON.stringify(impliedType)}, or leave acceleratorType unset.`,
    });
  }
  if (count !== undefined && count !== impliedCount) {
    violations.push({
      property: "acceleratorCount",
      value: count,
      rule: `machine type ${JSON.stringify(machineType)} comes with exactly ${impliedCount} GPU${impliedCount === 1 ? "" : "s"}.`,
      fix: `Use ${impliedCount}, leave acceleratorCount unset, or pick the machine type with the GPU count you want.`,
    });
  }
  return { acceleratorType: impliedType, count: impliedCount, violations, warnings: [] };
}

function checkUnlistedAcceleratorOptimized(
  machineType: string,
  series: string,
  seriesTypes: readonly string[],
  acceleratorType: string | undefined,
  count: number | undefined,
): MachineAcceleratorCheck {
  const violations: Violation[] = [];
  if (acceleratorType !== undefined && !seriesTypes.includes(acceleratorType)) {
    violations.push({
      property: "acceleratorType",
      value: acceleratorType,
      rule: `the ${series.toUpperCase()} series carries only ${seriesTypes.join(", ")} GPUs.`,
      fix: `Use one of ${seriesTypes.map((type) => JSON.stringify(type)).join(", ")}, or a machine series that carries ${acceleratorType}.`,
    });
  }
  violations.push(...requireExplicitAccelerator(machineType, acceleratorType, count, seriesTypes));
  const warning =
    `machine type ${JSON.stringify(machineType)} is not in the GPU machine table (as of ${GPU_MACHINES_AS_OF}), ` +
    "so its GPU type and count are not checked. Check them against the Compute Engine GPU machine types page.";
  return { acceleratorType, count, violations, warnings: [warning] };
}

function checkN1(machineType: string, acceleratorType: string | undefined, count: number | undefined): MachineAcceleratorCheck {
  const attachable = Object.keys(N1_ATTACHABLE_GPU_COUNTS);
  const violations: Violation[] = [...requireExplicitAccelerator(machineType, acceleratorType, count, attachable)];
  const allowedCounts = acceleratorType === undefined ? undefined : N1_ATTACHABLE_GPU_COUNTS[acceleratorType];
  if (acceleratorType !== undefined && allowedCounts === undefined) {
    violations.push({
      property: "acceleratorType",
      value: acceleratorType,
      rule: `N1 machine types take only ${attachable.join(", ")} GPUs.`,
      fix: `Use one of those, or the accelerator-optimized machine type that carries ${acceleratorType}.`,
    });
  }
  if (allowedCounts !== undefined && count !== undefined && !allowedCounts.includes(count)) {
    violations.push({
      property: "acceleratorCount",
      value: count,
      rule: `an N1 machine takes ${allowedCounts.join(", ")} ${acceleratorType} GPUs.`,
      fix: `Use one of ${allowedCounts.join(", ")}.`,
    });
  }
  return { acceleratorType, count, violations, warnings: [] };
}

function checkUnknownSeries(machineType: string, acceleratorType: string | undefined, count: number | undefined): MachineAcceleratorCheck {
  const warning =
    `machine type ${JSON.stringify(machineType)} belongs to a series missing from the GPU machine table ` +
    `(as of ${GPU_MACHINES_AS_OF}), so its GPU type and count are not checked. ` +
    "Check them against the Compute Engine GPU machine types page.";
  return {
    acceleratorType,
    count,
    violations: requireExplicitAccelerator(machineType, acceleratorType, count, []),
    warnings: [warning],
  };
}

/**
 * Machine types outside the table cannot imply an accelerator, so both values must be given.
 * The fix text offers `candidateTypes`, the GPU types of the machine's series. An empty list
 * (unknown series) points to the Compute Engine page instead.
 */
function requireExplicitAccelerator(
  machineType: string,
  acceleratorType: string | undefined,
  count: number | undefined,
  candidateTypes: readonly string[],
): Violation[] {
  const violations: Violation[] = [];
  if (acceleratorType === undefined) {
    violations.push({
      property: "acceleratorType",
      value: undefined,
      rule: `machine type ${JSON.stringify(machineType)} does not imply a GPU type.`,
      fix: acceleratorTypeFix(candidateTypes),
    });
  }
  if (count === undefined) {
    const namedCount = gpuCountInName(machineType);
    violations.push({
      property: "acceleratorCount",
      value: undefined,
      rule: `machine type ${JSON.stringify(machineType)} does not imply a GPU count.`,
      fix: namedCount === undefined ? "Set acceleratorCount, e.g. 1." : `Set acceleratorCount, e.g. ${namedCount}, as the machine type name suggests.`,
    });
  }
  return violations;
}

function acceleratorTypeFix(candidateTypes: readonly string[]): string {
  if (candidateTypes.length === 0) {
    return "Set acceleratorType to the GPU type that the Compute Engine GPU machine types page lists for this machine type.";
  }
  if (candidateTypes.length === 1) {
    return `Set acceleratorType to ${JSON.stringify(candidateTypes[0])}.`;
  }
  return `Set acceleratorType to one of ${candidateTypes.map((type) => JSON.stringify(type)).join(", ")}.`;
}

/**
 * Returns the GPU count that an accelerator-optimized machine type name ends with (`8` for
 * `a4-highgpu-8g` or `a3-highgpu-8g-nolssd`), or undefined for names without one.
 */
function gpuCountInName(machineType: string): number | undefined {
  const match = /-(\d+)g(?:-nolssd)?$/.exec(machineType);
  return match ? Number(match[1]) : undefined;
}

/** Checks a GPU count: a positive integer. */
export function checkAcceleratorCount(property: string, count: number): Violation | undefined {
  if (Number.isInteger(count) && count >= 1) {
    return undefined;
  }
  return { property, value: count, rule: "a GPU count must be a positive integer.", fix: "Use 1, 2, 4 or 8." };
}
