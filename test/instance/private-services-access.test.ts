import { TerraformVariable } from "cdktf";
import { ParallelstoreFileSystem, ParallelstoreValidationError, PrivateServicesAccess, PrivateServicesAccessProps } from "../../src";
import { collectValidationErrors, createTestStack, onlyResourceOfType, resourcesOfType, synthesizeStack } from "../../src/testing";

describe("PrivateServicesAccess", () => {
  test("existing network snapshot", () => {
    const stack = createTestStack();
    new PrivateServicesAccess(stack, "psa");
    expect(synthesizeStack(stack)).toMatchSnapshot();
  });

  test("reserved range for VPC peering", () => {
    const stack = createTestStack();
    new PrivateServicesAccess(stack, "psa", { networkName: "ml-vpc" });
    const synthesized = synthesizeStack(stack);
    const range = onlyResourceOfType(synthesized, "google_compute_global_address");
    expect(range.purpose).toBe("VPC_PEERING");
    expect(range.address_type).toBe("INTERNAL");
    expect(range.prefix_length).toBe(24);
    expect(range.name).toBe("ml-vpc-parallelstore-range");
    expect(range.network).toMatch(/^projects\/\$\{data\.google_client_config\.psa_client-config_[0-9A-F]+\.project\}\/global\/networks\/ml-vpc$/);
  });

  test("existing network id built from project", () => {
    const stack = createTestStack();
    new PrivateServicesAccess(stack, "psa", { project: "my-project", networkName: "ml-vpc" });
    const synthesized = synthesizeStack(stack);
    // No data source: its read would be deferred to apply time whenever an API service changes.
    expect(synthesized.data).toBeUndefined();
    expect(onlyResourceOfType(synthesized, "google_compute_global_address").network).toBe("projects/my-project/global/networks/ml-vpc");
    expect(onlyResourceOfType(synthesized, "google_service_networking_connection").network).toBe("projects/my-project/global/networks/ml-vpc");
    expect(onlyResourceOfType(synthesized, "google_compute_firewall").network).toBe("projects/my-project/global/networks/ml-vpc");
  });

  test("connection abandons on destroy", () => {
    const stack = createTestStack();
    new PrivateServicesAccess(stack, "psa");
    const connection = onlyResourceOfType(synthesizeStack(stack), "google_service_networking_connection");
    expect(connection.service).toBe("servicenetworking.googleapis.com");
    expect(connection.deletion_policy).toBe("ABANDON");
    expect(connection.reserved_peering_ranges).toEqual([expect.stringMatching(/^\$\{google_compute_global_address\.psa_reserved-range_[0-9A-F]+\.name\}$/)]);
  });

  test("firewall admits TCP from the range", () => {
    const stack = createTestStack();
    new PrivateServicesAccess(stack, "psa", { rangeStartAddress: "10.92.0.0", prefixLength: 20 });
    const firewall = onlyResourceOfType(synthesizeStack(stack), "google_compute_firewall");
    expect(firewall.direction).toBe("INGRESS");
    expect(firewall.allow).toEqual([{ protocol: "tcp" }]);
    expect(firewall.source_ranges).toEqual(["10.92.0.0/20"]);
  });

  test("firewall can be left out", () => {
    const stack = createTestStack();
    new PrivateServicesAccess(stack, "psa", { createFirewallRule: false });
    expect(resourcesOfType(synthesizeStack(stack), "google_compute_firewall")).toEqual({});
  });

  test("created network uses MTU 8896", () => {
    const stack = createTestStack();
    const access = new PrivateServicesAccess(stack, "psa", { networkName: "ml-vpc", createNetwork: true });
    const synthesized = synthesizeStack(stack);
    const network = onlyResourceOfType(synthesized, "google_compute_network");
    expect(network.name).toBe("ml-vpc");
    expect(network.mtu).toBe(8896);
    expect(network.auto_create_subnetworks).toBe(false);
    expect(synthesized.data).toBeUndefined();
    expect(access.clientConfig).toBeUndefined();
  });

  test("services never disabled on destroy", () => {
    const stack = createTestStack();
    new PrivateServicesAccess(stack, "psa", { enableServices: true });
    const services = Object.values(resourcesOfType(synthesizeStack(stack), "google_project_service"));
    expect(services.map((service) => service.service).sort()).toEqual([
      "compute.googleapis.com",
      "container.googleapis.com",
      "parallelstore.googleapis.com",
      "servicenetworking.googleapis.com",
    ]);
    for (const service of services) {
      expect(service.disable_on_destroy).toBe(false);
    }
  });

  test("no services by default", () => {
    const stack = createTestStack();
    new PrivateServicesAccess(stack, "psa");
    expect(resourcesOfType(synthesizeStack(stack), "google_project_service")).toEqual({});
  });

  test("a /24 holds four instances", () => {
    const stack = createTestStack();
    const access = new PrivateServicesAccess(stack, "psa");
    expect(access.maxInstances).toBe(256 / 64);
    for (let index = 0; index < 4; index++) {
      new ParallelstoreFileSystem(stack, `fs${index}`, { instanceId: `data-${index}`, zone: "us-central1-a", network: access });
    }
    expect(collectValidationErrors(stack)).toEqual([]);
  });

  test("a fifth instance overflows a /24", () => {
    const stack = createTestStack();
    const access = new PrivateServicesAccess(stack, "psa");
    for (let index = 0; index < 5; index++) {
      new ParallelstoreFileSystem(stack, `fs${index}`, { instanceId: `data-${index}`, zone: "us-central1-a", network: access });
    }
    const errors = collectValidationErrors(stack);
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe("test/psa");
    expect(errors[0].message).toMatch(/\/24 holds 4 instances of 64 addresses each, but 5 are attached/);
    expect(errors[0].message).toMatch(/Set prefixLength to 23 or less/);
    expect(() => synthesizeStack(stack)).toThrow(/test\/psa/);
  });

  test("variable prefix length synthesizes", () => {
    const stack = createTestStack();
    const prefix = new TerraformVariable(stack, "prefix", { type: "number" });
    new PrivateServicesAccess(stack, "psa", { prefixLength: prefix.numberValue });
    const range = onlyResourceOfType(synthesizeStack(stack), "google_compute_global_address");
    expect(range.prefix_length).toBe("${var.prefix}");
  });
});

