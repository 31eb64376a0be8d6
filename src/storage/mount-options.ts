import { Violation } from "../validation/errors";
import { isLiteral } from "../validation/literal";
import { checkKnownKeys, describeType, isPlainObject, printableValue } from "./prop-types";

/**
 * dfuse mount options the Parallelstore CSI driver recognizes, typed. They become the
 * StorageClass `mountOptions` (inherited by each provisioned PersistentVolume) or a static
 * PersistentVolume's `mountOptions`. Source: Parallelstore "CSI driver reference" and the
 * DAOS dfuse help text.
 */
export interface DfuseMountOptions {
  /**
   * Turn off all dfuse caching (`disable-caching`). Use it when many clients modify files that
   * others must see at once. PyTorch `mmap` does not work with it.
   * @default false, so GKE mounts with full caching except the write-back cache
   */
  readonly disableCaching?: boolean;

  /**
   * Cache writes in write-back mode instead of write-through (`enable-wb-cache`).
   * @default false
   */
  readonly enableWriteBackCache?: boolean;

  /**
   * Total dfuse threads (`thread-count=N`), the FUSE threads plus one thread per event queue, so
   * it must exceed the event queue count (which defaults to 1).
   * @default dfuse uses one thread per core it may run on: at most 16, or every core of its
   * cpuset when one restricts it (dfuse help text, DAOS 2.6)
   */
  readonly threadCount?: number;

  /**
   * DAOS event queues (`eq-count=N`), each with its own progress thread. Setting it requires
   * `threadCount`, because dfuse fails to start unless the thread count exceeds the event queue
   * count, and the default thread count depends on the cores of the node.
   * @default 1
   */
  readonly eventQueueCount?: number;

  /**
   * Kernel read-ahead window of the mount in KiB (`read_ahead_kb=N`).
   * @default the kernel default
   */
  readonly readAheadKib?: number;

  /**
   * Maximum share of the kernel write-back cache the mount may use, in percent, 1-100
   * (`max_ratio=N`).
   * @default the kernel default
   */
  readonly maxRatio?: number;
}

type FlagOption = "disableCaching" | "enableWriteBackCache";
type NumericOption = "threadCount" | "eventQueueCount" | "readAheadKib" | "maxRatio";

/** dfuse flags of the boolean options, in the order they are emitted. */
const FLAG_OPTIONS: Record<FlagOption, string> = {
  disableCaching: "disable-caching",
  enableWriteBackCache: "enable-wb-cache",
};

/** dfuse keys and allowed ranges of the numeric options, in the order they are emitted. */
const NUMERIC_OPTIONS: Record<NumericOption, { key: string; max: number; rule: string; fix: string }> = {
  threadCount: {
    key: "thread-count",
    max: Number.MAX_SAFE_INTEGER,
    rule: "thread-count is a number of threads, a positive integer.",
    fix: "Use a positive integer such as 8, or leave threadCount unset for the dfuse default.",
  },
  eventQueueCount: {
    key: "eq-count",
    max: Number.MAX_SAFE_INTEGER,
    rule: "eq-count is a number of event queues, a positive integer.",
    fix: "Use a positive integer such as 2, or leave eventQueueCount unset for the default of 1.",
  },
  readAheadKib: {
    key: "read_ahead_kb",
    max: Number.MAX_SAFE_INTEGER,
    rule: "read_ahead_kb is a window size in KiB, a positive integer.",
    fix: "Use a positive integer number of KiB such as 4096, or leave readAheadKib unset for the kernel default.",
  },
  maxRatio: {
    key: "max_ratio",
    max: 100,
    rule: "max_ratio is a percentage, an integer from 1 to 100.",
    fix: "Use an integer from 1 to 100, or leave maxRatio unset for the kernel default.",
  },
};

const OPTION_NAMES = [...Object.keys(FLAG_OPTIONS), ...Object.keys(NUMERIC_OPTIONS)];

/** Renders typed options as the driver's `mountOptions` strings, in a fixed order. */
export function renderMountOptions(options: DfuseMountOptions | undefined): string[] {
  if (options === undefined) {
    return [];
  }
  const rendered: string[] = [];
  for (const [name, flag] of Object.entries(FLAG_OPTIONS) as [FlagOption, string][]) {
    if (options[name] === true) {
      rendered.push(flag);
    }
  }
  for (const [name, { key }] of Object.entries(NUMERIC_OPTIONS) as [NumericOption, { key: string }][]) {
    const value = options[name];
    if (value !== undefined) {
      rendered.push(`${key}=${value}`);
    }
  }
  return rendered;
}

/**
 * Checks the options: an object of the typed options, booleans for flags and integers in range
 * for numbers, with no option contradicting another. dfuse ignores `enable-wb-cache` under
 * `disable-caching`. With caching disabled the kernel page cache is bypassed, so a read-ahead
 * window or write-back share has no effect.
 */
