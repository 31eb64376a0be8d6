export * from "./types";
export * from "./csi-driver";
export * from "./mount-options";
export * from "./claim-request";
export * from "./kubernetes-objects";
export * from "./parallelstore-storage-class";
export * from "./parallelstore-static-volume";
export * from "./parallelstore-dynamic-claim";
