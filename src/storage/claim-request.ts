import { Construct } from "constructs";
import { ITerraformDependable, Token } from "cdktf";
import { PersistentVolumeClaimV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1";
import { Violation } from "../validation/errors";
import { checkLiteral, isLiteral } from "../validation/literal";
import { checkEnum } from "../validation/parallelstore-rules";
import { Quantity, gibToQuantity, parseQuantity, quantityToGib } from "../validation/quantity";
import { checkNamespace, checkObjectName, registerKubernetesObject } from "./kubernetes-objects";
import { AccessMode } from "./types";

/** Storage request of a claim, in one of two forms (set at most one). */
export interface ClaimRequestProps {
  /** Request in GiB. */
  readonly requestGib?: number;
  /** Request as a Kubernetes quantity, e.g. `16000Gi`. */
  readonly requestQuantity?: string;
}

/** A storage request in the forms the claim constructs need. */
export interface ClaimRequest {
  /** Prop the request came from, for messages. */
  readonly property: "requestGib" | "requestQuantity";
  /** The value as the user gave it (or the fallback). */
  readonly value: number | string;
  /** `resources.requests.storage` of the claim, which is a token when the input is one. */
  readonly storage: string;
  /** The exact quantity, when known at synth time and valid. */
  readonly quantity?: Quantity;
}

/** Formats a GiB count as a quantity, keeping number tokens resolvable. */
export function gibToStorage(gib: number): string {
  return isLiteral(gib) ? gibToQuantity(gib) : `${Token.asString(gib)}Gi`;
}

/**
 * Resolves the request of a claim from its props, or from `fallbackGib` when neither prop is
 * set. Returns the violations of malformed, non-positive or doubly given requests.
 */
export function resolveClaimRequest(props: ClaimRequestProps, fallbackGib: number): { request: ClaimRequest; violations: Violation[] } {
  const violations: Violation[] = [];
  if (props.requestGib !== undefined && props.requestQuantity !== undefined) {
    violations.push({
      property: "requestQuantity",
      value: props.requestQuantity,
      rule: `requestGib (${props.requestGib}) is set as well, and a claim has one request.`,
      fix: "Set either requestGib or requestQuantity.",
    });
  }

  if (props.requestQuantity !== undefined) {
    const text = props.requestQuantity;
    if (!isLiteral(text)) {
      return { request: { property: "requestQuantity", value: text, storage: text }, violations };
    }
    const quantity = parseQuantity(text);
    if (quantity === undefined || quantity.numerator <= 0n) {
      violations.push({
        property: "requestQuantity",
        value: text,
        rule: "a storage request must be a positive Kubernetes quantity such as \"12000Gi\".",
        fix: "Write the number followed by a suffix (Gi, Ti, G, T, ...), or set requestGib.",
      });
    }
    return { request: { property: "requestQuantity", value: text, storage: text.trim(), quantity }, violations };
  }

  const gib = props.requestGib ?? fallbackGib;
  const property = "requestGib";
  if (!isLiteral(gib)) {
    return { request: { property, value: gib, storage: gibToStorage(gib) }, violations };
  }
  if (!Number.isFinite(gib) || gib <= 0) {
    violations.push({ property, value: gib, rule: "a storage request must be a positive number of GiB.", fix: "Use a positive number such as 12000." });
    return { request: { property, value: gib, storage: gibToStorage(gib) }, violations };
  }
  return { request: { property, value: gib, storage: gibToStorage(gib), quantity: parseQuantity(gibToQuantity(gib)) }, violations };
}

/** Returns the request in GiB when it is known at synth time. */
export function requestGibOf(request: ClaimRequest): number | undefined {
  return request.quantity === undefined ? undefined : quantityToGib(request.quantity);
}

/** Checks the name, namespace and access mode that every claim has. */
export function checkClaimIdentity(claimName: string, namespace: string, accessMode: AccessMode): (Violation | undefined)[] {
  return [
    checkLiteral(claimName, (name) => checkObjectName("claimName", name)),
    checkLiteral(namespace, (value) => checkNamespace("namespace", value)),
    checkLiteral(accessMode, (value) => checkEnum("accessMode", value, AccessMode)),
  ];
}

/** Settings of the PersistentVolumeClaim resource that the claim constructs emit. */
export interface ClaimResourceSettings {
  readonly claimName: string;
  readonly namespace: string;
  readonly accessMode: AccessMode;
  readonly storageClassName: string;
  /** `resources.requests.storage`. */
  readonly storage: string;
  /** PersistentVolume to bind to, for a pre-bound pair. */
  readonly volumeName?: string;
  readonly waitUntilBound: boolean;
  /** Create timeout while waiting for binding, e.g. `2m`. */
  readonly bindTimeout?: string;
  readonly dependsOn?: ITerraformDependable[];
}

/** Creates the claim resource (id `claim`) and registers it for the duplicate-name check. */
export function createClaimResource(scope: Construct, settings: ClaimResourceSettings): PersistentVolumeClaimV1 {
  const claim = new PersistentVolumeClaimV1(scope, "claim", {
    metadata: { name: settings.claimName, namespace: settings.namespace },
    spec: {
      accessModes: [settings.accessMode],
      storageClassName: settings.storageClassName,
      volumeMode: "Filesystem",
      volumeName: settings.volumeName,
      resources: { requests: { storage: settings.storage } },
    },
    waitUntilBound: settings.waitUntilBound,
    timeouts: settings.bindTimeout === undefined ? undefined : { create: settings.bindTimeout },
    dependsOn: settings.dependsOn,
  });
  registerKubernetesObject(scope, "PersistentVolumeClaim", settings.claimName, settings.namespace);
  return claim;
}
