import { TerraformStack, TerraformVariable } from "cdktf";
import {
  DeploymentType,
  DirectoryStripeLevel,
  FileStripeLevel,
  ParallelstoreFileSystem,
  ParallelstoreFileSystemProps,
  ParallelstoreValidationError,
  PrivateServicesAccess,
} from "../../src";
import { collectValidationErrors, createTestStack, onlyResourceOfType, resolveValue, synthesizeStack } from "../../src/testing";

const INSTANCE = "google_parallelstore_instance";

function synthInstance(props: Partial<ParallelstoreFileSystemProps> = {}): { stack: TerraformStack; fileSystem: ParallelstoreFileSystem; instance: any } {
  const stack = createTestStack();
  const fileSystem = new ParallelstoreFileSystem(stack, "fs", { instanceId: "training-data", zone: "us-central1-a", ...props });
  return { stack, fileSystem, instance: onlyResourceOfType(synthesizeStack(stack), INSTANCE) };
}

describe("ParallelstoreFileSystem", () => {
  test("minimal stack snapshot", () => {
    const stack = createTestStack();
    new ParallelstoreFileSystem(stack, "fs", { instanceId: "training-data", zone: "us-central1-a" });
    expect(synthesizeStack(stack)).toMatchSnapshot();
  });

  test("defaults emit API defaults explicitly", () => {
    const { instance } = synthInstance();
    expect(instance.instance_id).toBe("training-data");
    expect(instance.location).toBe("us-central1-a");
    // Terraform types capacity_gib as a string.
    expect(instance.capacity_gib).toBe("12000");
    expect(instance.deployment_type).toBe("SCRATCH");
    expect(instance.file_stripe_level).toBe("FILE_STRIPE_LEVEL_BALANCED");
    expect(instance.directory_stripe_level).toBe("DIRECTORY_STRIPE_LEVEL_MAX");
    expect(instance.network).toBe("default");
    expect(instance.lifecycle).toEqual({ prevent_destroy: true });
    expect(instance.reserved_ip_range).toBeUndefined();
  });

  test("every field reaches the resource", () => {
    const { instance } = synthInstance({
      capacityGib: 100000,
      network: "projects/my-project/global/networks/ml-vpc",
      reservedIpRange: "ml-range",
      deploymentType: DeploymentType.PERSISTENT,
      fileStripeLevel: FileStripeLevel.MAX,
      directoryStripeLevel: DirectoryStripeLevel.MIN,
      description: "Training data",
      labels: { team: "ml", "cost-center": "r_and_d" },
      project: "other-project",
      preventDestroy: false,
    });
    expect(instance.capacity_gib).toBe("100000");
    expect(instance.network).toBe("projects/my-project/global/networks/ml-vpc");
    expect(instance.reserved_ip_range).toBe("ml-range");
    expect(instance.deployment_type).toBe("PERSISTENT");
    expect(instance.file_stripe_level).toBe("FILE_STRIPE_LEVEL_MAX");
    expect(instance.directory_stripe_level).toBe("DIRECTORY_STRIPE_LEVEL_MIN");
    expect(instance.description).toBe("Training data");
    expect(instance.labels).toEqual({ team: "ml", "cost-center": "r_and_d" });
    expect(instance.project).toBe("other-project");
    expect(instance.lifecycle).toEqual({ prevent_destroy: false });
  });

  test("volume handle uses project, zone and id", () => {
    const { fileSystem } = synthInstance({ project: "my-project" });
    expect(fileSystem.volumeHandle).toBe("my-project/us-central1-a/training-data/default-pool/default-container");
    expect(fileSystem.volumeHandle).not.toContain("projects/");
  });

  test("volume handle falls back to the provider project", () => {
    const { stack, fileSystem } = synthInstance();
    expect(resolveValue(stack, fileSystem.volumeHandle)).toMatch(
      /^\$\{google_parallelstore_instance\.fs_instance_[0-9A-F]+\.project\}\/us-central1-a\/training-data\/default-pool\/default-container$/,
    );
  });

  test("access points joined for the CSI driver", () => {
    const { stack, fileSystem } = synthInstance();
    expect(resolveValue(stack, fileSystem.accessPointsJoined)).toMatch(/^\$\{join\(",", google_parallelstore_instance\.fs_instance_[0-9A-F]+\.access_points\)\}$/);
    expect(resolveValue(stack, fileSystem.accessPoints)).toMatch(/access_points/);
  });

  test("zone, region, network and capacity outputs", () => {
    const { fileSystem } = synthInstance({ zone: "europe-west4-b", capacityGib: 16000, network: "ml-vpc" });
    expect(fileSystem.zone).toBe("europe-west4-b");
    expect(fileSystem.region).toBe("europe-west4");
    expect(fileSystem.network).toBe("ml-vpc");
    expect(fileSystem.capacityGib).toBe(16000);
  });

  test("expected performance follows per-TiB figures", () => {
    const { fileSystem } = synthInstance({ capacityGib: 12000 });
    const tib = 12000 / 1024;
    expect(fileSystem.expectedPerformance?.readGibPerSec).toBeCloseTo(tib * 1.15, 1);
    expect(fileSystem.expectedPerformance?.writeGibPerSec).toBeCloseTo(tib * 0.5, 1);
    expect(fileSystem.expectedPerformance?.readIops).toBeCloseTo(tib * 30000, -1);
    expect(fileSystem.expectedPerformance?.writeIops).toBeCloseTo(tib * 10000, -1);
  });

  test("network from private services access", () => {
    const stack = createTestStack();
    const access = new PrivateServicesAccess(stack, "psa", { networkName: "ml-vpc", rangeName: "ml-range" });
    const fileSystem = new ParallelstoreFileSystem(stack, "fs", { instanceId: "training-data", zone: "us-central1-a", network: access });
    const synthesized = synthesizeStack(stack);
    const instance = onlyResourceOfType(synthesized, INSTANCE);
    expect(instance.network).toBe("ml-vpc");
    expect(instance.reserved_ip_range).toBe("ml-range");
    expect(instance.depends_on).toEqual([expect.stringMatching(/^google_service_networking_connection\.psa_connection_/)]);
    expect(fileSystem.privateServicesAccess).toBe(access);
  });

  test("reserved range from private services access", () => {
    const stack = createTestStack();
    const access = new PrivateServicesAccess(stack, "psa", { networkName: "ml-vpc" });
    new ParallelstoreFileSystem(stack, "fs", { instanceId: "training-data", zone: "us-central1-a", reservedIpRange: access });
    const instance = onlyResourceOfType(synthesizeStack(stack), INSTANCE);
    expect(instance.network).toBe("ml-vpc");
    expect(instance.reserved_ip_range).toBe("ml-vpc-parallelstore-range");
    expect(instance.depends_on).toHaveLength(1);
  });

  test("variables skip checks and synthesize", () => {
    const stack = createTestStack();
    const capacity = new TerraformVariable(stack, "capacity_gib", { type: "number" });
    const network = new TerraformVariable(stack, "network", { type: "string" });
    const zone = new TerraformVariable(stack, "zone", { type: "string" });
    const fileSystem = new ParallelstoreFileSystem(stack, "fs", {
      instanceId: "training-data",
      zone: zone.stringValue,
      capacityGib: capacity.numberValue,
      network: network.stringValue,
    });
    const instance = onlyResourceOfType(synthesizeStack(stack), INSTANCE);
    expect(instance.capacity_gib).toBe("${var.capacity_gib}");
    expect(instance.network).toBe("${var.network}");
    expect(instance.location).toBe("${var.zone}");
    expect(fileSystem.expectedPerformance).toBeUndefined();
    expect(resolveValue(stack, fileSystem.region)).toBe('${replace(var.zone, "/-[a-z]$/", "")}');
  });
});

