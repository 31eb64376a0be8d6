import { IConstruct } from "constructs";
import { TerraformStack, Token } from "cdktf";
import { Violation } from "../validation/errors";

/** DNS-1123 subdomain: names of PersistentVolumes, claims and StorageClasses (at most 253 characters). */
const DNS_SUBDOMAIN_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_SUBDOMAIN_MAX_LENGTH = 253;

/** DNS-1123 label: namespace names (at most 63 characters, no dots). */
const DNS_LABEL_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_LABEL_MAX_LENGTH = 63;

/** Returns a lowercase DNS-1123 suggestion for a name, or "" when nothing usable is left. */
function suggestName(name: string, maxLength: number): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, maxLength)
    .replace(/-+$/, "");
}

/** Checks a Kubernetes object name (DNS-1123 subdomain). */
export function checkObjectName(property: string, name: string): Violation | undefined {
  if (name.length <= DNS_SUBDOMAIN_MAX_LENGTH && DNS_SUBDOMAIN_PATTERN.test(name)) {
    return undefined;
  }
  const suggestion = suggestName(name, DNS_SUBDOMAIN_MAX_LENGTH);
  return {
    property,
    value: name,
    rule: `a Kubernetes object name must be a DNS-1123 subdomain: at most ${DNS_SUBDOMAIN_MAX_LENGTH} lowercase letters, digits, "-" and ".", starting and ending with a letter or digit.`,
    fix: suggestion ? `Use a name such as ${JSON.stringify(suggestion)}.` : "Use a name such as \"training-data\".",
  };
}

/** Checks a namespace name (DNS-1123 label). */
export function checkNamespace(property: string, namespace: string): Violation | undefined {
  if (namespace.length <= DNS_LABEL_MAX_LENGTH && DNS_LABEL_PATTERN.test(namespace)) {
    return undefined;
  }
  const suggestion = suggestName(namespace.replace(/\./g, "-"), DNS_LABEL_MAX_LENGTH);
  return {
    property,
    value: namespace,
    rule: `a namespace must be a DNS-1123 label: at most ${DNS_LABEL_MAX_LENGTH} lowercase letters, digits and "-", starting and ending with a letter or digit.`,
    fix: suggestion ? `Use ${JSON.stringify(suggestion)}.` : "Use \"default\" or a namespace such as \"training\".",
  };
}

/**
 * A Kubernetes object this layer emits, registered so that two constructs of one stack that
 * would write the same object are reported at synth time instead of fighting at apply time.
 */
interface ObjectRecord {
  readonly construct: IConstruct;
  /** `Kind/name` for cluster-scoped kinds, `Kind/namespace/name` for namespaced ones. */
  readonly key: string;
}

const OBJECTS_BY_STACK = new WeakMap<TerraformStack, Map<string, ObjectRecord[]>>();

/**
 * Registers an object and adds a validation to its construct that fails when another
 * construct of the same stack emits the same object. Keys holding tokens are not compared.
 * A validation (not a constructor check) because constructs added later may collide.
 */
export function registerKubernetesObject(construct: IConstruct, kind: string, name: string, namespace?: string): void {
  const stack = TerraformStack.of(construct);
  const recordsByKey = OBJECTS_BY_STACK.get(stack) ?? new Map<string, ObjectRecord[]>();
  OBJECTS_BY_STACK.set(stack, recordsByKey);
  const key = namespace === undefined ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
  // Grouped by key, so each validation reads only the objects that share its name.
  const sameKey = recordsByKey.get(key) ?? [];
  recordsByKey.set(key, sameKey);
  sameKey.push({ construct, key });

  construct.node.addValidation({
    validate: () => {
      if (Token.isUnresolved(key)) {
        return [];
      }
      const others = sameKey.filter((record) => record.construct !== construct);
      return others.map(
        (other) =>
          `${kind} ${JSON.stringify(namespace === undefined ? name : `${namespace}/${name}`)} is also emitted by ${other.construct.node.path}; ` +
          "Kubernetes object names must be unique, so give one of them another name.",
      );
    },
  });
}
