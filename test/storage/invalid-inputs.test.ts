import { TerraformStack, TerraformVariable } from "cdktf";
import {
  AccessMode,
  MountLocality,
  ParallelstoreDynamicClaim,
  ParallelstoreStaticVolume,
  ParallelstoreStorageClass,
  ParallelstoreValidationError,
  PrivateServicesAccess,
  VolumeBindingMode,
} from "../../src";
import { createTestStack } from "../../src/testing";
import { existingInstance, uncheckedInstance } from "./fixtures";

type Build = (stack: TerraformStack) => void;

const dynamicClaim =
  (props: ConstructorParameters<typeof ParallelstoreDynamicClaim>[2]): Build =>
  (stack) =>
    new ParallelstoreDynamicClaim(stack, "scratch", props);

const storageClass =
  (props: ConstructorParameters<typeof ParallelstoreStorageClass>[2]): Build =>
  (stack) =>
    new ParallelstoreStorageClass(stack, "parallelstore-training", props);

const staticVolume =
  (props: Partial<ConstructorParameters<typeof ParallelstoreStaticVolume>[2]>): Build =>
  (stack) =>
    new ParallelstoreStaticVolume(stack, "training-data", { instance: uncheckedInstance(), ...props });

/**
 * Each case names what is built and the fragments its error message must contain, which are
 * the offending value as messages quote it and the rule it breaks.
 */
