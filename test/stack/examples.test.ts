import { App, TerraformStack, Testing } from "cdktf";
import { buildApp as buildMlTraining } from "../../examples/ml-training/main";
import { buildApp as buildExistingInstance } from "../../examples/existing-instance/main";
import { buildApp as buildDynamicProvisioning } from "../../examples/dynamic-provisioning/main";
import { buildApp as buildLayers } from "../../examples/layers/main";
import { SynthesizedStack, collectValidationErrors, onlyResourceOfType, resourcesOfType, synthesizeStack } from "../../src/testing";

function synthesizeExample(build: (app: App) => App): SynthesizedStack {
  const app = build(Testing.app());
  const stacks = app.node.children.filter((child): child is TerraformStack => child instanceof TerraformStack);
  expect(stacks).toHaveLength(1);
  expect(collectValidationErrors(stacks[0])).toEqual([]);
  return synthesizeStack(stacks[0]);
}

const mlTraining = (): SynthesizedStack => synthesizeExample((app) => buildMlTraining(undefined, app));

describe("examples", () => {
  test.each<[string, (app: App) => App]>([
    ["ml-training", (app) => buildMlTraining(undefined, app)],
    ["existing-instance", buildExistingInstance],
    ["dynamic-provisioning", buildDynamicProvisioning],
    ["layers", buildLayers],
  ])("%s snapshot", (_name, build) => {
    expect(synthesizeExample(build)).toMatchSnapshot();
  });
});

