#!/usr/bin/env node
"use strict";
// Benchmark of synth time, peak memory, scaling and tool times. Usage and options: `--help`.

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { hasGnuTime, measureProcess, medianOf } = require("./lib/measure");
const { providerModulesOf } = require("./lib/provider-modules");
const { writeReport } = require("./lib/report");

const {
  ROOT,
  OUT,
  JS_OUT,
  SCRATCH,
  FLOOR_MODULES_JSON,
  EXAMPLE_JS,
  SCALING_JS,
  SOURCE_INDEX_JS,
  FLOOR_JS,
  PHASES_JS,
  ROOT_IMPORTS_JS,
  RECORD_MODULES_JS,
  CHILD_ENV,
} = require("./lib/paths");
const TSC = path.join(ROOT, "node_modules", ".bin", "tsc");
const JEST = path.join(ROOT, "node_modules", ".bin", "jest");
const CDKTF = path.join(ROOT, "node_modules", ".bin", "cdktf");

// A cdktf CLI that started this script would pass its context on, and the example must not see it.
delete process.env.CDKTF_CONTEXT_JSON;
delete process.env.CDKTF_TARGET_STACK_ID;
delete process.env.CDKTF_OUTDIR;

const HELP = `Usage: npm run bench -- [options]

Options:
  --quick        1 run per measurement, scaling at 1 and 10 sets, no Jest, no CLI;
                 prints the results and leaves BENCHMARKS.md unchanged unless --write is given
  --runs N       runs per measurement, median reported (default 5, or BENCH_RUNS)
  --sets A,B,C   set counts of the scaling stacks (default 1,10,50, or BENCH_SETS)
  --tool-runs N  runs of the tsc build and of Jest (default 3, or BENCH_TOOL_RUNS)
  --no-jest      skip the Jest suite
  --no-cli       skip the cdktf synth CLI run
  --write        write BENCHMARKS.md (the default without --quick)
  --no-write     print the results only
  --help         print this help`;

function parseOptions(argv) {
  const options = {
    quick: false,
    runs: Number(process.env.BENCH_RUNS ?? 5),
    sets: (process.env.BENCH_SETS ?? "1,10,50").split(",").map(Number),
    toolRuns: Number(process.env.BENCH_TOOL_RUNS ?? 3),
    jest: true,
    cli: true,
    write: undefined,
  };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === "--help") {
      process.stdout.write(HELP + "\n");
      process.exit(0);
    } else if (argument === "--quick") {
      Object.assign(options, { quick: true, runs: 1, sets: [1, 10], toolRuns: 1, jest: false, cli: false });
    } else if (argument === "--runs") {
      options.runs = Number(argv[++index]);
    } else if (argument === "--sets") {
      options.sets = String(argv[++index]).split(",").map(Number);
    } else if (argument === "--tool-runs") {
      options.toolRuns = Number(argv[++index]);
    } else if (argument === "--no-jest") {
      options.jest = false;
    } else if (argument === "--no-cli") {
      options.cli = false;
    } else if (argument === "--write") {
      options.write = true;
    } else if (argument === "--no-write") {
      options.write = false;
    } else {
      throw new Error(`unknown option ${JSON.stringify(argument)}. See --help.`);
    }
  }
  for (const [name, value] of [["--runs", options.runs], ["--tool-runs", options.toolRuns], ...options.sets.map((sets) => ["--sets", sets])]) {
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`invalid ${name} value ${JSON.stringify(value)}. Pass a positive integer.`);
    }
  }
  options.write = options.write ?? !options.quick;
  return options;
}

function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Samples /proc/stat for `ms` and returns the share of CPU time spent busy, from 0 to 1. */
function sampleCpuBusy(ms) {
  const read = () => {
    const fields = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3] + fields[4]; // idle + iowait
    return { idle, total: fields.reduce((sum, value) => sum + value, 0) };
  };
  const before = read();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  const after = read();
  const total = after.total - before.total;
  return total === 0 ? 0 : 1 - (after.idle - before.idle) / total;
}

/**
 * Reads CPU time counters in clock ticks: busy and total time of the whole machine from
 * /proc/stat, and this process's own time plus that of its waited-for children from /proc/self/stat.
 */
function readCpuTicks() {
  const machine = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const total = machine.reduce((sum, value) => sum + value, 0);
  const busy = total - machine[3] - machine[4];
  // Fields after the parenthesized command name: utime, stime, cutime and cstime are fields 14-17.
  const self = fs.readFileSync("/proc/self/stat", "utf8");
  const fields = self.slice(self.lastIndexOf(")") + 2).split(" ").map(Number);
  const ours = fields[11] + fields[12] + fields[13] + fields[14];
  return { total, busy, ours };
}

// CPU ticks of the steps whose child processes are all waited for, so that their time is in
// /proc/self/stat. Jest workers and the processes under the cdktf CLI are not waited for, so
// those steps are left out of this account.
const accountedTicks = { total: 0, busy: 0, ours: 0 };

