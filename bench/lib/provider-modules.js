"use strict";
// Maps loaded files to the provider module ids that `import` statements name, so the floor
// fixture loads what the stack loads and the root-import alias can
// name each namespace.

const fs = require("node:fs");
const path = require("node:path");

const PROVIDERS = ["@cdktf/provider-google", "@cdktf/provider-kubernetes"];

// node_modules/@cdktf/provider-NAME/lib/MODULE/index.js is the entry of the deep import
// "@cdktf/provider-NAME/lib/MODULE"; files below MODULE belong to that entry.
const DEEP_ENTRY = /node_modules\/(@cdktf\/provider-[a-z]+)\/lib\/([a-z0-9-]+)\/index\.js$/;
const ROOT_ENTRY = /node_modules\/(@cdktf\/provider-[a-z]+)\/lib\/index\.js$/;

/** Deep provider module ids (sorted) and root provider packages found in a list of loaded files. */
function providerModulesOf(loadedFiles) {
  const deep = new Set();
  const root = new Set();
  for (const file of loadedFiles) {
    const deepMatch = DEEP_ENTRY.exec(file);
    if (deepMatch) {
      deep.add(`${deepMatch[1]}/lib/${deepMatch[2]}`);
    }
    const rootMatch = ROOT_ENTRY.exec(file);
    if (rootMatch) {
      root.add(rootMatch[1]);
    }
  }
  return { deep: [...deep].sort(), root: [...root].sort() };
}

/**
 * Reads a provider's root lib/index.js and returns a map from deep module directory to the
 * namespace the root package exports it as, e.g. "parallelstore-instance" -> "parallelstoreInstance".
 */
function rootNamespacesOf(packageDir) {
  const index = fs.readFileSync(path.join(packageDir, "lib", "index.js"), "utf8");
  const namespaces = new Map();
  for (const match of index.matchAll(/exports\.(\w+) = require\("\.\/([a-z0-9-]+)"\)/g)) {
    namespaces.set(match[2], match[1]);
  }
  return namespaces;
}

module.exports = { PROVIDERS, providerModulesOf, rootNamespacesOf };
