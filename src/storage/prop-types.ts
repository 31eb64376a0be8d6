import { Construct } from "constructs";
import { Violation } from "../validation/errors";
import { isLiteral } from "../validation/literal";

/**
 * Type checks for plain JavaScript callers, whom the TypeScript types do not protect. Value
 * checks assume the declared types (they call string and array methods), so each one runs only
 * after the matching check here has passed.
 */

/** Returns the kind of a value for a message: "a number", "an array", "a StorageClassV1 construct". */
export function describeType(value: unknown): string {
  if (value === null) {
    return "null";
  }
  if (Array.isArray(value)) {
    return "an array";
  }
  if (Construct.isConstruct(value)) {
    return `a ${value.constructor.name} construct`;
  }
  const kind = typeof value;
  return kind === "object" ? "an object" : `a ${kind}`;
}

/**
 * Returns a value that a message can print. Constructs refer to their scope and children, so
 * JSON cannot print them, and they become their class name and construct path.
 */
export function printableValue(value: unknown): unknown {
  if (Construct.isConstruct(value)) {
    return { construct: value.constructor.name, path: value.node.path };
  }
  return value;
}

/** Returns true for an object literal, which excludes null, arrays and constructs. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !Construct.isConstruct(value);
}

/**
 * Checks that an optional prop has the expected primitive type. Unset values pass, and so do
 * cdktf tokens, since a string token is a string and a number token is a number.
 */
export function checkType(property: string, value: unknown, expected: "string" | "number" | "boolean", fix: string): Violation | undefined {
  if (value === undefined || typeof value === expected) {
    return undefined;
  }
  return { property, value: printableValue(value), rule: `it must be a ${expected}, but it is ${describeType(value)}.`, fix };
}

/**
 * Runs a check on a string prop known at synth time, or reports the wrong type. Tokens and
 * unset values pass.
 */
export function checkStringWith(
  property: string,
  value: unknown,
  check: (text: string) => Violation | undefined,
  fix = `Set ${property} to a string.`,
): Violation | undefined {
  if (typeof value === "string") {
    return isLiteral(value) ? check(value) : undefined;
  }
  return checkType(property, value, "string", fix);
}

/** Checks that an optional prop is an object literal. Unresolved tokens pass. */
export function checkPlainObject(property: string, value: unknown, fix: string): Violation | undefined {
  if (value === undefined || isPlainObject(value) || !isLiteral(value)) {
    return undefined;
  }
  return { property, value: printableValue(value), rule: `it must be an object, but it is ${describeType(value)}.`, fix };
}

/** Reports keys of an object literal that the typed props do not define, which would otherwise be ignored. */
export function checkKnownKeys(property: string, value: Record<string, unknown>, known: readonly string[]): Violation[] {
  return Object.keys(value)
    .filter((key) => !known.includes(key))
    .map((key) => ({
      property: `${property}.${key}`,
      value: printableValue(value[key]),
      rule: `${property} has no option ${JSON.stringify(key)}, so the value would be ignored.`,
      fix: `Use one of ${known.join(", ")}.`,
    }));
}
