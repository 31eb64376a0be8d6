import { ParallelstoreValidationError } from "../../src/validation/errors";

/** Returns what `build` throws, or undefined when it throws nothing. */
export function thrownBy(build: () => unknown): unknown {
  try {
    build();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Asserts that `build` throws a ParallelstoreValidationError whose message names the value, the rule and the fix. */
export function expectValidationError(build: () => unknown, value: string, rule: RegExp, fix: RegExp): void {
  const error = thrownBy(build);

  expect(error).toBeInstanceOf(ParallelstoreValidationError);
  expect((error as Error).message).toContain(value);
  expect((error as Error).message).toMatch(rule);
  expect((error as Error).message).toMatch(fix);
}
