export * from "./types";
export * from "./versions";
export * from "./gpu-machines";
export * from "./gpu-placement";
export * from "./parallelstore-gke-cluster";
export * from "./csi-driver";
export * from "./gpu-node-pool";
export * from "./kubernetes-provider";