export function checkMountOptions(options: DfuseMountOptions | undefined): Violation[] {
  if (options === undefined || !isLiteral(options)) {
    return [];
  }
  if (!isPlainObject(options)) {
    return [checkMountOptionsShape(options)];
  }
  const typeViolations: Violation[] = [...checkKnownKeys("mountOptions", options, OPTION_NAMES)];
  const rangeViolations: Violation[] = [];
  for (const name of Object.keys(FLAG_OPTIONS) as FlagOption[]) {
    const value: unknown = options[name];
    if (value !== undefined && typeof value !== "boolean") {
      const suggestion = value === "true" || value === "false" ? `${name}: ${value}` : `${name}: true or ${name}: false`;
      typeViolations.push({
        property: `mountOptions.${name}`,
        value: printableValue(value),
        rule: `it must be a boolean, but it is ${describeType(value)}.`,
        fix: `Write ${suggestion}, without quotes.`,
      });
    }
  }
  for (const [name, spec] of Object.entries(NUMERIC_OPTIONS) as [NumericOption, (typeof NUMERIC_OPTIONS)[NumericOption]][]) {
    const value: unknown = options[name];
    if (value === undefined || !isLiteral(value)) {
      continue;
    }
    if (typeof value !== "number") {
      const asNumber = typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
      typeViolations.push({
        property: `mountOptions.${name}`,
        value: printableValue(value),
        rule: `it must be a number, but it is ${describeType(value)}.`,
        fix: Number.isInteger(asNumber) ? `Write ${name}: ${asNumber}, without quotes.` : spec.fix,
      });
    } else if (!isCountInRange(value, spec.max)) {
      rangeViolations.push({ property: `mountOptions.${name}`, value, rule: spec.rule, fix: spec.fix });
    }
  }
  if (typeViolations.length > 0) {
    // The relations below read the options as typed, so they wait until every type is right.
    return [...typeViolations, ...rangeViolations];
  }
  return [...rangeViolations, ...checkCachingConflicts(options), ...checkThreadCount(options)];
}

function isCountInRange(value: number, max: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= max;
}

/**
 * Reports mount options given as the driver's strings (an array, or one comma-separated
 * string) or as any other non-object. The fix spells the typed object when every string is a
 * recognized option.
 */
function checkMountOptionsShape(options: unknown): Violation {
  const strings = typeof options === "string" ? options.split(",") : Array.isArray(options) ? options : undefined;
  const typed = strings === undefined ? undefined : typedOptionsOf(strings);
  const fix =
    typed !== undefined
      ? `Write mountOptions: ${JSON.stringify(typed)}.`
      : `Write an object of the typed options (${OPTION_NAMES.join(", ")}), e.g. mountOptions: {"threadCount":8}.`;
  return {
    property: "mountOptions",
    value: printableValue(options),
    rule: `mountOptions must be an object of typed dfuse options, but it is ${describeType(options)}, which the construct cannot read.`,
    fix,
  };
}

/** Maps driver option strings (`thread-count=8`) to typed options, or undefined when one is not recognized. */
function typedOptionsOf(strings: readonly unknown[]): Record<string, unknown> | undefined {
  const typed: Record<string, unknown> = {};
  for (const entry of strings) {
    if (typeof entry !== "string") {
      return undefined;
    }
    const [key, value] = entry.trim().split("=", 2);
    const flag = Object.entries(FLAG_OPTIONS).find(([, dfuseFlag]) => dfuseFlag === key);
    const numeric = Object.entries(NUMERIC_OPTIONS).find(([, spec]) => spec.key === key);
    if (flag !== undefined && value === undefined) {
      typed[flag[0]] = true;
    } else if (numeric !== undefined && value !== undefined && /^\d+$/.test(value)) {
      typed[numeric[0]] = Number(value);
    } else {
      return undefined;
    }
  }
  return typed;
}

function checkCachingConflicts(options: DfuseMountOptions): Violation[] {
  if (options.disableCaching !== true) {
    return [];
  }
  const cacheOptions: [keyof DfuseMountOptions, unknown, string][] = [
    ["enableWriteBackCache", options.enableWriteBackCache === true ? true : undefined, "dfuse ignores enable-wb-cache when caching is disabled"],
    ["readAheadKib", options.readAheadKib, "read-ahead fills the page cache, which disable-caching bypasses"],
    ["maxRatio", options.maxRatio, "max_ratio limits the write-back cache, which disable-caching turns off"],
  ];
  return cacheOptions
    .filter(([, value]) => value !== undefined)
    .map(([name, value, reason]) => ({
      property: `mountOptions.${name}`,
      value,
      rule: `it contradicts disableCaching, because ${reason}.`,
      fix: `Remove ${name}, or remove disableCaching.`,
    }));
}

/**
 * Checks threads against event queues. dfuse reserves one thread per event queue and exits
 * unless at least one FUSE thread is left, so thread-count must exceed eq-count. Without
 * thread-count, dfuse uses one thread per core (at most 16 unless a cpuset restricts it), which
 * is unknown at synth time, so an event queue count requires an explicit thread count.
 */
function checkThreadCount(options: DfuseMountOptions): Violation[] {
  const { threadCount, eventQueueCount } = options;
  if (threadCount === undefined && eventQueueCount !== undefined) {
    const example = isLiteral(eventQueueCount) ? `threadCount: ${eventQueueCount + 1} or more` : "threadCount above eventQueueCount";
    return [
      {
        property: "mountOptions.eventQueueCount",
        value: eventQueueCount,
        rule:
          "dfuse starts only when thread-count exceeds eq-count, and without threadCount it uses one thread per core " +
          "(at most 16 unless a cpuset restricts it), which depends on the node.",
        fix: `Set ${example}, or remove eventQueueCount.`,
      },
    ];
  }
  const eventQueues = eventQueueCount ?? 1;
  // Counts out of range are already reported, and comparing them would report them twice.
  const areComparable =
    isLiteral(threadCount) &&
    isLiteral(eventQueues) &&
    isCountInRange(threadCount, NUMERIC_OPTIONS.threadCount.max) &&
    isCountInRange(eventQueues, NUMERIC_OPTIONS.eventQueueCount.max);
  if (areComparable && threadCount <= eventQueues) {
    return [
      {
        property: "mountOptions.threadCount",
        value: threadCount,
        rule: `dfuse reserves one thread per event queue (${eventQueues}) and needs at least one FUSE thread, so thread-count must exceed eq-count.`,
        fix: `Use a threadCount of ${eventQueues + 1} or more.`,
      },
    ];
  }
  return [];
}
