import { Violation } from "../validation/errors";
import { isLiteral } from "../validation/literal";

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
   * @default dfuse picks one thread per available core, at most 16
   */
  readonly threadCount?: number;

  /**
   * DAOS event queues (`eq-count=N`), each with its own progress thread.
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

/** Renders typed options as the driver's `mountOptions` strings, in a fixed order. */
export function renderMountOptions(options: DfuseMountOptions | undefined): string[] {
  if (options === undefined) {
    return [];
  }
  const rendered: string[] = [];
  if (options.disableCaching) {
    rendered.push("disable-caching");
  }
  if (options.enableWriteBackCache) {
    rendered.push("enable-wb-cache");
  }
  const numeric: [number | undefined, string][] = [
    [options.threadCount, "thread-count"],
    [options.eventQueueCount, "eq-count"],
    [options.readAheadKib, "read_ahead_kb"],
    [options.maxRatio, "max_ratio"],
  ];
  for (const [value, key] of numeric) {
    if (value !== undefined) {
      rendered.push(`${key}=${value}`);
    }
  }
  return rendered;
}

/**
 * Checks that numeric mount options are positive integers and that no option contradicts
 * another. dfuse ignores `enable-wb-cache` under `disable-caching`. With caching disabled the
 * kernel page cache is bypassed, so a read-ahead window or write-back share has no effect.
 */
export function checkMountOptions(options: DfuseMountOptions | undefined): Violation[] {
  if (options === undefined) {
    return [];
  }
  const violations: Violation[] = [];
  const numeric: [keyof DfuseMountOptions, number | undefined, number][] = [
    ["threadCount", options.threadCount, Number.MAX_SAFE_INTEGER],
    ["eventQueueCount", options.eventQueueCount, Number.MAX_SAFE_INTEGER],
    ["readAheadKib", options.readAheadKib, Number.MAX_SAFE_INTEGER],
    ["maxRatio", options.maxRatio, 100],
  ];
  for (const [name, value, max] of numeric) {
    if (isLiteral(value) && !(Number.isInteger(value) && value >= 1 && value <= max)) {
      violations.push({
        property: `mountOptions.${name}`,
        value,
        rule: max === 100 ? "max_ratio is a percentage, an integer from 1 to 100." : "the option takes a positive integer.",
        fix: "Use a positive integer, or leave the option unset for the default.",
      });
    }
  }

  if (options.disableCaching === true) {
    const cacheOptions: [keyof DfuseMountOptions, unknown, string][] = [
      ["enableWriteBackCache", options.enableWriteBackCache === true ? true : undefined, "dfuse ignores enable-wb-cache when caching is disabled"],
      ["readAheadKib", options.readAheadKib, "read-ahead fills the page cache, which disable-caching bypasses"],
      ["maxRatio", options.maxRatio, "max_ratio limits the write-back cache, which disable-caching turns off"],
    ];
    for (const [name, value, reason] of cacheOptions) {
      if (value !== undefined) {
        violations.push({
          property: `mountOptions.${name}`,
          value,
          rule: `it contradicts disableCaching, because ${reason}.`,
          fix: `Remove ${name}, or remove disableCaching.`,
        });
      }
    }
  }

  // dfuse reserves one thread per event queue and needs at least one FUSE thread left over.
  const eventQueues = options.eventQueueCount ?? 1;
  if (isLiteral(options.threadCount) && isLiteral(eventQueues) && options.threadCount >= 1 && options.threadCount <= eventQueues) {
    violations.push({
      property: "mountOptions.threadCount",
      value: options.threadCount,
      rule: `dfuse reserves one thread per event queue (${eventQueues}) and needs at least one FUSE thread, so thread-count must exceed eq-count.`,
      fix: `Use a threadCount of ${eventQueues + 1} or more.`,
    });
  }
  return violations;
}

