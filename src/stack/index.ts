export * from "./settings";
export * from "./invariants";
export * from "./parallelstore-training";
export * from "./parallelstore-training-stack";
export * from "./config-schema";
export * from "./stack-config";
