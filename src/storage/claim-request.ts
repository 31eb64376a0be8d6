import { Construct } from "constructs";
import { ITerraformDependable, Token } from "cdktf";
import { PersistentVolumeClaimV1 } from "@cdktf/provider-kubernetes/lib/persistent-volume-claim-v1";
import { Violation } from "../validation/errors";
import { checkLiteral, isLiteral } from "../validation/literal";
import { checkEnum } from "../validation/parallelstore-rules";
import { Quantity, gibToQuantity, parseQuantity, quantityToGib } from "../validation/quantity";
import { checkNamespace, checkObjectName, registerKubernetesObject } from "./kubernetes-objects";
import { checkStringWith, checkType } from "./prop-types";
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

/** Smallest requestGib whose decimal form is a Kubernetes quantity: smaller numbers print as `1e-7`. */
const MIN_REQUEST_GIB = 0.000001;

/**
 * Resolves the request of a claim from its props, or from `fallbackGib` when neither prop is
 * set. Returns the violations of mistyped, malformed, non-positive or doubly given requests.
 *
 * A requestGib above Number.MAX_SAFE_INTEGER is not exact as a number and prints as `1e+21`,
 * which is no Kubernetes quantity. It is still returned as an exact quantity, so a caller that
 * compares the request with its own maximum (`callerChecksMax`) reports it once, with that rule.
 */
export function resolveClaimRequest(
  props: ClaimRequestProps,
  fallbackGib: number,
  callerChecksMax = false,
): { request: ClaimRequest; violations: Violation[] } {
  const violations: Violation[] = [];
  const typeViolations = [
    checkType("requestGib", props.requestGib, "number", "Use a number of GiB such as 12000, or set requestQuantity to a string such as \"12000Gi\"."),
    checkType("requestQuantity", props.requestQuantity, "string", requestQuantityFix(props.requestQuantity)),
  ].filter((violation): violation is Violation => violation !== undefined);
  if (typeViolations.length > 0) {
    const property = props.requestQuantity !== undefined ? "requestQuantity" : "requestGib";
    const value = props[property] as number | string;
    return { request: { property, value, storage: String(value) }, violations: typeViolations };
  }

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
  const request: ClaimRequest = { property, value: gib, storage: gibToStorage(gib), quantity: exactGibQuantity(gib) };
  const isTooLarge = gib > Number.MAX_SAFE_INTEGER;
  if (!Number.isFinite(gib) || gib < MIN_REQUEST_GIB || (isTooLarge && !callerChecksMax)) {
    violations.push({
      property,
      value: gib,
      rule:
        `a storage request must be a finite number of GiB from ${MIN_REQUEST_GIB} to ${Number.MAX_SAFE_INTEGER} (Number.MAX_SAFE_INTEGER), ` +
        "because numbers outside that range are inexact or print in exponent form, which is no Kubernetes quantity.",
      fix: gib > 0 && Number.isFinite(gib) ? "Use a request within that range, such as 12000." : "Use a positive number such as 12000.",
    });
  }
  return { request, violations };
}

/**
 * Returns the exact quantity of a positive finite number of GiB. Numbers above
 * Number.MAX_SAFE_INTEGER are integers, and BigInt converts them exactly.
 */
function exactGibQuantity(gib: number): Quantity | undefined {
  if (!Number.isFinite(gib) || gib < MIN_REQUEST_GIB) {
    return undefined;
  }
  if (gib > Number.MAX_SAFE_INTEGER) {
    return { text: `${BigInt(gib)}Gi`, numerator: BigInt(gib) << 30n, denominator: 1n };
  }
  return parseQuantity(gibToQuantity(gib));
}

/** Returns the fix for a requestQuantity that is not a string, e.g. `12000` becomes `"12000Gi"`. */
function requestQuantityFix(value: unknown): string {
  if (typeof value === "number" && Number.isFinite(value)) {
    return `Write requestQuantity: ${JSON.stringify(gibToQuantity(value))}, or set requestGib: ${value}.`;
  }
  return 'Write the quantity as a string such as "12000Gi", or set requestGib.';
}

/** Returns the request in GiB when it is known at synth time. */
export function requestGibOf(request: ClaimRequest): number | undefined {
  return request.quantity === undefined ? undefined : quantityToGib(request.quantity);
}

/** Checks the name, namespace and access mode that every claim has. */
export function checkClaimIdentity(claimName: string, namespace: string, accessMode: AccessMode): (Violation | undefined)[] {
  return [
    checkStringWith("claimName", claimName, (name) => checkObjectName("claimName", name)),
    checkStringWith("namespace", namespace, (value) => checkNamespace("namespace", value)),
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
