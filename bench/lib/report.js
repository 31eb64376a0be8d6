"use strict";
// Renders bench/run.js results as BENCHMARKS.md. Text below NOTES_MARKER in an existing
// BENCHMARKS.md is written by hand (profiles, causes of misses) and kept across reruns.

const fs = require("node:fs");

const NOTES_MARKER = "<!-- Hand-written notes below this line are kept when bench/run.js rewrites the file. -->";

const TARGETS = {
  synthOverFloor: 1.5,
  rootOverOurs: 5,
  perSetGrowth: 1.5,
  jestSeconds: 60,
};

function ms(value) {
  return value === null || value === undefined ? "n/a" : `${Math.round(value).toLocaleString("en-US")} ms`;
}

function mib(value) {
  return value === null || value === undefined ? "n/a" : `${value.toFixed(0)} MiB`;
}

function ratio(value) {
  return value === null || Number.isNaN(value) ? "n/a" : `${value.toFixed(2)}x`;
}

function verdict(met) {
  if (met === null) {
    return "not measured";
  }
  return met ? "met" : "**missed**";
}

function divide(numerator, denominator) {
  return numerator === null || denominator === null || denominator === undefined || denominator === 0 ? null : numerator / denominator;
}

/** Computes the target ratios; each check is null when its inputs were not measured. */
function checkTargets(results) {
  const { floor, ours, rootImports } = results.synth;
  const synthOverFloor = divide(ours.wallMs, floor.wallMs);
  const rssOverFloor = divide(ours.peakRssMib, floor.peakRssMib);
  const rootOverOursTime = divide(rootImports.wallMs, ours.wallMs);
  const rootOverOursRss = divide(rootImports.peakRssMib, ours.peakRssMib);

  // Per-set growth compares the largest stack with the second largest (50 and 10 by default).
  const bySize = [...results.scaling].sort((a, b) => a.sets - b.sets);
  const largest = bySize[bySize.length - 1];
  const second = bySize.length >= 2 ? bySize[bySize.length - 2] : undefined;
  const perSetGrowth = second ? divide(largest.perSetMs, second.perSetMs) : null;

  const jestSeconds = results.tools.jest ? results.tools.jest.wallMs / 1000 : null;
  const check = (value, met) => (value === null ? null : met(value));
  return [
    {
      name: "cold synth / floor, wall time",
      value: ratio(synthOverFloor),
      target: `<= ${TARGETS.synthOverFloor}x`,
      met: check(synthOverFloor, (value) => value <= TARGETS.synthOverFloor),
    },
    { name: "cold synth / floor, peak RSS", value: ratio(rssOverFloor), target: "(no target)", met: undefined },
    {
      name: "root imports / ours, wall time",
      value: ratio(rootOverOursTime),
      target: `>= ${TARGETS.rootOverOurs}x`,
      met: check(rootOverOursTime, (value) => value >= TARGETS.rootOverOurs),
    },
    {
      name: "root imports / ours, peak RSS",
      value: ratio(rootOverOursRss),
      target: `>= ${TARGETS.rootOverOurs}x`,
      met: check(rootOverOursRss, (value) => value >= TARGETS.rootOverOurs),
    },
    {
      name: second ? `per-set cost at ${largest.sets} sets / at ${second.sets} sets` : "per-set growth",
      value: ratio(perSetGrowth),
      target: `<= ${TARGETS.perSetGrowth}x`,
      met: check(perSetGrowth, (value) => value <= TARGETS.perSetGrowth),
    },
    {
      name: "Jest suite wall time",
      value: jestSeconds === null ? "n/a" : `${jestSeconds.toFixed(1)} s`,
      target: `< ${TARGETS.jestSeconds} s`,
      met: check(jestSeconds, (value) => value < TARGETS.jestSeconds),
    },
  ];
}

