// Every caption file of the course packages, parsed by the W3C validator's WebVTT parser (npm webvtt-parser),
// in strict mode: any error fails. Usage: node captions.mjs [folder] (default: the repository's courses/).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import pkg from "webvtt-parser";

const { WebVTTParser } = pkg;
const root = process.argv[2] ?? new URL("../../courses", import.meta.url).pathname;

function* files(folder) {
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (name.endsWith(".vtt")) yield path;
  }
}

const parser = new WebVTTParser();
let checked = 0;
let cues = 0;
let failed = 0;
for (const path of files(root)) {
  const tree = parser.parse(readFileSync(path, "utf8"), "metadata");
  checked++;
  cues += tree.cues.length;
  for (const error of tree.errors) {
    failed++;
    console.error(`${path}:${error.line}: ${error.message}`);
  }
}

console.log(`captions: ${checked} files, ${cues} cues, ${failed} errors`);
process.exit(failed === 0 && checked > 0 ? 0 : 1);
