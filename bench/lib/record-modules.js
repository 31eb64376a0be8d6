"use strict";
// Preload (`node --require`) that writes, at exit, the files the process loaded through
// require(), one absolute path per line, to the file named by BENCH_MODULE_LIST.

const fs = require("node:fs");

const listFile = process.env.BENCH_MODULE_LIST;
if (!listFile) {
  throw new Error("record-modules: BENCH_MODULE_LIST is missing. Set it to the path of the output file.");
}
process.on("exit", () => {
  fs.writeFileSync(listFile, Object.keys(require.cache).join("\n") + "\n");
});
