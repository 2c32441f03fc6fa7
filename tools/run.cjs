// What every npm script runs a tool through: the tool (TypeScript) with tsx,
// or, when the project's packages are not there, one line that says what to
// do instead of the shell's "tsx: not found" (exit 127). Plain Node, so it
// runs before `npm install`.
"use strict";
const { spawnSync } = require("node:child_process");
const { dirname, join } = require("node:path");

let cli;
try {
  cli = require.resolve("tsx/cli", { paths: [join(__dirname, "..")] });
} catch (e) {
  const root = dirname(__dirname);
  console.error(`the project's packages are not installed: run \`npm install\` in ${root} first (its dev dependencies hold the build tools: not with --omit=dev or NODE_ENV=production)`);
  process.exit(1);
}
const run = spawnSync(process.execPath, [cli].concat(process.argv.slice(2)), { stdio: "inherit" });
process.exit(run.status === null ? 1 : run.status);