const CASES: [string, Build, string[]][] = [
  [
    "request 12288Gi",
    dynamicClaim({ requestQuantity: "12288Gi" }),
    ['requestQuantity "12288Gi" is invalid', "it is 12288 GiB", "steps of 4000 GiB", '"12000Gi" or "16000Gi"'],
  ],
  ["request 12Ti", dynamicClaim({ requestQuantity: "12Ti" }), ['requestQuantity "12Ti" is invalid', "it is 12288 GiB", "steps of 4000 GiB"]],
  ["request 12T", dynamicClaim({ requestQuantity: "12T" }), ['requestQuantity "12T" is invalid', "11175.87 GiB, which is not a whole number of GiB"]],
  ["request 12288 GiB", dynamicClaim({ requestGib: 12288 }), ["requestGib 12288 is invalid", "steps of 4000 GiB", "12000 or 16000"]],
  ["request below minimum", dynamicClaim({ requestGib: 8000 }), ["requestGib 8000 is invalid", "from 12000 to 100000"]],
  ["request above maximum", dynamicClaim({ requestQuantity: "104000Gi" }), ['requestQuantity "104000Gi" is invalid', "from 12000 to 100000"]],
  ["request not a quantity", dynamicClaim({ requestQuantity: "12 TB" }), ['requestQuantity "12 TB" is invalid', "positive Kubernetes quantity"]],
  ["request given twice", dynamicClaim({ requestGib: 12000, requestQuantity: "12000Gi" }), ['requestQuantity "12000Gi" is invalid', "requestGib (12000) is set as well"]],
  [
    "request above the volume",
    staticVolume({ requestGib: 20000 }),
    ["requestGib 20000 is invalid", "more than the volume's capacity 16000Gi"],
  ],
  [
    "quantity above the volume",
    staticVolume({ requestQuantity: "16Ti" }),
    ['requestQuantity "16Ti" is invalid', "more than the volume's capacity 16000Gi"],
  ],
  [
    "Immediate without zone",
    storageClass({ volumeBindingMode: VolumeBindingMode.IMMEDIATE }),
    ["zones [] is invalid", "Immediate binding without a zone"],
  ],
  [
    "Immediate with two zones",
    storageClass({ volumeBindingMode: VolumeBindingMode.IMMEDIATE, zones: ["us-central1-a", "us-central1-b"] }),
    ['zones ["us-central1-a","us-central1-b"] is invalid', "several zones"],
  ],
  ["zone given as region", storageClass({ zones: ["us-central1"] }), ['zones[0] "us-central1" is invalid', "this is a region"]],
  ["zone not offered", storageClass({ zones: ["southamerica-east1-a"] }), ['zones[0] "southamerica-east1-a" is invalid', "not offered in this zone"]],
  [
    "dfuse settings in pod mode",
    storageClass({ mountLocality: MountLocality.POD, dfuseResources: { cpuRequest: "500m" } }),
    ['dfuseResources {"cpuRequest":"500m"} is invalid', "apply only to node mount", 'mountLocality is "pod"'],
  ],
  [
    "dfuse settings without locality",
    staticVolume({ dfuseResources: { memoryLimit: "20Gi" } }),
    ['dfuseResources {"memoryLimit":"20Gi"} is invalid', "apply only to node mount"],
  ],
  [
    "dfuse quantity malformed",
    storageClass({ mountLocality: MountLocality.NODE, dfuseResources: { cpuLimit: "two" } }),
    ['dfuseResources.cpuLimit "two" is invalid', "positive Kubernetes quantity"],
  ],
  [
    "dfuse request above limit",
    storageClass({ mountLocality: MountLocality.NODE, dfuseResources: { cpuRequest: "2", cpuLimit: "1500m" } }),
    ['dfuseResources.cpuRequest "2" is invalid', "cpuRequest 2 is above cpuLimit 1500m"],
  ],
  [
    "dfuse request above default limit",
    storageClass({ mountLocality: MountLocality.NODE, dfuseResources: { memoryRequest: "16Gi" } }),
    ['dfuseResources.memoryRequest "16Gi" is invalid', "above the driver's default memoryLimit 10Gi"],
  ],
  [
    "dfuse limit below default request",
    storageClass({ mountLocality: MountLocality.NODE, dfuseResources: { memoryLimit: "256Mi" } }),
    ['dfuseResources.memoryRequest "512Mi" is invalid', "the driver's default memoryRequest 512Mi is above memoryLimit 256Mi"],
  ],
  ["unknown mount locality", storageClass({ mountLocality: "host" as MountLocality }), ['mountLocality "host" is invalid', 'one of "pod", "node"']],
  [
    "unknown access mode",
    dynamicClaim({ accessMode: "ReadWriteOncePod" as AccessMode }),
    ['accessMode "ReadWriteOncePod" is invalid', 'one of "ReadWriteMany", "ReadOnlyMany", "ReadWriteOnce"'],
  ],
  [
    "unknown access mode on a pair",
    staticVolume({ accessMode: "RWX" as AccessMode }),
    ['accessMode "RWX" is invalid', "must be one of"],
  ],
  [
    "handle built from a region",
    (stack) => new ParallelstoreStaticVolume(stack, "training-data", { instance: existingInstance(stack, { zone: "us-central1" }) }),
    ['zone "us-central1" is invalid', "this is a region", "us-central1-a"],
  ],
  [
    "hand-built handle with a region",
    staticVolume({ instance: uncheckedInstance({ volumeHandle: "my-project/us-central1/training-data/default-pool/default-container" }) }),
    ['instance.volumeHandle zone "us-central1" is invalid', "this is a region"],
  ],
  [
    "API resource name as handle",
    staticVolume({ instance: uncheckedInstance({ volumeHandle: "projects/my-project/locations/us-central1-a/instances/training-data" }) }),
    ['instance.volumeHandle "projects/my-project/locations/us-central1-a/instances/training-data" is invalid', "the API resource name, not the CSI volume handle", '"my-project/us-central1-a/training-data/default-pool/default-container"'],
  ],
  [
    "handle without pool and container",
    staticVolume({ instance: uncheckedInstance({ volumeHandle: "my-project/us-central1-a/training-data" }) }),
    ['instance.volumeHandle "my-project/us-central1-a/training-data" is invalid', "PROJECT_ID/ZONE/INSTANCE_ID/default-pool/default-container"],
  ],
  [
    "no access points",
    staticVolume({ instance: uncheckedInstance({ accessPointsJoined: "" }) }),
    ['instance.accessPointsJoined "" is invalid', "needs the instance's access points"],
  ],
  [
    "access point not an address",
    staticVolume({ instance: uncheckedInstance({ accessPointsJoined: "10.92.0.2,server-b" }) }),
    ['instance.accessPointsJoined "10.92.0.2,server-b" is invalid', "IPv4 addresses joined by commas"],
  ],
  [
    "instance capacity invalid",
    staticVolume({ instance: uncheckedInstance({ capacityGib: 12288 }) }),
    ["instance.capacityGib 12288 is invalid", "steps of 4000 GiB"],
  ],
  [
    "caching off with write-back cache",
    storageClass({ mountOptions: { disableCaching: true, enableWriteBackCache: true } }),
    ["mountOptions.enableWriteBackCache true is invalid", "contradicts disableCaching", "ignores enable-wb-cache"],
  ],
  [
    "caching off with read-ahead",
    staticVolume({ mountOptions: { disableCaching: true, readAheadKib: 1024 } }),
    ["mountOptions.readAheadKib 1024 is invalid", "contradicts disableCaching"],
  ],
  [
    "caching off with max ratio",
    storageClass({ mountOptions: { disableCaching: true, maxRatio: 40 } }),
    ["mountOptions.maxRatio 40 is invalid", "contradicts disableCaching"],
  ],
  ["zero thread count", storageClass({ mountOptions: { threadCount: 0 } }), ["mountOptions.threadCount 0 is invalid", "positive integer"]],
  ["fractional read-ahead", storageClass({ mountOptions: { readAheadKib: 1.5 } }), ["mountOptions.readAheadKib 1.5 is invalid", "positive integer"]],
  ["max ratio above 100", storageClass({ mountOptions: { maxRatio: 150 } }), ["mountOptions.maxRatio 150 is invalid", "from 1 to 100"]],
  [
    "threads not above event queues",
    storageClass({ mountOptions: { threadCount: 4, eventQueueCount: 4 } }),
    ["mountOptions.threadCount 4 is invalid", "thread-count must exceed eq-count", "threadCount of 5"],
  ],
  ["one thread with the default queue", staticVolume({ mountOptions: { threadCount: 1 } }), ["mountOptions.threadCount 1 is invalid", "event queue (1)"]],
  [
    "empty static class name",
    staticVolume({ storageClassName: "" }),
    ['storageClassName "" is invalid', "drops an empty storage_class_name"],
  ],
  ["claim name not DNS-1123", dynamicClaim({ claimName: "Training_Data" }), ['claimName "Training_Data" is invalid', "DNS-1123 subdomain", '"training-data"']],
  ["namespace with a dot", staticVolume({ namespace: "ml.team" }), ['namespace "ml.team" is invalid', "DNS-1123 label", '"ml-team"']],
  ["class name not DNS-1123", storageClass({ storageClassName: "Parallelstore" }), ['storageClassName "Parallelstore" is invalid', "DNS-1123 subdomain"]],
  [
    "network self link on a class",
    storageClass({ network: "https://www.googleapis.com/compute/v1/projects/host/global/networks/shared-vpc" }),
    ["is invalid", "network name, or projects/P/global/networks/N", '"projects/host/global/networks/shared-vpc"'],
  ],
  [
    "range of another network",
    (stack) =>
      new ParallelstoreStorageClass(stack, "parallelstore-training", {
        network: "other-vpc",
        reservedIpRange: new PrivateServicesAccess(stack, "psa", { networkName: "ml-vpc" }),
      }),
    ['network "other-vpc" is invalid', 'belongs to network "ml-vpc"'],
  ],
  ["reserved range as CIDR", storageClass({ reservedIpRange: "10.92.0.0/24" }), ['reservedIpRange "10.92.0.0/24" is invalid', "not a CIDR"]],
  ["label key upper case", storageClass({ labels: { Team: "ml" } }), ['labels key "Team" is invalid', "label key"]],
  ["description too long", storageClass({ description: "x".repeat(2049) }), ["description", "at most 2048 characters"]],
];

