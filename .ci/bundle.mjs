// The web outputs, bundled by esbuild (pinned in .ci/web-tools). Reads one
// JSON request on stdin and writes its answer as JSON on stdout:
//
// - {command: "worker"}: www/worker.js and the engine's glue as one classic
//   script, for the one-file build (the worker there has one module: the
//   engine, which answers the first-view calls too);
// - {command: "page", inline}: www/page.js and everything it imports as one
//   ES module, with www/inline.js replaced by `inline` (the one file's
//   inlined worker, WebAssembly and styles);
// - {command: "inputs", entries}: the files under www/ that the entries reach
//   by static or dynamic import (what the npm package ships);
// - {command: "site"}: the served page, dist/web/: element.js (the element
//   and everything it imports, one module), page.js (the page around it),
//   worker.js (the worker; the wasm-bindgen glue in pkg/ stays apart, since
//   the engine is loaded only when needed), and the static files as they are.
//
// Each answer is {code} or {inputs}; errors go to stderr with a non-zero exit.

import { cpSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const WWW = path.join(ROOT, "www");
const esbuild = (await import(pathToFileURL(path.join(process.env.ESBUILD, "lib", "main.js")).href)).default;

const request = JSON.parse(readFileSync(0, "utf8"));

/** Replaces `old` (exactly once) in the file at `file` as esbuild loads it. */
function rewrite(file, replacements) {
  return {
    name: `rewrite ${path.basename(file)}`,
    setup(build) {
      build.onLoad({ filter: new RegExp(`${path.basename(file).replace(".", "\\.")}$`) }, (args) => {
        if (path.resolve(args.path) !== path.resolve(file)) return undefined;
        let text = readFileSync(args.path, "utf8");
        for (const [old, replacement] of replacements) {
          const count = text.split(old).length - 1;
          if (count !== 1) throw new Error(`expected exactly one \`${old}\` in ${path.relative(ROOT, file)}, found ${count}`);
          text = text.replace(old, () => replacement);
        }
        return { contents: text, loader: "js" };
      });
    },
  };
}

const common = { absWorkingDir: ROOT, bundle: true, write: false, charset: "utf8", legalComments: "none", logLevel: "silent", target: "es2022" };

async function worker() {
  const built = await esbuild.build({
    ...common,
    entryPoints: [path.join(WWW, "worker.js")],
    format: "iife",
    banner: { js: '"use strict";' },
    // The glue's default WebAssembly URL is never used (the page passes the
    // compiled module in), but must still be a valid URL in a classic worker.
    define: { "import.meta.url": "self.location.href" },
    plugins: [
      rewrite(path.join(WWW, "worker.js"), [
        ['from "./pkg/internal_tls_wizard.js";', 'from "./pkg/internal_tls_wizard_engine.js";'],
        ['import("./pkg/internal_tls_wizard_engine.js")', 'Promise.reject(new Error("the one-file build has no second module"))'],
      ]),
    ],
  });
  return { code: built.outputFiles[0].text };
}

async function page() {
  const built = await esbuild.build({
    ...common,
    entryPoints: [path.join(WWW, "page.js")],
    format: "esm",
    metafile: true,
    plugins: [rewrite(path.join(WWW, "inline.js"), [["export const INLINE = null;", `export ${request.inline}`]])],
  });
  return { code: built.outputFiles[0].text, inputs: inputsOf(built.metafile) };
}

function inputsOf(metafile) {
  return Object.keys(metafile.inputs)
    .map((file) => path.relative(WWW, path.resolve(ROOT, file)).split(path.sep).join("/"))
    .sort();
}

async function inputs() {
  const built = await esbuild.build({
    ...common,
    entryPoints: request.entries.map((entry) => path.join(WWW, entry)),
    outdir: path.join(ROOT, "target", "web-tools", "inputs"),
    format: "esm",
    splitting: true,
    metafile: true,
  });
  return { inputs: inputsOf(built.metafile) };
}

async function site() {
  const out = path.join(ROOT, "dist", "web");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const built = await esbuild.build({
    ...common,
    write: true,
    entryPoints: ["element.js", "page.js", "worker.js"].map((entry) => path.join(WWW, entry)),
    outdir: out,
    format: "esm",
    metafile: true,
    // Each entry stays its own file at its own URL: the page imports the
    // element, the element starts the worker by URL, the worker imports the glue.
    external: ["./element.js", "./pkg/*"],
  });
  for (const name of ["index.html", "style.css", "wizard.css", "icon.svg", "pkg", "examples"]) {
    cpSync(path.join(WWW, name), path.join(out, name), {
      recursive: true,
      filter: (source) => !/\.(d\.ts|md)$/.test(source),
    });
  }
  return { outputs: Object.keys(built.metafile.outputs).map((file) => path.relative(out, path.resolve(ROOT, file))).sort() };
}

const commands = { worker, page, inputs, site };
const run = commands[request.command];
if (!run) throw new Error(`unknown command ${request.command}`);
process.stdout.write(JSON.stringify(await run()));
