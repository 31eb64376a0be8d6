import { TerraformVariable } from "cdktf";
import { NetworkingMode, ParallelstoreGkeCluster, ReleaseChannel } from "../../src/cluster";
import { PrivateServicesAccess } from "../../src/instance/private-services-access";
import { createTestStack, onlyResourceOfType, synthesizeStack } from "../../src/testing";

const CLUSTER = "google_container_cluster";

describe("ParallelstoreGkeCluster zonal", () => {
  const stack = createTestStack();
  const cluster = new ParallelstoreGkeCluster(stack, "cluster", {
    name: "training",
    location: "us-central1-a",
    project: "my-project",
    network: "ml-vpc",
    subnetwork: "ml-subnet",
    podsSecondaryRangeName: "pods",
    servicesSecondaryRangeName: "services",
    minMasterVersion: "1.32.3-gke.1234000",
  });
  const synthesized = synthesizeStack(stack);
  const resource = onlyResourceOfType(synthesized, CLUSTER);

  test("turns on the Parallelstore add-on", () => {
    expect(resource.addons_config).toEqual({ parallelstore_csi_driver_config: { enabled: true } });
  });

  test("is VPC-native with named ranges", () => {
    expect(resource.networking_mode).toBe("VPC_NATIVE");
    expect(resource.ip_allocation_policy).toEqual({
      cluster_secondary_range_name: "pods",
      services_secondary_range_name: "services",
    });
    expect(resource.network).toBe("ml-vpc");
    expect(resource.subnetwork).toBe("ml-subnet");
  });

  test("leaves CIDRs unset with named ranges", () => {
    expect(cluster.podsCidr).toBeUndefined();
    expect(cluster.servicesCidr).toBeUndefined();
  });

  test("removes the default node pool", () => {
    expect(resource.remove_default_node_pool).toBe(true);
    expect(resource.initial_node_count).toBe(1);
  });

  test("keeps deletion protection", () => {
    expect(resource.deletion_protection).toBe(true);
  });

  test("sets the workload pool from the project", () => {
    expect(resource.workload_identity_config).toEqual({ workload_pool: "my-project.svc.id.goog" });
  });

  test("uses the REGULAR channel and the minimum version", () => {
    expect(resource.release_channel).toEqual({ channel: "REGULAR" });
    expect(resource.min_master_version).toBe("1.32.3-gke.1234000");
  });

  test("records location facts", () => {
    expect(cluster.isRegional).toBe(false);
    expect(cluster.region).toBe("us-central1");
    expect(cluster.zones).toEqual(["us-central1-a"]);
    expect(cluster.network).toBe("ml-vpc");
    expect(cluster.minMasterVersion).toBe("1.32.3-gke.1234000");
  });

  test("builds the get-credentials command", () => {
    expect(cluster.getCredentialsCommand).toBe(
      "gcloud container clusters get-credentials training --location us-central1-a --project my-project",
    );
  });

  test("matches snapshot", () => {
    expect(resource).toMatchSnapshot();
  });
});