/** Values that satisfy the platform's syntax but that GKE, dfuse or Kubernetes reject or misread. */
const PLATFORM_CASES: [string, Build, string[]][] = [
  [
    "request 1e21 GiB on a dynamic claim",
    dynamicClaim({ requestGib: 1e21 }),
    ["requestGib 1e+21 is invalid", "from 12000 to 100000", "Use 96000 or 100000."],
  ],
  ["request Infinity on a dynamic claim", dynamicClaim({ requestGib: Infinity }), ["requestGib Infinity is invalid", "finite number of GiB", "Use a positive number"]],
  ["request NaN on a dynamic claim", dynamicClaim({ requestGib: Number.NaN }), ["requestGib NaN is invalid", "finite number of GiB"]],
  ["request 1e21 GiB on a pair", staticVolume({ requestGib: 1e21 }), ["requestGib 1e+21 is invalid", "more than the volume's capacity 16000Gi", "Request at most 16000 GiB"]],
  [
    "request 1e21 GiB against a token capacity",
    (stack) =>
      new ParallelstoreStaticVolume(stack, "training-data", {
        instance: uncheckedInstance({ capacityGib: new TerraformVariable(stack, "capacity", { type: "number" }).numberValue }),
        requestGib: 1e21,
      }),
    ["requestGib 1e+21 is invalid", "from 0.000001 to 9007199254740991", "Use a request within that range"],
  ],
  ["request zero on a pair", staticVolume({ requestGib: 0 }), ["requestGib 0 is invalid", "finite number of GiB", "Use a positive number such as 12000."]],
  ["request negative on a pair", staticVolume({ requestGib: -16000 }), ["requestGib -16000 is invalid", "Use a positive number"]],
  ["request too small to print", staticVolume({ requestGib: 1e-7 }), ["requestGib 1e-7 is invalid", "from 0.000001"]],
  [
    "CPU request with a byte suffix",
    storageClass({ mountLocality: MountLocality.NODE, dfuseResources: { cpuRequest: "1Gi" } }),
    ['dfuseResources.cpuRequest "1Gi" is invalid', "CPU is counted in cores", 'e.g. "1" or "500m"'],
  ],
  [
    "CPU limit with a byte suffix",
    staticVolume({ mountLocality: MountLocality.NODE, dfuseResources: { cpuLimit: "2Ki" } }),
    ['dfuseResources.cpuLimit "2Ki" is invalid', "binary suffix"],
  ],
  [
    "memory request in millibytes",
    storageClass({ mountLocality: MountLocality.NODE, dfuseResources: { memoryRequest: "100m" } }),
    ['dfuseResources.memoryRequest "100m" is invalid', "this is 0.1 bytes", "the suffix m means a thousandth", 'Use "100Mi" for mebibytes or "100M" for megabytes.'],
  ],
  [
    "memory limit of half a byte",
    storageClass({ mountLocality: MountLocality.NODE, dfuseResources: { memoryLimit: "0.5" } }),
    ['dfuseResources.memoryLimit "0.5" is invalid', "this is 0.5 bytes", '"512Mi" or "2Gi"'],
  ],
  [
    "event queues without thread count",
    storageClass({ mountOptions: { eventQueueCount: 64 } }),
    ["mountOptions.eventQueueCount 64 is invalid", "thread-count exceeds eq-count", "at most 16", "Set threadCount: 65 or more"],
  ],
  [
    "GKE's class name on a class",
    storageClass({ storageClassName: "parallelstore-rwx" }),
    ['storageClassName "parallelstore-rwx" is invalid', "GKE creates and manages", '"parallelstore-training"'],
  ],
  [
    "zones of two regions",
    storageClass({ zones: ["us-central1-a", "europe-west4-b"] }),
    ['zones ["us-central1-a","europe-west4-b"] is invalid', "span the regions us-central1, europe-west4", 'zones: ["us-central1-a"]'],
  ],
  [
    "max ratio 101",
    storageClass({ mountOptions: { maxRatio: 101 } }),
    ["mountOptions.maxRatio 101 is invalid", "an integer from 1 to 100.", "Use an integer from 1 to 100"],
  ],
  ["thread count above safe integers", storageClass({ mountOptions: { threadCount: 1e21 } }), ["mountOptions.threadCount 1e+21 is invalid", "positive integer"]],
];

