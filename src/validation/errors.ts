import { Construct, IConstruct } from "constructs";

/**
 * One broken rule: the property, the offending value, the rule it breaks and a fix.
 *
 * Checks return violations instead of throwing so that the same rule can throw in a
 * constructor, report through `node.addValidation`, or report a key path of a JSON config.
 */
export interface Violation {
  /** Property or key path of the value, e.g. `capacityGib`. */
  readonly property: string;
  /** The offending value as the user gave it. */
  readonly value: unknown;
  /** The platform rule the value breaks, as a sentence. */
  readonly rule: string;
  /** The fix, as a sentence. */
  readonly fix: string;
}

/** Formats a value for a message: strings in double quotes, everything else as JSON. */
export function formatValue(value: unknown): string {
  if (typeof value === "string") {
    return JSON.stringify(value);
  }
  if (value === undefined) {
    return "undefined";
  }
  if (typeof value === "number" && !Number.isFinite(value)) {
    // JSON.stringify prints NaN and Infinity as null, which hides the mistake.
    return String(value);
  }
  if (typeof value === "object" && value !== null && Construct.isConstruct(value)) {
    // Constructs are circular, so they are named by class and path instead of serialized.
    return `${value.constructor.name} at ${value.node.path}`;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Formats a violation as `property value is invalid: rule. fix.` without the construct path. */
export function formatViolation(violation: Violation): string {
  return `${violation.property} ${formatValue(violation.value)} is invalid: ${violation.rule} ${violation.fix}`;
}

/**
 * Error thrown by a construct constructor for props that can never work.
 *
 * The message starts with the construct path, so a stack of many constructs points at the
 * one to fix.
 */
export class ParallelstoreValidationError extends Error {
  /** Path of the construct whose props are invalid. */
  public readonly constructPath: string;
  /** Every broken rule, in prop order. */
  public readonly violations: readonly Violation[];

  constructor(constructPath: string, violations: readonly Violation[]) {
    const lines = violations.map((violation) => formatViolation(violation));
    const body = lines.length === 1 ? lines[0] : `\n  - ${lines.join("\n  - ")}`;
    super(`${constructPath}: ${body}`);
    this.name = "ParallelstoreValidationError";
    this.constructPath = constructPath;
    this.violations = violations;
  }
}

/**
 * Throws when a plain JavaScript caller passes no props object where one is required; the
 * TypeScript types already rule this out for TypeScript callers.
 */
export function requireProps<T>(scope: IConstruct, props: T | null | undefined, propsName: string): T {
  if (props === null || props === undefined || typeof props !== "object") {
    throw new ParallelstoreValidationError(scope.node.path, [
      { property: "props", value: props, rule: `${propsName} must be an object.`, fix: `Pass a ${propsName} object.` },
    ]);
  }
  return props;
}

/**
 * Throws one error listing every violation, when there are any.
 *
 * Constructors gather all their violations first, so a user fixes every prop in one pass.
 * Helpers without a construct of their own pass a path or a function name instead of a scope.
 */
export function throwIfInvalid(scope: IConstruct | string, violations: readonly (Violation | undefined)[]): void {
  const found = violations.filter((violation): violation is Violation => violation !== undefined);
  if (found.length > 0) {
    throw new ParallelstoreValidationError(typeof scope === "string" ? scope : scope.node.path, found);
  }
}