describe("PrivateServicesAccess bad input", () => {
  test.each<[string, PrivateServicesAccessProps, RegExp[]]>([
    ["prefix length 25", { prefixLength: 25 }, [/prefixLength 25 is invalid/, /\/24 or larger/, /integer from 8 to 24/]],
    ["fractional prefix length", { prefixLength: 23.5 }, [/prefixLength 23.5 is invalid/]],
    ["unaligned start address", { rangeStartAddress: "10.92.0.128", prefixLength: 24 }, [/rangeStartAddress "10.92.0.128" is invalid/, /multiple of 256 addresses/, /"10.92.0.0"/]],
    ["start in 172.17.0.0/16", { rangeStartAddress: "172.17.4.0" }, [/"172.17.4.0\/24" is invalid/, /172.17.0.0\/16/]],
    ["malformed start address", { rangeStartAddress: "10.92.0" }, [/rangeStartAddress "10.92.0" is invalid/, /dotted IPv4/]],
    ["network id instead of name", { networkName: "projects/p/global/networks/default" }, [/networkName "projects\/p\/global\/networks\/default" is invalid/, /not its id or self link/]],
    ["MTU above 8896", { createNetwork: true, networkMtuBytes: 9000 }, [/networkMtuBytes 9000 is invalid/, /1300 to 8896/]],
    ["CIDR as range name", { rangeName: "10.0.0.0/24" }, [/rangeName "10.0.0.0\/24" is invalid/, /not a CIDR/]],
    ["project name instead of id", { project: "My Project" }, [/project "My Project" is invalid/]],
  ])("%s", (_name, props, patterns) => {
    const stack = createTestStack();
    let caught: unknown;
    try {
      new PrivateServicesAccess(stack, "psa", props);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ParallelstoreValidationError);
    for (const pattern of patterns) {
      expect((caught as Error).message).toMatch(pattern);
    }
  });
});