/**
 * Wrong types that plain JavaScript callers can pass, which the TypeScript types rule out.
 * Each must be a validation error naming the value, never a TypeError or a silent pass.
 */
const WRONG_TYPE_CASES: [string, Build, string[]][] = [
  [
    "empty instance object",
    staticVolume({ instance: {} as never }),
    [
      "instance.project undefined is invalid: the instance reference has no project, which the volume needs as a string.",
      "instance.zone undefined is invalid",
      "instance.instanceId undefined is invalid",
      "instance.volumeHandle undefined is invalid",
      "instance.accessPointsJoined undefined is invalid",
      "instance.network undefined is invalid",
      "instance.capacityGib undefined is invalid: the instance reference has no capacityGib, which the volume needs as a number.",
      "ParallelstoreFileSystem.fromInstanceAttributes",
    ],
  ],
  [
    "instance capacity as a string",
    staticVolume({ instance: uncheckedInstance({ capacityGib: "16000" as never }) }),
    ['instance.capacityGib "16000" is invalid: capacityGib must be a number, but it is a string.'],
  ],
  [
    "instance zone as a number",
    staticVolume({ instance: uncheckedInstance({ zone: 7 as never }) }),
    ["instance.zone 7 is invalid: zone must be a string, but it is a number."],
  ],
  [
    "dfuse CPU request as a number",
    storageClass({ mountLocality: MountLocality.NODE, dfuseResources: { cpuRequest: 2 as never } }),
    ["dfuseResources.cpuRequest 2 is invalid", "it must be a string, but it is a number", 'cpuRequest: "2"'],
  ],
  [
    "dfuse resources as a string",
    storageClass({ mountLocality: MountLocality.NODE, dfuseResources: "2Gi" as never }),
    ['dfuseResources "2Gi" is invalid', "it must be an object, but it is a string"],
  ],
  [
    "dfuse resource key unknown",
    storageClass({ mountLocality: MountLocality.NODE, dfuseResources: { cpu: "1" } as never }),
    ['dfuseResources.cpu "1" is invalid', 'no option "cpu"', "cpuRequest, memoryRequest, cpuLimit, memoryLimit"],
  ],
  [
    "request quantity as a number",
    dynamicClaim({ requestQuantity: 12000 as never }),
    ["requestQuantity 12000 is invalid", "it must be a string, but it is a number", 'requestQuantity: "12000Gi"', "requestGib: 12000"],
  ],
  [
    "request GiB as a string",
    staticVolume({ requestGib: "16000" as never }),
    ['requestGib "16000" is invalid', "it must be a number, but it is a string"],
  ],
  [
    "zones as a string",
    storageClass({ zones: "us-central1-a" as never }),
    ['zones "us-central1-a" is invalid', "it is a string", 'zones: ["us-central1-a"]'],
  ],
  ["zone entry as a number", storageClass({ zones: [1] as never }), ["zones[0] 1 is invalid", "must be a string"]],
  [
    "storage class as an empty object",
    dynamicClaim({ storageClass: {} as never }),
    ["storageClass {} is invalid", "ParallelstoreStorageClass or the name of a StorageClass, but it is an object"],
  ],
  [
    "storage class resource",
    (stack) => {
      const parent = new ParallelstoreStorageClass(stack, "parallelstore-training");
      return new ParallelstoreDynamicClaim(stack, "scratch", { storageClass: parent.resource as never });
    },
    [
      'storageClass {"construct":"StorageClassV1","path":"test/parallelstore-training/storage-class"} is invalid',
      "it is a StorageClassV1 construct",
      "Pass the ParallelstoreStorageClass itself, not its resource.",
    ],
  ],
  [
    "mount options as an array",
    storageClass({ mountOptions: ["disable-caching", "thread-count=8"] as never }),
    ['mountOptions ["disable-caching","thread-count=8"] is invalid', "it is an array", 'mountOptions: {"disableCaching":true,"threadCount":8}'],
  ],
  [
    "mount options as a string",
    staticVolume({ mountOptions: "enable-wb-cache,eq-count=2" as never }),
    ['mountOptions "enable-wb-cache,eq-count=2" is invalid', "it is a string", 'mountOptions: {"enableWriteBackCache":true,"eventQueueCount":2}'],
  ],
  [
    "mount options array not recognized",
    storageClass({ mountOptions: ["noatime"] as never }),
    ['mountOptions ["noatime"] is invalid', "disableCaching, enableWriteBackCache, threadCount"],
  ],
  [
    "mount option key in dfuse spelling",
    storageClass({ mountOptions: { "thread-count": 8 } as never }),
    ['mountOptions.thread-count 8 is invalid', 'no option "thread-count"', "threadCount"],
  ],
  [
    "disable caching as a string",
    storageClass({ mountOptions: { disableCaching: "true" as never } }),
    ['mountOptions.disableCaching "true" is invalid', "it must be a boolean, but it is a string", "Write disableCaching: true, without quotes."],
  ],
  [
    "write-back cache as the string false",
    staticVolume({ mountOptions: { enableWriteBackCache: "false" as never } }),
    ['mountOptions.enableWriteBackCache "false" is invalid', "must be a boolean", "Write enableWriteBackCache: false"],
  ],
  [
    "thread count as a string",
    storageClass({ mountOptions: { threadCount: "8" as never } }),
    ['mountOptions.threadCount "8" is invalid', "it must be a number, but it is a string", "Write threadCount: 8, without quotes."],
  ],
  [
    "max ratio as a word",
    storageClass({ mountOptions: { maxRatio: "half" as never } }),
    ['mountOptions.maxRatio "half" is invalid', "must be a number", "Use an integer from 1 to 100"],
  ],
  ["claim name as a number", dynamicClaim({ claimName: 12 as never }), ["claimName 12 is invalid", "it must be a string, but it is a number"]],
  ["namespace as an object", staticVolume({ namespace: {} as never }), ["namespace {} is invalid", "it must be a string"]],
  ["volume name as an array", staticVolume({ volumeName: ["data"] as never }), ['volumeName ["data"] is invalid', "it is an array"]],
  ["class name as a number", storageClass({ storageClassName: 5 as never }), ["storageClassName 5 is invalid", "must be a string"]],
  ["network as a number", storageClass({ network: 5 as never }), ["network 5 is invalid", "PrivateServicesAccess"]],
  ["labels as a string", storageClass({ labels: "team=ml" as never }), ['labels "team=ml" is invalid', "it must be an object", 'labels: {"team":"ml"}']],
];

