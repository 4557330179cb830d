import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { parseSeed } from "./parseSeed";
import { SeedError } from "./seedError";
import type { SeedSpec } from "./seedSpec";

/**
 * Reads a seed file: `.json` as JSON, anything else as YAML (`.yaml`, `.yml`; YAML also reads JSON).
 * Errors name the file: a syntax error with its line, a format problem with its path in the document.
 */
export function loadSeedFile(file: string): SeedSpec {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new SeedError([`cannot read seed file ${file}: ${(e as Error).message}`]);
  }
  return parseSeedText(text, path.extname(file).toLowerCase() === ".json" ? "json" : "yaml", file);
}

/** Parses seed text (a file's contents or a request body) and validates it. */
export function parseSeedText(text: string, format: "json" | "yaml", source: string): SeedSpec {
  let doc: unknown;
  try {
    doc = format === "json" ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (e) {
    throw new SeedError([`${source} is not valid ${format.toUpperCase()}: ${(e as Error).message.split("\n")[0]}`]);
  }
  try {
    return parseSeed(doc);
  } catch (e) {
    if (e instanceof SeedError) throw new SeedError(e.problems.map((p) => `${source}: ${p}`));
    throw e;
  }
}