describe("ml-training corrects the tutorial", () => {
  test("smallest valid capacity, not 12288", () => {
    const instance = onlyResourceOfType(mlTraining(), "google_parallelstore_instance");
    expect(instance.capacity_gib).toBe("12000");
    expect(instance.location).toBe("us-central1-a");
    expect(instance.network).toBe("default");
  });

  test("CSI volume handle, not the API name", () => {
    const volume = onlyResourceOfType(mlTraining(), "kubernetes_persistent_volume_v1");
    const csi = volume.spec[0].persistent_volume_source.csi;
    expect(csi.driver).toBe("parallelstore.csi.storage.gke.io");
    expect(csi.volume_handle).toBe("my-project/us-central1-a/my-parallelstore/default-pool/default-container");
    expect(csi.volume_handle).not.toMatch(/^projects\//);
  });

  test("volume carries access points and network", () => {
    const volume = onlyResourceOfType(mlTraining(), "kubernetes_persistent_volume_v1");
    const attributes = volume.spec[0].persistent_volume_source.csi.volume_attributes;
    expect(attributes.accessPoints).toMatch(/^\$\{join\(",", google_parallelstore_instance\..+\.access_points\)\}$/);
    expect(attributes.network).toBe("default");
    expect(volume.spec[0].persistent_volume_reclaim_policy).toBe("Retain");
    expect(volume.spec[0].capacity.storage).toBe("12000Gi");
  });

  test("claim bound to the volume", () => {
    const synthesized = mlTraining();
    const volume = onlyResourceOfType(synthesized, "kubernetes_persistent_volume_v1");
    const claim = onlyResourceOfType(synthesized, "kubernetes_persistent_volume_claim_v1");
    expect(claim.spec.volume_name).toBe(volume.metadata.name);
    expect(volume.spec[0].claim_ref).toEqual({ name: claim.metadata.name, namespace: claim.metadata.namespace });
    expect(claim.spec.storage_class_name).toBe(volume.spec[0].storage_class_name);
    expect(claim.spec.resources.requests.storage).toBe("12000Gi");
  });

  test("four replicas share one Pod volume", () => {
    const deployment = onlyResourceOfType(mlTraining(), "kubernetes_deployment_v1");
    const podSpec = deployment.spec.template.spec;
    expect(deployment.spec.replicas).toBe("4");
    expect(podSpec.volume).toHaveLength(1);
    expect(podSpec.container[0].volume_mount).toEqual([
      { name: podSpec.volume[0].name, mount_path: "/data" },
      { name: podSpec.volume[0].name, mount_path: "/checkpoints", sub_path: "checkpoints" },
    ]);
    expect(podSpec.container[0].resources.limits["nvidia.com/gpu"]).toBe("1");
    expect(deployment.spec.template.metadata.annotations["gke-parallelstore/volumes"]).toBe("true");
    expect(deployment.wait_for_rollout).toBe(false);
  });

  test("GPU nodes sit in the instance zone", () => {
    const pool = onlyResourceOfType(mlTraining(), "google_container_node_pool");
    expect(pool.node_locations).toEqual(["us-central1-a"]);
    expect(pool.node_count).toBe(4);
  });

  test("cluster has the add-on and protection", () => {
    const cluster = onlyResourceOfType(mlTraining(), "google_container_cluster");
    expect(cluster.addons_config.parallelstore_csi_driver_config).toEqual({ enabled: true });
    expect(cluster.deletion_protection).toBe(true);
    expect(cluster.networking_mode).toBe("VPC_NATIVE");
    expect(cluster.location).toBe("us-central1");
  });

  test("outputs a user needs", () => {
    const outputs = mlTraining().output ?? {};
    expect(Object.keys(outputs).sort()).toEqual([
      "access_points",
      "cluster_location",
      "cluster_name",
      "expected_throughput",
      "get_credentials_command",
      "volume_handle",
    ]);
    expect(outputs.get_credentials_command.value).toBe("gcloud container clusters get-credentials ml-training --location us-central1 --project my-project");
    expect(outputs.volume_handle.value).toBe("my-project/us-central1-a/my-parallelstore/default-pool/default-container");
  });

  test("APIs stay on after destroy", () => {
    const services = Object.values(resourcesOfType(mlTraining(), "google_project_service"));
    expect(services).toHaveLength(4);
    for (const service of services) {
      expect(service.disable_on_destroy).toBe(false);
    }
  });
});

describe("other examples", () => {
  test("existing instance creates no instance or peering", () => {
    const synthesized = synthesizeExample(buildExistingInstance);
    expect(resourcesOfType(synthesized, "google_parallelstore_instance")).toEqual({});
    expect(resourcesOfType(synthesized, "google_service_networking_connection")).toEqual({});
    const csi = onlyResourceOfType(synthesized, "kubernetes_persistent_volume_v1").spec[0].persistent_volume_source.csi;
    expect(csi.volume_handle).toBe("my-project/us-central1-a/shared-datasets/default-pool/default-container");
    expect(csi.volume_attributes.accessPoints).toBe("10.92.0.2,10.92.0.3,10.92.0.4");
    expect(onlyResourceOfType(synthesized, "kubernetes_job_v1").wait_for_completion).toBe(false);
  });

  test("dynamic provisioning pins the zone", () => {
    const synthesized = synthesizeExample(buildDynamicProvisioning);
    const storageClass = onlyResourceOfType(synthesized, "kubernetes_storage_class_v1");
    expect(storageClass.storage_provisioner).toBe("parallelstore.csi.storage.gke.io");
    expect(storageClass.volume_binding_mode).toBe("WaitForFirstConsumer");
    expect(storageClass.allow_volume_expansion).toBe(false);
    expect(storageClass.reclaim_policy).toBe("Retain");
    expect(storageClass.parameters.network).toBe("ml-vpc");
    expect(JSON.stringify(storageClass.allowed_topologies)).toContain("europe-west4-b");
    const claim = onlyResourceOfType(synthesized, "kubernetes_persistent_volume_claim_v1");
    expect(claim.spec.resources.requests.storage).toBe("16000Gi");
    expect(claim.wait_until_bound).toBe(false);
    expect(resourcesOfType(synthesized, "google_parallelstore_instance")).toEqual({});
    expect(onlyResourceOfType(synthesized, "google_compute_subnetwork").ip_cidr_range).toBe("10.10.0.0/20");
  });
});