/** Builds a case and returns the error it throws, or undefined when it passes. */
function errorOf(build: Build): unknown {
  try {
    build(createTestStack());
  } catch (caught) {
    return caught;
  }
  return undefined;
}

describe("invalid storage inputs", () => {
  test.each([...CASES, ...PLATFORM_CASES, ...WRONG_TYPE_CASES])("%s", (_name, build, fragments) => {
    const error = errorOf(build);
    expect(error).toBeInstanceOf(ParallelstoreValidationError);
    const message = (error as Error).message;
    for (const fragment of fragments) {
      expect(message).toContain(fragment);
    }
  });
});

describe("storage constructs with no props object", () => {
  test.each<[string, (stack: ReturnType<typeof createTestStack>) => unknown]>([
    ["StorageClass", (stack) => new ParallelstoreStorageClass(stack, "subject", null as never)],
    ["static volume", (stack) => new ParallelstoreStaticVolume(stack, "subject", null as never)],
    ["dynamic claim", (stack) => new ParallelstoreDynamicClaim(stack, "subject", null as never)],
  ])("%s rejects null props", (_name, build) => {
    expect(() => build(createTestStack())).toThrow(ParallelstoreValidationError);
    expect(() => build(createTestStack())).toThrow(/test\/subject: props null is invalid: .*Props must be an object/);
  });

  test("static volume without instance", () => {
    const build = () => new ParallelstoreStaticVolume(createTestStack(), "subject", { instance: undefined as never });
    expect(build).toThrow(ParallelstoreValidationError);
    expect(build).toThrow(/instance undefined is invalid: a static volume needs the instance it mounts/);
  });
});
