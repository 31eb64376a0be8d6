/**
 * A small JSON schema vocabulary for stack config files: enough to report unknown keys and
 * wrong types with their key paths before any construct is built.
 */
export type ConfigSchema =
  | { readonly type: "string"; readonly enum?: readonly string[] }
  | { readonly type: "number"; readonly integer?: boolean }
  | { readonly type: "boolean" }
  | { readonly type: "array"; readonly items: ConfigSchema }
  | { readonly type: "map"; readonly values: ConfigSchema }
  | { readonly type: "object"; readonly properties: Readonly<Record<string, ConfigSchema>>; readonly required?: readonly string[] };

/** One problem found in a config file, located by its key path (e.g. `instance.capacityGib`). */
export interface ConfigProblem {
  readonly keyPath: string;
  readonly message: string;
}

/** Returns the problems of a parsed JSON value against a schema; an empty list when it conforms. */
export function checkAgainstSchema(value: unknown, schema: ConfigSchema, keyPath = ""): ConfigProblem[] {
  const where = keyPath === "" ? "(root)" : keyPath;

  switch (schema.type) {
    case "string":
      if (typeof value !== "string") {
        return [{ keyPath: where, message: `expected a string, got ${describe(value)}` }];
      }
      if (schema.enum && !schema.enum.includes(value)) {
        return [{ keyPath: where, message: `${JSON.stringify(value)} is not one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}` }];
      }
      return [];
    case "number":
      if (typeof value !== "number") {
        return [{ keyPath: where, message: `expected a number, got ${describe(value)}` }];
      }
      if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) {
        // JSON numbers such as 1e400 parse to Infinity, and 1e20 loses integer precision.
        return [{ keyPath: where, message: `${value} is too large: numbers must lie within ±${Number.MAX_SAFE_INTEGER}` }];
      }
      if (schema.integer && !Number.isInteger(value)) {
        return [{ keyPath: where, message: `expected an integer, got ${value}` }];
      }
      return [];
    case "boolean":
      return typeof value === "boolean" ? [] : [{ keyPath: where, message: `expected true or false, got ${describe(value)}` }];
    case "array":
      if (!Array.isArray(value)) {
        return [{ keyPath: where, message: `expected an array, got ${describe(value)}` }];
      }
      return value.flatMap((item, index) => checkAgainstSchema(item, schema.items, `${keyPath}[${index}]`));
    case "map":
      if (!isPlainObject(value)) {
        return [{ keyPath: where, message: `expected an object, got ${describe(value)}` }];
      }
      return Object.entries(value).flatMap(([key, item]) => checkAgainstSchema(item, schema.values, joinKey(keyPath, key)));
    case "object":
      return checkObject(value, schema, keyPath, where);
  }
}

function checkObject(
  value: unknown,
  schema: Extract<ConfigSchema, { type: "object" }>,
  keyPath: string,
  where: string,
): ConfigProblem[] {
  if (!isPlainObject(value)) {
    return [{ keyPath: where, message: `expected an object, got ${describe(value)}` }];
  }
  const problems: ConfigProblem[] = [];
  const known = Object.keys(schema.properties);
  for (const [key, item] of Object.entries(value)) {
    // An own-property test, so keys such as "constructor" or "__proto__" count as unknown.
    const property = Object.prototype.hasOwnProperty.call(schema.properties, key) ? schema.properties[key] : undefined;
    if (property === undefined) {
      problems.push({ keyPath: joinKey(keyPath, key), message: `unknown key. Known keys here: ${known.join(", ")}` });
    } else {
      problems.push(...checkAgainstSchema(item, property, joinKey(keyPath, key)));
    }
  }
  for (const key of schema.required ?? []) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) {
      problems.push({ keyPath: joinKey(keyPath, key), message: "missing required key" });
    }
  }
  return problems;
}

function describe(actual: unknown): string {
  if (Array.isArray(actual)) {
    return "array";
  }
  return actual === null ? "null" : typeof actual;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function joinKey(parent: string, key: string): string {
  return parent === "" ? key : `${parent}.${key}`;
}
