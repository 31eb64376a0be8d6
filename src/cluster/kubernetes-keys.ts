import { Violation } from "../validation/errors";

/*
 * Kubernetes syntax of label and taint keys and values, as the API server checks them
 * (`IsQualifiedName` and `IsValidLabelValue` in k8s.io/apimachinery, also listed in
 * `kubectl taint --help`). A key is an optional prefix, a DNS subdomain of at most 253
 * characters followed by "/", and a name. A name, and a non-empty value, is 1-63 letters,
 * digits, "-", "_" and ".", starting and ending with a letter or digit. Values may be empty.
 */
const NAME_PATTERN = /^[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const VALUE_PATTERN = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const DNS_SUBDOMAIN_PATTERN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;
const DNS_SUBDOMAIN_MAX_LENGTH = 253;

/** Owner of a key or value, named in the message. */
export type NodeKeyKind = "label" | "taint";

/** Returns true for a Kubernetes qualified name such as `team` or `example.com/team`. */
export function isQualifiedName(key: string): boolean {
  const parts = key.split("/");
  if (parts.length > 2) {
    return false;
  }
  const name = parts[parts.length - 1];
  const prefix = parts.length === 2 ? parts[0] : undefined;
  if (prefix !== undefined && (prefix.length > DNS_SUBDOMAIN_MAX_LENGTH || !DNS_SUBDOMAIN_PATTERN.test(prefix))) {
    return false;
  }
  return NAME_PATTERN.test(name);
}

/** Checks a node label or taint key against the Kubernetes qualified name syntax. */
export function checkNodeKey(property: string, key: unknown, kind: NodeKeyKind): Violation | undefined {
  if (typeof key === "string" && isQualifiedName(key)) {
    return undefined;
  }
  const suggestion = typeof key === "string" ? sanitize(key, /[^-A-Za-z0-9_./]/g) : "";
  let example = kind === "taint" ? "dedicated" : "team";
  if (isQualifiedName(suggestion)) {
    example = suggestion;
  }
  return {
    property,
    value: key,
    rule:
      `a node ${kind} key must be a name of 1-63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit, ` +
      "optionally after a DNS subdomain prefix and \"/\" such as \"example.com/\".",
    fix: `Use a key such as ${JSON.stringify(example)}.`,
  };
}

/** Checks a node label or taint value: empty, or 1-63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit. */
export function checkNodeValue(property: string, value: unknown, kind: NodeKeyKind): Violation | undefined {
  if (typeof value === "string" && VALUE_PATTERN.test(value)) {
    return undefined;
  }
  const suggestion = typeof value === "string" ? sanitize(value, /[^-A-Za-z0-9_.]/g).slice(0, 63).replace(/[^A-Za-z0-9]+$/, "") : "";
  return {
    property,
    value,
    rule: `a node ${kind} value must be a string of at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit.`,
    fix: VALUE_PATTERN.test(suggestion) && suggestion.length > 0 ? `Use ${JSON.stringify(suggestion)}.` : "Use a value such as \"training\".",
  };
}

/** Replaces characters outside the syntax with hyphens and trims what may not start or end a name. */
function sanitize(text: string, invalid: RegExp): string {
  return text.replace(invalid, "-").replace(/^[^A-Za-z0-9]+/, "").replace(/[^A-Za-z0-9]+$/, "");
}