describe("ParallelstoreGkeCluster regional", () => {
  const stack = createTestStack();
  const cluster = new ParallelstoreGkeCluster(stack, "cluster", {
    name: "training",
    location: "europe-west4",
    podsCidr: "10.4.0.0/14",
    servicesCidr: "10.8.0.0/20",
    nodeLocations: ["europe-west4-a", "europe-west4-b"],
    releaseChannel: ReleaseChannel.RAPID,
    deletionProtection: false,
    labels: { team: "ml" },
  });
  const synthesized = synthesizeStack(stack);
  const resource = onlyResourceOfType(synthesized, CLUSTER);

  test("sets Pod and Service CIDRs", () => {
    expect(resource.ip_allocation_policy).toEqual({
      cluster_ipv4_cidr_block: "10.4.0.0/14",
      services_ipv4_cidr_block: "10.8.0.0/20",
    });
  });

  test("exposes Pod and Service CIDRs", () => {
    expect(cluster.podsCidr).toBe("10.4.0.0/14");
    expect(cluster.servicesCidr).toBe("10.8.0.0/20");
  });

  test("exposes a prefix size as given", () => {
    const other = createTestStack();
    const sized = new ParallelstoreGkeCluster(other, "cluster", { name: "sized", location: "us-central1", podsCidr: "/14", servicesCidr: "/20" });

    expect(sized.podsCidr).toBe("/14");
    expect(sized.servicesCidr).toBe("/20");
  });

  test("records regional facts", () => {
    expect(cluster.isRegional).toBe(true);
    expect(cluster.region).toBe("europe-west4");
    expect(cluster.zones).toEqual(["europe-west4-a", "europe-west4-b"]);
  });

  test("reads the provider project for the workload pool", () => {
    const clientConfigs = Object.keys(synthesized.data?.google_client_config ?? {});
    expect(clientConfigs).toHaveLength(1);
    expect(resource.workload_identity_config.workload_pool).toBe(
      `\${data.google_client_config.${clientConfigs[0]}.project}.svc.id.goog`,
    );
  });

  test("emits an empty range policy when no range is set", () => {
    const other = createTestStack();
    new ParallelstoreGkeCluster(other, "cluster", { name: "plain", location: "us-central1" });
    expect(onlyResourceOfType(synthesizeStack(other), CLUSTER).ip_allocation_policy).toEqual({});
  });

  test("matches snapshot", () => {
    expect(resource).toMatchSnapshot();
  });
});

describe("ParallelstoreGkeCluster network", () => {
  test("takes names from PrivateServicesAccess", () => {
    const stack = createTestStack();
    const access = new PrivateServicesAccess(stack, "psa", { networkName: "ml-vpc", createNetwork: true });
    const cluster = new ParallelstoreGkeCluster(stack, "cluster", {
      name: "training",
      location: "us-central1-a",
      network: access,
      subnetwork: "ml-subnet",
    });
    const resource = onlyResourceOfType(synthesizeStack(stack), CLUSTER);

    expect(cluster.network).toBe("ml-vpc");
    expect(cluster.privateServicesAccess).toBe(access);
    expect(resource.network).toMatch(/^\$\{google_compute_network\.[^}]+\.self_link\}$/);
    expect(resource.depends_on).toEqual([expect.stringMatching(/^google_service_networking_connection\./)]);
  });

  test("keeps other add-ons", () => {
    const stack = createTestStack();
    new ParallelstoreGkeCluster(stack, "cluster", {
      name: "training",
      location: "us-central1-a",
      addonsConfig: { httpLoadBalancing: { disabled: true } },
    });
    const resource = onlyResourceOfType(synthesizeStack(stack), CLUSTER);

    expect(resource.addons_config).toEqual({
      http_load_balancing: { disabled: true },
      parallelstore_csi_driver_config: { enabled: true },
    });
  });

  test("Workload Identity can be turned off", () => {
    const stack = createTestStack();
    const cluster = new ParallelstoreGkeCluster(stack, "cluster", { name: "training", location: "us-central1-a", workloadIdentity: false });
    const resource = onlyResourceOfType(synthesizeStack(stack), CLUSTER);

    expect(resource.workload_identity_config).toBeUndefined();
    expect(cluster.workloadPool).toBeUndefined();
  });
});

describe("ParallelstoreGkeCluster from variables", () => {
  test("synthesizes with every checked prop a token", () => {
    const stack = createTestStack();
    const text = (name: string) => new TerraformVariable(stack, name, { type: "string" }).stringValue;
    const cluster = new ParallelstoreGkeCluster(stack, "cluster", {
      name: text("cluster_name"),
      location: text("location"),
      project: text("project"),
      network: text("network"),
      podsCidr: text("pods_cidr"),
      servicesCidr: text("services_cidr"),
      minMasterVersion: text("min_master_version"),
      networkingMode: text("networking_mode") as NetworkingMode,
      nodeLocations: new TerraformVariable(stack, "node_locations", { type: "list(string)" }).listValue,
    });
    const resource = onlyResourceOfType(synthesizeStack(stack), CLUSTER);

    expect(resource.location).toBe("${var.location}");
    expect(resource.min_master_version).toBe("${var.min_master_version}");
    expect(resource.workload_identity_config.workload_pool).toBe("${var.project}.svc.id.goog");
    expect(cluster.isRegional).toBeUndefined();
    expect(cluster.zones).toBeUndefined();
  });
});