function renderTables(results) {
  const { synth, scaling, tools, cli, machine } = results;
  const lines = [];
  const runs = results.options.runs;

  lines.push(`## Cold synth of the main example (median of ${runs} runs)`, "");
  lines.push(
    `The example synthesizes ${synth.resources.resources} resources and ${synth.resources.dataSources} data sources ` +
      `in ${synth.stacks.length} stack(s) (${synth.stacks.join(", ")}), through ${synth.providerModules.length} provider deep modules.`,
    "",
  );
  lines.push("| Process | Wall time | Peak RSS | Files loaded |", "| --- | ---: | ---: | ---: |");
  lines.push(`| Floor: load cdktf, constructs and the ${synth.providerModules.length} provider modules, exit | ${ms(synth.floor.wallMs)} | ${mib(synth.floor.peakRssMib)} | ${synth.floor.loadedFiles} |`);
  lines.push(`| Ours: compiled examples/ml-training/main.js (deep imports) | ${ms(synth.ours.wallMs)} | ${mib(synth.ours.peakRssMib)} | ${synth.ours.loadedFiles} |`);
  lines.push(`| Same stack with root-package provider imports | ${ms(synth.rootImports.wallMs)} | ${mib(synth.rootImports.peakRssMib)} | ${synth.rootImports.loadedFiles} |`);
  if (cli) {
    lines.push(`| \`cdktf synth\` CLI end to end (ts-node app, 1 run) | ${ms(cli.wallMs)} | ${mib(cli.peakRssMib)} | n/a |`);
  }
  lines.push("");

  const { phases } = synth;
  lines.push(
    "In-process phases of the same example (bench/fixtures/phases.js, median of each phase): " +
      `Node startup ${ms(phases.startupMs)}, loading the floor modules ${ms(phases.floorLoadMs)}, ` +
      `loading the package's compiled sources ${ms(phases.sourceLoadMs)}, building the stack ${ms(phases.buildMs)}, ` +
      `\`app.synth()\` with validations ${ms(phases.synthMs)}.`,
    "",
  );

  lines.push(`## Scaling (median of ${runs} runs, fresh process per size)`, "");
  lines.push(
    "Each set is one Parallelstore instance, one static PersistentVolume and PersistentVolumeClaim pair and one workload; " +
      "build and synth times are taken inside the process after a one-set warm-up stack.",
    "",
  );
  lines.push("| Sets | Build | Synth (validations on) | Build + synth | Per set | Process wall time | Peak RSS |");
  lines.push("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const row of scaling) {
    lines.push(
      `| ${row.sets} | ${ms(row.buildMs)} | ${ms(row.synthMs)} | ${ms(row.totalMs)} | ${row.perSetMs.toFixed(1)} ms | ${ms(row.wallMs)} | ${mib(row.peakRssMib)} |`,
    );
  }
  lines.push("");

  lines.push("## Build and tests", "");
  lines.push("| Command | Runs | Wall time (median) | Peak RSS |", "| --- | ---: | ---: | ---: |");
  lines.push(`| \`tsc -p tsconfig.build.json\` (clean build, as \`npm run build\`) | ${tools.build.runs} | ${ms(tools.build.wallMs)} | ${mib(tools.build.peakRssMib)} |`);
  lines.push(`| \`tsc -p tsconfig.json --noEmit\` (type check, first step of \`npm test\`) | ${tools.typecheck.runs} | ${ms(tools.typecheck.wallMs)} | ${mib(tools.typecheck.peakRssMib)} |`);
  if (tools.jest) {
    lines.push(`| \`jest\` (whole suite: ${tools.jest.tests}) | ${tools.jest.runs} | ${ms(tools.jest.wallMs)} | ${mib(tools.jest.peakRssMib)} of the main process |`);
  }
  lines.push("");

  lines.push("## Targets", "");
  lines.push("| Ratio | Measured | Target | Result |", "| --- | ---: | ---: | --- |");
  for (const row of checkTargets(results)) {
    lines.push(`| ${row.name} | ${row.value} | ${row.target} | ${row.met === undefined ? "" : verdict(row.met)} |`);
  }
  lines.push("");

  lines.push("## Machine", "");
  lines.push(
    `${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGib.toFixed(1)} GiB RAM, ${machine.platform}, Node ${machine.node}. ` +
      `Run started ${results.startedAt} and finished ${results.finishedAt}. ` +
      `Other processes used ${(results.otherProcessesShare * 100).toFixed(1)}% of the machine's CPU time during the synth, ` +
      "scaling and tsc steps (/proc/stat busy time minus the time of this benchmark and its waited-for children; " +
      "the Jest and CLI steps are left out because their worker processes are not waited for), " +
      `and kept it ${(results.busyBefore * 100).toFixed(0)}% busy in the 2 s before the run and ${(results.busyAfter * 100).toFixed(0)}% in the 2 s after it.`,
    "",
  );
  return lines.join("\n");
}

