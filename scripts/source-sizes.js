#!/usr/bin/env node
// Lists the files over 300 lines and the functions over 60 lines in provider/ and emulator/ that
// carry no reason. A reason is a comment line `// size: <why>` at the top of the file (for a
// file) or on the line just above the function (for a function). `--all` lists every long one,
// reasons included. Exit code 1 when an unexplained one is found. Used by test/layout.
"use strict";
const fs = require("fs");
const path = require("path");
const ts = require("typescript");

const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 60;
const ROOTS = ["provider", "emulator"];
const SKIP = [path.join("emulator", "ui")];
const repoRoot = path.resolve(__dirname, "..");

function sourceFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (SKIP.includes(rel)) continue;
    if (entry.isDirectory()) out.push(...sourceFiles(rel));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) out.push(rel);
  }
  return out;
}

function reasonAt(lines, index) {
  const m = index >= 0 && index < lines.length ? /^\s*\/\/\s*size:\s*(\S.*)$/.exec(lines[index]) : null;
  return m ? m[1] : undefined;
}

function functionName(node) {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  if (node.name && ts.isStringLiteral(node.name)) return node.name.text;
  if (ts.isConstructorDeclaration(node)) return "constructor";
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return "(anonymous)";
}

/** Every long file and function of `rel`, each with its reason when one is written. */
function measure(rel) {
  const text = fs.readFileSync(path.join(repoRoot, rel), "utf8");
  const lines = text.split("\n");
  const found = [];
  const fileLines = text.endsWith("\n") ? lines.length - 1 : lines.length;
  if (fileLines > MAX_FILE_LINES) {
    const reason = lines.slice(0, 5).map((_, i) => reasonAt(lines, i)).find(Boolean);
    found.push({ where: rel, what: "file", lines: fileLines, reason });
  }
  const sf = ts.createSourceFile(rel, text, ts.ScriptTarget.ES2020, true);
  const visit = (node) => {
    if (ts.isFunctionLike(node) && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.end).line;
      const count = end - start + 1;
      if (count > MAX_FUNCTION_LINES) {
        const stmt = ts.isVariableDeclaration(node.parent) ? node.parent.parent.parent : node;
        const stmtStart = sf.getLineAndCharacterOfPosition(stmt.getStart(sf)).line;
        found.push({ where: `${rel}:${start + 1}`, what: `function ${functionName(node)}`, lines: count, reason: reasonAt(lines, stmtStart - 1) ?? reasonAt(lines, start - 1) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function longParts() {
  return ROOTS.flatMap((root) => sourceFiles(root)).sort().flatMap(measure);
}

module.exports = { longParts, MAX_FILE_LINES, MAX_FUNCTION_LINES };

if (require.main === module) {
  const all = process.argv.includes("--all");
  const parts = longParts();
  let unexplained = 0;
  for (const p of parts) {
    if (!p.reason) unexplained++;
    if (all || !p.reason) console.log(`${p.where}\t${p.what}\t${p.lines} lines${p.reason ? `\t(size: ${p.reason})` : ""}`);
  }
  console.log(`${unexplained} unexplained (files over ${MAX_FILE_LINES} lines, functions over ${MAX_FUNCTION_LINES} lines)`);
  process.exit(unexplained ? 1 : 0);
}
