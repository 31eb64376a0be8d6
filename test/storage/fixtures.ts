import { Construct } from "constructs";
import { IParallelstoreInstance, ParallelstoreFileSystem, ParallelstoreInstanceAttributes } from "../../src";

/** Terraform resource types of the storage layer. */
export const STORAGE_CLASS = "kubernetes_storage_class_v1";
export const PERSISTENT_VOLUME = "kubernetes_persistent_volume_v1";
export const PERSISTENT_VOLUME_CLAIM = "kubernetes_persistent_volume_claim_v1";

/** An instance created outside the app, as `gcloud parallelstore instances describe` lists it. */
export const EXISTING_INSTANCE: ParallelstoreInstanceAttributes = {
  project: "my-project",
  zone: "us-central1-a",
  instanceId: "training-data",
  accessPoints: ["10.92.0.2", "10.92.0.3", "10.92.0.4"],
  network: "ml-vpc",
  capacityGib: 16000,
};

/** Returns a reference to `EXISTING_INSTANCE` with some attributes replaced. */
export function existingInstance(scope: Construct, overrides: Partial<ParallelstoreInstanceAttributes> = {}): IParallelstoreInstance {
  return ParallelstoreFileSystem.fromInstanceAttributes(scope, { ...EXISTING_INSTANCE, ...overrides });
}

/** Returns a hand-written instance reference, which skips `fromInstanceAttributes` and its checks. */
export function uncheckedInstance(overrides: Partial<IParallelstoreInstance> = {}): IParallelstoreInstance {
  return {
    project: "my-project",
    zone: "us-central1-a",
    instanceId: "training-data",
    accessPointsJoined: "10.92.0.2,10.92.0.3,10.92.0.4",
    network: "ml-vpc",
    capacityGib: 16000,
    volumeHandle: "my-project/us-central1-a/training-data/default-pool/default-container",
    ...overrides,
  };
}
