#!/usr/bin/env node
"use strict";
// CPU profile of one benchmark process (`node --cpu-prof`), summarized as self time per
// package or source file and per function. Run `npm run bench -- --quick` first: it compiles
// the fixtures this script runs.
//
// Usage: node bench/profile.js ours|root-imports|floor|phases|scale [sets]

const fs = require("node:fs");
const path = require("node:path");
const { measureProcess } = require("./lib/measure");

const paths = require("./lib/paths");

const SCENARIOS = {
  ours: () => [paths.EXAMPLE_JS],
  "root-imports": () => ["--require", paths.ROOT_IMPORTS_JS, paths.EXAMPLE_JS],
  floor: () => [paths.FLOOR_JS, paths.FLOOR_MODULES_JSON],
  phases: () => [paths.PHASES_JS, paths.EXAMPLE_JS, paths.SOURCE_INDEX_JS, paths.FLOOR_MODULES_JSON],
  scale: (sets) => [paths.SCALING_JS, String(sets ?? 50)],
};

/** Groups a script URL by npm package, or by path relative to the repository for our own files. */
function groupOf(url) {
  if (!url) {
    return "(native or idle)";
  }
  const file = url.replace(/^file:\/\//, "");
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
  if (packageMatch) {
    return packageMatch[1];
  }
  if (file.startsWith("node:") || !file.startsWith("/")) {
    return "(node internals)";
  }
  return path.relative(paths.ROOT, file);
}

/** Shortens a script URL to the path inside node_modules or inside the repository. */
function locationOf(url) {
  const file = url.replace(/^file:\/\//, "");
  const at = file.lastIndexOf("node_modules/");
  return at >= 0 ? file.slice(at + "node_modules/".length) : file.startsWith("/") ? path.relative(paths.ROOT, file) : file || "(native)";
}

function top(map, count) {
  return [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
}

function summarize(profileFile) {
  const profile = JSON.parse(fs.readFileSync(profileFile, "utf8"));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  profile.samples.forEach((id, index) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });

  const byGroup = new Map();
  const byFunction = new Map();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id).callFrame;
    const group = frame.functionName === "(idle)" || frame.functionName === "(program)" ? `(${frame.functionName.slice(1, -1)})` : groupOf(frame.url);
    const name = `${frame.functionName || "(anonymous)"} ${locationOf(frame.url)}:${frame.lineNumber + 1}`;
    byGroup.set(group, (byGroup.get(group) ?? 0) + us);
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    totalUs += us;
  }

  // Total (inclusive) time of the repository's own functions: self time of the node and all
  // nodes below it, counted once per function even when the function recurses.
  const totalByFunction = new Map();
  const onStack = new Map();
  const visit = (id) => {
    const node = nodes.get(id);
    const frame = node.callFrame;
    const own = frame.url.startsWith(`file://${paths.ROOT}/`) && !frame.url.includes("/node_modules/");
    const name = `${frame.functionName || "(anonymous)"} ${locationOf(frame.url)}:${frame.lineNumber + 1}`;
    let total = selfUs.get(id) ?? 0;
    const outermost = own && !onStack.get(name);
    if (outermost) {
      onStack.set(name, true);
    }
    for (const child of node.children ?? []) {
      total += visit(child);
    }
    if (outermost) {
      onStack.set(name, false);
      totalByFunction.set(name, (totalByFunction.get(name) ?? 0) + total);
    }
    return total;
  };
  visit(profile.nodes[0].id);

  const lines = [`profile: ${path.relative(paths.ROOT, profileFile)}, ${(totalUs / 1000).toFixed(0)} ms sampled`, "", "self time by package or file:"];
  for (const [group, us] of top(byGroup, 15)) {
    lines.push(`  ${(us / 1000).toFixed(1).padStart(8)} ms  ${group}`);
  }
  lines.push("", "self time by function:");
  for (const [name, us] of top(byFunction, 20)) {
    lines.push(`  ${(us / 1000).toFixed(1).padStart(8)} ms  ${name}`);
  }
  lines.push("", "total time of the repository's functions (self and callees):");
  for (const [name, us] of top(totalByFunction, 20)) {
    lines.push(`  ${(us / 1000).toFixed(1).padStart(8)} ms  ${name}`);
  }
  return lines.join("\n");
}

function main() {
  const [scenario, sets] = process.argv.slice(2);
  if (!SCENARIOS[scenario]) {
    throw new Error(`unknown scenario ${JSON.stringify(scenario)}. Pass one of ${Object.keys(SCENARIOS).join(", ")}.`);
  }
  const profileDir = path.join(paths.OUT, "profiles", scenario);
  const outdir = path.join(paths.SCRATCH, `profile-${scenario}`);
  fs.rmSync(profileDir, { recursive: true, force: true });
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.mkdirSync(outdir, { recursive: true });

  // A 100 us sampling interval resolves the few-ms phases of a synth (Node's default is 1000 us).
  measureProcess(process.execPath, ["--cpu-prof", "--cpu-prof-dir", profileDir, "--cpu-prof-interval", "100", ...SCENARIOS[scenario](sets)], {
    cwd: paths.ROOT,
    env: { ...paths.CHILD_ENV, CDKTF_OUTDIR: outdir },
  });
  fs.rmSync(outdir, { recursive: true, force: true });
  const [profileFile] = fs.readdirSync(profileDir).filter((file) => file.endsWith(".cpuprofile"));
  process.stdout.write(summarize(path.join(profileDir, profileFile)) + "\n");
}

main();
