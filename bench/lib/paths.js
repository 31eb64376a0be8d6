"use strict";
// Paths and child environment shared by bench/run.js and bench/profile.js.

const path = require("node:path");

const BENCH = path.resolve(__dirname, "..");
const ROOT = path.dirname(BENCH);
const OUT = path.join(BENCH, "out");
const JS_OUT = path.join(OUT, "js");

module.exports = {
  ROOT,
  OUT,
  JS_OUT,
  SCRATCH: path.join(OUT, "scratch"),
  // Written by bench/run.js: the provider deep modules the example loaded, for the floor fixture.
  FLOOR_MODULES_JSON: path.join(OUT, "floor-modules.json"),
  EXAMPLE_JS: path.join(JS_OUT, "examples", "ml-training", "main.js"),
  SCALING_JS: path.join(JS_OUT, "bench", "fixtures", "scaling.js"),
  SOURCE_INDEX_JS: path.join(JS_OUT, "src", "index.js"),
  FLOOR_JS: path.join(BENCH, "fixtures", "floor.js"),
  PHASES_JS: path.join(BENCH, "fixtures", "phases.js"),
  ROOT_IMPORTS_JS: path.join(BENCH, "fixtures", "root-imports.js"),
  RECORD_MODULES_JS: path.join(BENCH, "lib", "record-modules.js"),
  // CHECKPOINT_DISABLE and CI keep cdktf-cli from checking for updates over the network.
  CHILD_ENV: { CHECKPOINT_DISABLE: "1", CI: "true" },
};
