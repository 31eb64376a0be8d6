import { Token } from "cdktf";

/**
 * Returns true when a value is known at synth time: defined and free of cdktf tokens.
 *
 * Every check calls this first and skips values that are only known at apply time (a
 * `TerraformVariable`, another resource's attribute), so stacks built from them synthesize.
 */
export function isLiteral<T>(value: T | undefined): value is T {
  if (value === undefined || value === null) {
    return false;
  }
  return !Token.isUnresolved(value);
}

/** Returns the value when it is known at synth time, otherwise undefined. */
export function literalOrUndefined<T>(value: T | undefined): T | undefined {
  return isLiteral(value) ? value : undefined;
}

/**
 * Runs a check on a value known at synth time; returns undefined for tokens and unset values.
 */
export function checkLiteral<T, R>(value: T | undefined, check: (literal: T) => R | undefined): R | undefined {
  return isLiteral(value) ? check(value) : undefined;
}
