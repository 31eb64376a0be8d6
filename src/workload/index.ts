export * from "./types";
export { GPU_RESOURCE, PARALLELSTORE_VOLUMES_ANNOTATION, SIDECAR_ANNOTATIONS } from "./pod-template";
export * from "./gpu-training-workload";
