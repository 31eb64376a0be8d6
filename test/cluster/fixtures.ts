import { ParallelstoreValidationError } from "../../src/validation/errors";

import { captureError } from "../../src/testing";

export { captureError as thrownBy };

/** Asserts that `build` throws a ParallelstoreValidationError whose message names the value, the rule and the fix. */
export function expectValidationError(build: () => unknown, value: string, rule: RegExp, fix: RegExp): void {
  const error = captureError(build);

  expect(error).toBeInstanceOf(ParallelstoreValidationError);
  expect((error as Error).message).toContain(value);
  expect((error as Error).message).toMatch(rule);
  expect((error as Error).message).toMatch(fix);
}