const METHOD = `## Method

- Every synth is a fresh \`node\` process that runs JavaScript compiled by \`tsc -p bench/tsconfig.json\`
  into bench/out/js, so ts-node's compile time is not counted. Output goes to a scratch
  \`CDKTF_OUTDIR\`. Wall time is taken by the parent around the whole child process (Node startup
  included); peak RSS is the child's "Maximum resident set size" from GNU \`/usr/bin/time -v\`.
- Floor: bench/fixtures/floor.js loads \`constructs\`, \`cdktf\` and exactly the provider deep
  modules the example loaded (recorded from \`require.cache\` in a separate run), then exits.
- Root imports: bench/fixtures/root-imports.js is preloaded into the same compiled example and turns
  each \`require("@cdktf/provider-google/lib/X")\` into \`require("@cdktf/provider-google").x\`,
  which is what \`import * as google from "@cdktf/provider-google"\` loads. The run aborts unless
  both variants write byte-identical Terraform JSON.
- The three synth variants run interleaved, run by run, so that load changes hit all three alike.
- Scaling: bench/fixtures/scaling.ts builds N sets through the package's public API in one
  stack (one cluster and GPU pool, one network and reserved range per 16 sets, a
  \`ParallelstoreInvariants\` check per set) and calls \`app.synth()\`, which runs every
  construct validation as \`cdktf synth\` does.
- Build: \`tsc -p tsconfig.build.json\` into an emptied scratch dir (no incremental build info).
  Jest runs with its cache as left by earlier runs.
`;

const RERUN = `## Rerun

\`\`\`sh
npm run bench                 # 5 runs per measurement, writes BENCHMARKS.md
npm run bench -- --quick      # 1 run, no Jest, no CLI; prints only
npm run bench -- --runs 9 --sets 1,10,50,100
npm run bench -- --help
node bench/profile.js phases  # CPU profile of one synth (also: ours, root-imports, floor, scale N)
\`\`\`

Raw samples of the last run are in bench/out/results.json. Close other work first: the
figures above are only comparable between runs on an otherwise idle machine.
`;

/** Renders the report; writes it to `file` when `write` is set. Returns the rendered text. */
function writeReport(results, file, write) {
  const tables = renderTables(results);
  let notes = "";
  if (fs.existsSync(file)) {
    const existing = fs.readFileSync(file, "utf8");
    const at = existing.indexOf(NOTES_MARKER);
    notes = at >= 0 ? existing.slice(at + NOTES_MARKER.length).replace(/^\n+/, "") : "";
  }
  const text = [
    "# Benchmarks",
    "",
    "Synth time and memory of the main example against a floor and against root-package provider",
    "imports, synth scaling with the number of file systems and workloads, and build and test times.",
    `Generated by \`npm run bench\` (bench/run.js) on ${results.startedAt.slice(0, 10)}.`,
    "",
    tables,
    METHOD,
    RERUN,
    NOTES_MARKER,
    "",
    notes,
  ].join("\n");
  if (write) {
    fs.writeFileSync(file, text.replace(/\n+$/, "\n"));
  }
  return { summary: tables, text };
}

module.exports = { writeReport, checkTargets };