describe("ParallelstoreFileSystem bad input", () => {
  const cases: Array<[string, Partial<ParallelstoreFileSystemProps>, RegExp[]]> = [
    ["capacity not a step of 4000", { capacityGib: 12288 }, [/capacityGib 12288 is invalid/, /steps of 4000 GiB/, /Use 12000 or 16000/]],
    ["capacity below minimum", { capacityGib: 8000 }, [/capacityGib 8000 is invalid/, /from 12000 to 100000 GiB/, /Use 12000/]],
    ["capacity above maximum", { capacityGib: 104000 }, [/capacityGib 104000 is invalid/, /from 12000 to 100000 GiB/, /Use 96000 or 100000/]],
    ["capacity not an integer", { capacityGib: 12000.5 }, [/capacityGib 12000.5 is invalid/, /an integer/]],
    ["region given as zone", { zone: "us-central1" }, [/zone "us-central1" is invalid/, /this is a region/, /us-central1-a, us-central1-b, us-central1-c, us-central1-f/]],
    ["unsupported zone", { zone: "us-central1-d" }, [/zone "us-central1-d" is invalid/, /not offered in this zone/, /Use one of us-central1-a/]],
    ["zone of an unsupported region", { zone: "australia-southeast1-a" }, [/zone "australia-southeast1-a" is invalid/, /not offered/]],
    ["malformed zone", { zone: "US-CENTRAL1-A" }, [/zone "US-CENTRAL1-A" is invalid/, /one-letter suffix/]],
    ["uppercase instance id", { instanceId: "Training-Data" }, [/instanceId "Training-Data" is invalid/, /lowercase letters/, /"training-data"/]],
    ["overlong instance id", { instanceId: `a${"b".repeat(63)}` }, [/instanceId "abbb+" is invalid/, /1-63 characters/]],
    ["instance id starting with a digit", { instanceId: "1data" }, [/instanceId "1data" is invalid/, /start with a letter/]],
    ["instance id ending with a hyphen", { instanceId: "data-" }, [/instanceId "data-" is invalid/, /end with a letter or digit/]],
    ["invalid label key", { labels: { Team: "ml" } }, [/labels key "Team" is invalid/, /start with a lowercase letter/, /"team"/]],
    ["invalid label value", { labels: { team: "ML Team" } }, [/labels.team "ML Team" is invalid/, /label value/]],
    ["overlong description", { description: "x".repeat(2049) }, [/description .* is invalid/, /at most 2048 characters/, /2049/]],
    ["unknown deployment type", { deploymentType: "FAST" as DeploymentType }, [/deploymentType "FAST" is invalid/, /"SCRATCH", "PERSISTENT"/]],
    ["unknown file stripe level", { fileStripeLevel: "MAX" as FileStripeLevel }, [/fileStripeLevel "MAX" is invalid/, /FILE_STRIPE_LEVEL_MAX/]],
    ["unknown directory stripe level", { directoryStripeLevel: "min" as DirectoryStripeLevel }, [/directoryStripeLevel "min" is invalid/, /DIRECTORY_STRIPE_LEVEL_MIN/]],
    ["CIDR as reserved range", { reservedIpRange: "10.0.0.0/24" }, [/reservedIpRange "10.0.0.0\/24" is invalid/, /not a CIDR/]],
    ["malformed network", { network: "My VPC" }, [/network "My VPC" is invalid/, /a name/]],
  ];

  test.each(cases)("%s", (_name, props, patterns) => {
    const stack = createTestStack();
    let caught: unknown;
    try {
      new ParallelstoreFileSystem(stack, "fs", { instanceId: "training-data", zone: "us-central1-a", ...props });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ParallelstoreValidationError);
    const message = (caught as Error).message;
    expect(message).toMatch(/^test\/fs: /);
    for (const pattern of patterns) {
      expect(message).toMatch(pattern);
    }
  });

  test("reports every violation at once", () => {
    const stack = createTestStack();
    expect(() => new ParallelstoreFileSystem(stack, "fs", { instanceId: "Bad_Id", zone: "us-central1", capacityGib: 5 })).toThrow(
      /instanceId[\s\S]*zone[\s\S]*capacityGib/,
    );
  });

  test("NaN capacity printed as NaN", () => {
    expect(() => synthInstance({ capacityGib: Number.NaN })).toThrow(/capacityGib NaN is invalid/);
  });

  test("project name instead of id", () => {
    expect(() => synthInstance({ project: "My Project" })).toThrow(/project "My Project" is invalid: a project id must be 6-30/);
  });

  test("null props rejected", () => {
    expect(() => new ParallelstoreFileSystem(createTestStack(), "fs", null as unknown as ParallelstoreFileSystemProps)).toThrow(
      /test\/fs: props null is invalid: ParallelstoreFileSystemProps must be an object/,
    );
  });

  test("duplicate instance id reported", () => {
    const stack = createTestStack();
    new ParallelstoreFileSystem(stack, "a", { instanceId: "data", zone: "us-central1-a" });
    new ParallelstoreFileSystem(stack, "b", { instanceId: "data", zone: "us-central1-a" });
    new ParallelstoreFileSystem(stack, "c", { instanceId: "data", zone: "us-central1-b" });
    const errors = collectValidationErrors(stack);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/instance "data" in us-central1-a is created by 2 constructs \(test\/a, test\/b\)/);
  });

  test.each([12000, 16000, 52000, 96000, 100000])("valid capacity %d", (capacityGib) => {
    expect(() => synthInstance({ capacityGib })).not.toThrow();
  });
});

