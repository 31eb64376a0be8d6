// A test a user can copy into their own app: it imports the kit from the package root
// (`cdktf-gke-parallelstore`), builds a stack, and checks it through synthesized JSON.
import {
  ParallelstoreFileSystem,
  ParallelstoreValidationError,
  PrivateServicesAccess,
  collectValidationErrors,
  collectWarnings,
  createTestStack,
  onlyResourceOfType,
  synthesizeStack,
} from "../../src";

describe("testing kit", () => {
  test("snapshot of a small stack", () => {
    const stack = createTestStack("kit");
    const network = new PrivateServicesAccess(stack, "network");
    new ParallelstoreFileSystem(stack, "data", { instanceId: "training-data", zone: "us-central1-a", network });

    const synthesized = synthesizeStack(stack);

    expect(onlyResourceOfType(synthesized, "google_parallelstore_instance").capacity_gib).toBe("12000");
    expect(synthesized).toMatchSnapshot();
  });

  test("collects validation errors without throwing", () => {
    const stack = createTestStack("kit");
    const network = new PrivateServicesAccess(stack, "network", { prefixLength: 24 });
    for (const index of [1, 2, 3, 4, 5]) {
      new ParallelstoreFileSystem(stack, `data-${index}`, { instanceId: `data-${index}`, zone: "us-central1-a", network });
    }

    const errors = collectValidationErrors(stack);

    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe("kit/network");
    expect(errors[0].message).toMatch(/holds 4 instances/);
    expect(() => synthesizeStack(stack)).toThrow(/kit\/network/);
  });

  test("collects warnings", () => {
    const stack = createTestStack("kit");
    expect(collectWarnings(stack)).toEqual([]);
  });

  test("constructor errors are typed", () => {
    const build = () => new ParallelstoreFileSystem(createTestStack("kit"), "data", { instanceId: "data", zone: "us-central1-a", capacityGib: 12288 });
    expect(build).toThrow(ParallelstoreValidationError);
    expect(build).toThrow(/capacityGib 12288 is invalid/);
  });
});
