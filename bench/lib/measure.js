"use strict";
// Process measurement helpers: wall time from the parent's monotonic clock, peak RSS from
// GNU time's "Maximum resident set size" (the child's VmHWM, in KiB).

const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const GNU_TIME = "/usr/bin/time";
const hasGnuTime = fs.existsSync(GNU_TIME);

/**
 * Runs `command args` to completion and returns its wall time in ms, peak RSS in MiB (null
 * without GNU time), exit status, stdout and stderr. Throws with the output when the command
 * cannot start, or when it exits non-zero unless `options.allowFailure` is set.
 */
function measureProcess(command, args, options = {}) {
  const timeFile = path.join(os.tmpdir(), `bench-time-${process.pid}-${Date.now()}.txt`);
  const argv = hasGnuTime ? [GNU_TIME, "-v", "-o", timeFile, command, ...args] : [command, ...args];

  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;

  let peakRssMib = null;
  if (hasGnuTime && fs.existsSync(timeFile)) {
    const report = fs.readFileSync(timeFile, "utf8");
    fs.rmSync(timeFile, { force: true });
    const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(report);
    peakRssMib = match ? Number(match[1]) / 1024 : null;
  }
  if (result.error || (result.status !== 0 && !options.allowFailure)) {
    const reason = result.error ? result.error.message : `exit code ${result.status}`;
    throw new Error(
      `command failed (${reason}): ${command} ${args.join(" ")}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`,
    );
  }
  return { wallMs, peakRssMib, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function median(values) {
  const sorted = values.filter((value) => value !== null && value !== undefined).sort((a, b) => a - b);
  if (sorted.length === 0) {
    return null;
  }
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs `measureOnce` `runs` times and returns the medians of its numeric fields, plus the samples. */
function medianOf(runs, measureOnce) {
  const samples = [];
  for (let run = 0; run < runs; run++) {
    samples.push(measureOnce(run));
  }
  const summary = { runs, samples };
  for (const key of Object.keys(samples[0])) {
    if (samples.every((sample) => typeof sample[key] === "number" || sample[key] === null)) {
      summary[key] = median(samples.map((sample) => sample[key]));
    }
  }
  return summary;
}

module.exports = { hasGnuTime, measureProcess, median, medianOf };