describe("ParallelstoreFileSystem.fromInstanceAttributes", () => {
  const attributes = {
    project: "my-project",
    zone: "us-central1-a",
    instanceId: "existing-data",
    accessPoints: ["10.92.0.2", "10.92.0.3", "10.92.0.4"],
    network: "default",
    capacityGib: 12000,
  };

  test("builds handle and access points", () => {
    const stack = createTestStack();
    const reference = ParallelstoreFileSystem.fromInstanceAttributes(stack, attributes);
    expect(reference.volumeHandle).toBe("my-project/us-central1-a/existing-data/default-pool/default-container");
    expect(reference.accessPointsJoined).toBe("10.92.0.2,10.92.0.3,10.92.0.4");
  });

  test("access points as one string", () => {
    const reference = ParallelstoreFileSystem.fromInstanceAttributes(createTestStack(), { ...attributes, accessPoints: "10.92.0.2, 10.92.0.3" });
    expect(reference.accessPointsJoined).toBe("10.92.0.2,10.92.0.3");
  });

  test.each<[string, Partial<typeof attributes>, RegExp]>([
    ["bad access point", { accessPoints: ["10.92.0.300"] }, /accessPoints "10.92.0.300" is invalid: an access point is an IPv4 address/],
    ["access point in 172.17.0.0/16", { accessPoints: ["172.17.0.5"] }, /accessPoints "172.17.0.5" is invalid: .*172.17.0.0\/16/],
    ["empty project", { project: "" }, /project "" is invalid/],
    ["region as zone", { zone: "us-central1" }, /zone "us-central1" is invalid: this is a region/],
    ["no access points", { accessPoints: [] }, /accessPoints \[\] is invalid: the CSI driver needs at least one access point/],
    ["bad capacity", { capacityGib: 12288 }, /capacityGib 12288 is invalid/],
  ])("rejects %s", (_name, override, pattern) => {
    const stack = createTestStack();
    expect(() => ParallelstoreFileSystem.fromInstanceAttributes(stack, { ...attributes, ...override })).toThrow(pattern);
  });
});