/** Runs `step` and adds its machine-wide and own CPU ticks to `accountedTicks`. */
function accounted(step) {
  const start = readCpuTicks();
  const result = step();
  const end = readCpuTicks();
  for (const key of Object.keys(accountedTicks)) {
    accountedTicks[key] += end[key] - start[key];
  }
  return result;
}

function freshDir(name) {
  const dir = path.join(SCRATCH, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Returns the synthesized Terraform JSON of every stack under a cdktf outdir, keyed by stack. */
function readStacks(outdir) {
  const stacksDir = path.join(outdir, "stacks");
  const stacks = {};
  for (const stack of fs.readdirSync(stacksDir).sort()) {
    stacks[stack] = fs.readFileSync(path.join(stacksDir, stack, "cdk.tf.json"), "utf8");
  }
  return stacks;
}

function countResources(stacks) {
  let resources = 0;
  let dataSources = 0;
  for (const text of Object.values(stacks)) {
    const json = JSON.parse(text);
    for (const blocks of Object.values(json.resource ?? {})) {
      resources += Object.keys(blocks).length;
    }
    for (const blocks of Object.values(json.data ?? {})) {
      dataSources += Object.keys(blocks).length;
    }
  }
  return { resources, dataSources };
}

function compile() {
  fs.rmSync(JS_OUT, { recursive: true, force: true });
  log("compiling src/, examples/ and bench/ fixtures with tsc -p bench/tsconfig.json");
  measureProcess(TSC, ["-p", path.join(__dirname, "tsconfig.json")], { cwd: ROOT });

  // tsc emits only JavaScript, so copy the example's other files (configs read through
  // __dirname) next to the compiled example.
  const examples = path.join(ROOT, "examples");
  for (const file of fs.readdirSync(examples, { recursive: true })) {
    const source = path.join(examples, file);
    if (fs.statSync(source).isFile() && !file.endsWith(".ts")) {
      fs.mkdirSync(path.dirname(path.join(JS_OUT, "examples", file)), { recursive: true });
      fs.copyFileSync(source, path.join(JS_OUT, "examples", file));
    }
  }
}

/** Runs a Node script once with the module recorder and returns the loaded files and the stacks it wrote. */
function discover(name, nodeArgs) {
  const outdir = freshDir(`discover-${name}`);
  const listFile = path.join(outdir, "modules.txt");
  measureProcess(process.execPath, ["--require", RECORD_MODULES_JS, ...nodeArgs], {
    cwd: ROOT,
    env: { ...CHILD_ENV, CDKTF_OUTDIR: outdir, BENCH_MODULE_LIST: listFile },
  });
  const loadedFiles = fs.readFileSync(listFile, "utf8").split("\n").filter(Boolean);
  const wroteStacks = fs.existsSync(path.join(outdir, "stacks"));
  return { loadedFiles, stacks: wroteStacks ? readStacks(outdir) : {} };
}

function runNode(name, nodeArgs) {
  const outdir = freshDir(name);
  const { wallMs, peakRssMib, stdout } = measureProcess(process.execPath, nodeArgs, {
    cwd: ROOT,
    env: { ...CHILD_ENV, CDKTF_OUTDIR: outdir },
  });
  fs.rmSync(outdir, { recursive: true, force: true });
  return { wallMs, peakRssMib, stdout };
}

function measureSynth(options) {
  log("recording the modules the example loads, with deep and with root imports");
  const ours = discover("ours", [EXAMPLE_JS]);
  const rootImports = discover("root-imports", ["--require", ROOT_IMPORTS_JS, EXAMPLE_JS]);
  const providers = providerModulesOf(ours.loadedFiles);
  if (providers.root.length > 0) {
    log(`WARNING: the example loads root provider packages (${providers.root.join(", ")}); deep imports expected`);
  }
  const sameOutput = JSON.stringify(ours.stacks) === JSON.stringify(rootImports.stacks);
  if (!sameOutput) {
    throw new Error("the root-import variant synthesized different Terraform JSON than the example. Fix bench/fixtures/root-imports.js.");
  }
  const moduleListFile = FLOOR_MODULES_JSON;
  fs.writeFileSync(moduleListFile, JSON.stringify(providers.deep, null, 2) + "\n");
  const floorDiscovery = discover("floor", [FLOOR_JS, moduleListFile]);

  // Interleave the three variants run by run, so that drift in machine load hits all alike.
  log(`cold synth, floor and root imports: ${options.runs} runs each`);
  const samples = { floor: [], ours: [], rootImports: [] };
  for (let run = 0; run < options.runs; run++) {
    samples.floor.push(runNode("floor", [FLOOR_JS, moduleListFile]));
    samples.ours.push(runNode("ours", [EXAMPLE_JS]));
    samples.rootImports.push(runNode("root-imports", ["--require", ROOT_IMPORTS_JS, EXAMPLE_JS]));
  }
  log(`in-process phases of the example: ${options.runs} runs`);
  const phases = medianOf(options.runs, () => {
    const { stdout } = runNode("phases", [PHASES_JS, EXAMPLE_JS, SOURCE_INDEX_JS, moduleListFile]);
    return JSON.parse(stdout.trim().split("\n").pop());
  });

  const summarize = (list, loadedFiles) => ({ ...medianOf(list.length, (run) => list[run]), loadedFiles: loadedFiles.length });
  return {
    providerModules: providers.deep,
    resources: countResources(ours.stacks),
    stacks: Object.keys(ours.stacks),
    floor: summarize(samples.floor, floorDiscovery.loadedFiles),
    ours: summarize(samples.ours, ours.loadedFiles),
    rootImports: summarize(samples.rootImports, rootImports.loadedFiles),
    phases,
  };
}

function measureScaling(options) {
  const results = [];
  for (const sets of options.sets) {
    log(`scaling: ${sets} sets, ${options.runs} runs`);
    const summary = medianOf(options.runs, () => {
      const { wallMs, peakRssMib, stdout } = runNode(`scale-${sets}`, [SCALING_JS, String(sets)]);
      const inProcess = JSON.parse(stdout.trim().split("\n").pop());
      return { wallMs, peakRssMib, buildMs: inProcess.buildMs, synthMs: inProcess.synthMs, totalMs: inProcess.totalMs };
    });
    results.push({ sets, ...summary, perSetMs: summary.totalMs / sets });
  }
  return results;
}

function measureCli() {
  log("cdktf synth CLI, once");
  const outdir = freshDir("cli");
  const { wallMs, peakRssMib } = measureProcess(CDKTF, ["synth", "--output", outdir], { cwd: ROOT, env: CHILD_ENV });
  fs.rmSync(outdir, { recursive: true, force: true });
  return { wallMs, peakRssMib, runs: 1 };
}

function measureTools(options) {
  const tools = {};
  log(`tsc build (clean, tsconfig.build.json into a scratch dir): ${options.toolRuns} runs`);
  tools.build = accounted(() => medianOf(options.toolRuns, () => {
    const outDir = freshDir("build-lib");
    const result = measureProcess(TSC, ["-p", "tsconfig.build.json", "--outDir", outDir], { cwd: ROOT });
    fs.rmSync(outDir, { recursive: true, force: true });
    return { wallMs: result.wallMs, peakRssMib: result.peakRssMib };
  }));
  log(`tsc type check (tsconfig.json --noEmit): ${options.toolRuns} runs`);
  tools.typecheck = accounted(() => medianOf(options.toolRuns, () => {
    const result = measureProcess(TSC, ["-p", "tsconfig.json", "--noEmit"], { cwd: ROOT });
    return { wallMs: result.wallMs, peakRssMib: result.peakRssMib };
  }));
  if (options.jest) {
    log(`Jest suite: ${options.toolRuns} runs`);
    tools.jest = medianOf(options.toolRuns, () => {
      // A failing test still gives a suite time, so the run goes on and the report shows the failure.
      const result = measureProcess(JEST, [], { cwd: ROOT, env: CHILD_ENV, allowFailure: true });
      if (result.status !== 0) {
        log(`WARNING: jest exited with code ${result.status}; its time is still reported`);
      }
      const summary = /Tests:\s+(.*)/.exec(result.stderr);
      return { wallMs: result.wallMs, peakRssMib: result.peakRssMib, tests: summary ? summary[1].trim() : "unknown" };
    });
    tools.jest.tests = tools.jest.samples[tools.jest.samples.length - 1].tests;
  }
  return tools;
}

function main() {
  const options = parseOptions(process.argv.slice(2));
  fs.mkdirSync(SCRATCH, { recursive: true });
  const startedAt = new Date();
  const busyBefore = sampleCpuBusy(2000);
  log(`CPU busy before start: ${(busyBefore * 100).toFixed(0)}% of ${os.cpus().length} cores`);

  accounted(compile);
  const results = {
    options,
    startedAt: startedAt.toISOString(),
    machine: {
      cores: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      memoryGib: os.totalmem() / 1024 ** 3,
      node: process.version,
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
      gnuTime: hasGnuTime,
    },
    busyBefore,
    synth: accounted(() => measureSynth(options)),
    scaling: accounted(() => measureScaling(options)),
    cli: options.cli ? measureCli() : undefined,
    tools: measureTools(options),
  };
  // Share of the machine's CPU time that other processes used during the accounted steps.
  const { total, busy, ours } = accountedTicks;
  results.otherProcessesShare = total === 0 ? 0 : Math.max(0, (busy - ours) / total);
  results.busyAfter = sampleCpuBusy(2000);
  results.finishedAt = new Date().toISOString();

  fs.writeFileSync(path.join(OUT, "results.json"), JSON.stringify(results, null, 2) + "\n");
  const report = writeReport(results, path.join(ROOT, "BENCHMARKS.md"), options.write);
  process.stdout.write(report.summary + "\n");
  log(options.write ? "wrote BENCHMARKS.md and bench/out/results.json" : "wrote bench/out/results.json (BENCHMARKS.md unchanged)");
  fs.rmSync(SCRATCH, { recursive: true, force: true });
}

main();
