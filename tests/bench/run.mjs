// Drives the browser half of the benchmark (bash .ci/bench runs it after the
// native half): starts tests/bench/serve.py, then in headless Chromium
//   1. records what the product page loads on first view (every response, the
//      page's and its workers', from navigation until the form is interactive
//      and a quiet second after it), each raw and gzip-compressed;
//   2. times navigation → interactive (the first-view module instantiated in
//      the workers, the settings checked, Generate enabled), over 10 cold
//      loads, each in a new browser context;
//   3. opens the benchmark page (tests/bench/page/) and runs it: ours vs
//      @peculiar/x509 vs node-forge, and the 8-certificate bundle check.
// Then merges target/bench/native.json (written by the native half, if
// present), prints the table and writes target/bench/results.json and
// target/bench/chart.svg.

import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const OUT = path.join(ROOT, "target", "bench");
const COLD_LOADS = 10;
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn("python3", [path.join(ROOT, "tests", "bench", "serve.py")], {
      env: { ...process.env, PORT: "0", QUIET: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the bench server did not start:\n${output}`));
    }, 10_000);
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const match = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], stop: () => child.kill("SIGTERM") });
      }
    });
    child.stderr.on("data", (chunk) => (output += chunk));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the bench server exited with ${code}:\n${output}`));
    });
  });
}

// Records, from the very start of the document, when the form first becomes
// interactive: the page marked ready (workers up), the live checks done, and
// Generate enabled. performance.now() counts from navigation start.
function interactiveProbe() {
  window.__interactive = null;
  // The form lives in the open shadow root of <internal-tls-wizard>; its
  // mutations are watched too once it exists.
  const watched = new WeakSet();
  const test = () => {
    if (window.__interactive !== null) return;
    const host = document.querySelector("internal-tls-wizard");
    const root = host && host.shadowRoot;
    if (root && !watched.has(root)) {
      watched.add(root);
      new MutationObserver(test).observe(root, { subtree: true, childList: true, attributes: true });
    }
    const button = root && root.getElementById("generate");
    const summary = root && root.getElementById("summary");
    if (
      document.body &&
      document.body.classList.contains("ready") &&
      button &&
      !button.disabled &&
      summary &&
      summary.getAttribute("aria-busy") === "false"
    ) {
      window.__interactive = performance.now();
    }
  };
  new MutationObserver(test).observe(document, { subtree: true, childList: true, attributes: true });
}

async function coldLoad(browser, url, record) {
  const context = await browser.newContext();
  const responses = [];
  if (record) {
    context.on("response", (response) => responses.push({ response, at: Date.now() }));
  }
  const page = await context.newPage();
  await page.addInitScript(interactiveProbe);
  await page.goto(url);
  await page.waitForFunction(() => window.__interactive !== null, null, { timeout: 30_000 });
  const interactive = await page.evaluate(() => window.__interactive);
  // The page's own start-up marks (core.js's mark(): itw:start, itw:core-compiled,
  // itw:checker-ready, itw:generator-ready, itw:interactive) and DOMContentLoaded.
  const phases = await page.evaluate(() => {
    const out = { "DOMContentLoaded": performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd };
    for (const m of performance.getEntriesByType("mark")) if (m.name.startsWith("itw:")) out[m.name.slice(4)] = m.startTime;
    return out;
  });
  let files = null;
  if (record) {
    const interactiveAt = (await page.evaluate(() => performance.timeOrigin)) + interactive;
    // Anything else loaded before the user acts (the workers fetch the engine
    // soon after the form is up, for offline use).
    await page.waitForTimeout(3000);
    files = [];
    for (const { response, at } of responses) {
      const body = await response.body().catch(() => null);
      if (!body) continue;
      const name = new URL(response.url()).pathname;
      // Workers' responses reach this process late, so the engine (which the
      // workers fetch only after they are ready) is told apart by name; the
      // arrival time is kept for the record.
      const phase = name.includes("_engine") ? "after interactive" : "to interactive";
      files.push({ name, phase, arrived_after_interactive: at > interactiveAt, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length });
    }
    files.sort((a, b) => a.phase.localeCompare(b.phase) || a.name.localeCompare(b.name));
  }
  await context.close();
  return { interactive, phases, files };
}

function chromiumVersion() {
  try {
    return execFileSync(CHROMIUM, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unknown";
  }
}

function machine() {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const model = (/^model name\s*:\s*(.+)$/m.exec(cpuinfo) || [])[1] || "unknown";
  const nproc = execFileSync("nproc", { encoding: "utf8" }).trim();
  const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  return { nproc: Number(nproc), cpu: model.trim(), chromium: chromiumVersion(), node: process.version, loadavg: load };
}

const fmt = (v, digits = 1) => (v === null || v === undefined ? "–" : Number(v).toFixed(digits));
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : "–");

function table(results, page, native, host) {
  const lines = [];
  const e = results["ecdsa-p256"];
  const r = results["rsa-2048"];
  lines.push(`Machine: ${host.nproc} cores, ${host.cpu}; ${host.chromium}; node ${host.node}; load average at the end ${host.loadavg} (shared machine)`);
  lines.push("");
  lines.push("| standard bundle (CA + 7 leaves), median ms | ours (wasm, worker) | @peculiar/x509 | node-forge | ours ÷ peculiar | ours ÷ forge |");
  lines.push("| --- | ---: | ---: | ---: | ---: | ---: |");
  lines.push(`| ECDSA P-256 (${page.runs["ecdsa-p256"].ours.length} runs) | ${fmt(e.ours_ms)} | ${fmt(e.peculiar_ms)} | – | ${ratio(e.ours_ms, e.peculiar_ms)} | – |`);
  lines.push(`| RSA-2048 (${page.runs["rsa-2048"].ours.length} runs) | ${fmt(r.ours_ms)} | ${fmt(r.peculiar_ms)} | ${fmt(r.forge_ms)} | ${ratio(r.ours_ms, r.peculiar_ms)} | ${ratio(r.ours_ms, r.forge_ms)} |`);
  const direct = page.medians["ecdsa-p256"].ours_direct;
  if (direct) {
    lines.push("");
    lines.push(`Diagnostic: ECDSA P-256, the engine's \`generate\` called directly on the main thread (no worker round trip, no zip): ${fmt(direct)} ms.`);
  }
  lines.push("");
  lines.push("| page | value | target |");
  lines.push("| --- | ---: | ---: |");
  const early = page.firstView.filter((f) => f.phase === "to interactive");
  lines.push(`| loaded until interactive, gzip | ${sum(early, "gzip")} B (wasm ${sum(early.filter((f) => f.name.endsWith(".wasm")), "gzip")} B) | ≤ 250000 B |`);
  lines.push(`| loaded before any input (with the engine fetched after interactive), gzip | ${results.page.total_gzip_bytes} B (wasm ${results.page.wasm_gzip_bytes} B) | ≤ 250000 B |`);
  lines.push(`| interactive (median of ${COLD_LOADS} cold loads) | ${fmt(results.page.interactive_ms)} ms | ≤ 150 ms |`);
  if (page.phases) {
    const order = Object.entries(page.phases).sort((a, b) => a[1] - b[1]);
    lines.push(`| start-up phases, median ms from navigation | ${order.map(([name, at]) => `${name} ${fmt(at)}`).join(" → ")} | |`);
  }
  lines.push(`| validate a pasted 8-certificate bundle (${page.validate.api}) | ${fmt(results.validate_bundle_ms, 2)} ms | ≤ 20 ms |`);
  if (native) {
    lines.push("");
    lines.push("| native, median ms | value |");
    lines.push("| --- | ---: |");
    for (const [name, value] of Object.entries(native.criterion || {})) lines.push(`| criterion ${name} | ${fmt(value, 3)} |`);
    for (const [name, value] of Object.entries(native.processes || {})) lines.push(`| process: ${name} | ${fmt(value)} |`);
  }
  return lines.join("\n");
}

function sum(files, key) {
  return files.reduce((a, f) => a + f[key], 0);
}

function firstViewTable(files) {
  const lines = [
    "| response (first view, before any input; the engine's wasm fetched once, its glue by each worker) | loaded | bytes | gzip |",
    "| --- | --- | ---: | ---: |",
  ];
  for (const f of files) lines.push(`| ${f.name} | ${f.phase} | ${f.bytes} | ${f.gzip} |`);
  const early = files.filter((f) => f.phase === "to interactive");
  lines.push(`| total to interactive | | ${sum(early, "bytes")} | ${sum(early, "gzip")} |`);
  lines.push(`| total before any input | | ${sum(files, "bytes")} | ${sum(files, "gzip")} |`);
  return lines.join("\n");
}

function escapeXml(text) {
  return String(text).replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]);
}

/** A grouped bar chart of the medians, one panel per key type (own scale each). */
function chart(results, host) {
  const colors = { ours: "#2f6fdf", peculiar: "#e08a1e", forge: "#7a7a7a" };
  const labels = { ours: "ours (wasm)", peculiar: "@peculiar/x509", forge: "node-forge" };
  const panels = [
    ["ECDSA P-256", results["ecdsa-p256"], ["ours", "peculiar"]],
    ["RSA-2048", results["rsa-2048"], ["ours", "peculiar", "forge"]],
  ];
  const width = 720;
  const panelWidth = 330;
  const height = 300;
  const top = 60;
  const bottom = 250;
  let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">\n`;
  svg += `<rect width="100%" height="100%" fill="#fff"/>\n`;
  svg += `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">Standard bundle (CA + 7 leaves), median ms, lower is better</text>\n`;
  svg += `<text x="${width / 2}" y="40" text-anchor="middle" fill="#555">${escapeXml(`${host.chromium}, ${host.nproc} cores ${host.cpu}`)}</text>\n`;
  panels.forEach(([title, values, impls], p) => {
    const x0 = 30 + p * (panelWidth + 30);
    const max = Math.max(...impls.map((i) => values[`${i}_ms`] || 0)) * 1.15 || 1;
    const barWidth = 70;
    const gap = (panelWidth - impls.length * barWidth) / (impls.length + 1);
    svg += `<text x="${x0 + panelWidth / 2}" y="${top}" text-anchor="middle" font-weight="bold">${title}</text>\n`;
    svg += `<line x1="${x0}" y1="${bottom}" x2="${x0 + panelWidth}" y2="${bottom}" stroke="#333"/>\n`;
    impls.forEach((impl, i) => {
      const value = values[`${impl}_ms`];
      const h = ((value || 0) / max) * (bottom - top - 25);
      const x = x0 + gap + i * (barWidth + gap);
      svg += `<rect x="${x.toFixed(1)}" y="${(bottom - h).toFixed(1)}" width="${barWidth}" height="${h.toFixed(1)}" fill="${colors[impl]}"/>\n`;
      svg += `<text x="${(x + barWidth / 2).toFixed(1)}" y="${(bottom - h - 5).toFixed(1)}" text-anchor="middle">${fmt(value)}</text>\n`;
      svg += `<text x="${(x + barWidth / 2).toFixed(1)}" y="${bottom + 16}" text-anchor="middle">${escapeXml(labels[impl])}</text>\n`;
    });
  });
  svg += "</svg>\n";
  return svg;
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  if (!existsSync(path.join(ROOT, "www", "pkg", "internal_tls_wizard_bg.wasm"))) {
    throw new Error("www/pkg is missing: run python3 .ci/build-web first (bash .ci/bench does)");
  }
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    // 1. First view, recorded from the network.
    console.error("first view: recording what the page loads…");
    const first = await coldLoad(browser, server.url, true);
    const wasmFiles = first.files.filter((f) => f.name.endsWith(".wasm"));

    // 2. Interactive, 10 cold loads.
    const loads = [];
    const phaseRuns = [];
    for (let i = 0; i < COLD_LOADS; i++) {
      const load = await coldLoad(browser, server.url, false);
      loads.push(load.interactive);
      phaseRuns.push(load.phases);
    }
    const phases = Object.fromEntries(
      Object.keys(phaseRuns[0]).map((name) => [name, median(phaseRuns.map((p) => p[name]).filter((v) => v !== undefined))]),
    );
    console.error(`interactive: ${loads.map((v) => v.toFixed(0)).join(", ")} ms`);

    // 3. The side-by-side benchmark page.
    console.error("benchmark page: ours vs @peculiar/x509 vs node-forge (a few minutes)…");
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") console.error(`[bench page] ${message.text()}`);
    });
    await page.goto(`${server.url}bench/`);
    let last = "";
    const progress = setInterval(async () => {
      const text = await page.locator("#log").textContent().catch(() => "");
      const line = text.trim().split("\n").at(-1);
      if (line !== last) console.error(`  ${(last = line)}`);
    }, 2000);
    const outcome = await page.evaluate(() => window.__bench);
    clearInterval(progress);
    await context.close();
    if (!outcome.ok) throw new Error(`the benchmark page failed: ${outcome.error}`);
    const bench = outcome.results;
    bench.firstView = first.files;
    bench.phases = phases;

    const nativePath = path.join(OUT, "native.json");
    const native = existsSync(nativePath) ? JSON.parse(readFileSync(nativePath, "utf8")) : null;
    const m = bench.medians;
    const round = (v, d = 2) => (v === null || v === undefined ? null : Math.round(v * 10 ** d) / 10 ** d);
    const results = {
      "ecdsa-p256": { ours_ms: round(m["ecdsa-p256"].ours), peculiar_ms: round(m["ecdsa-p256"].peculiar), forge_ms: null },
      "rsa-2048": { ours_ms: round(m["rsa-2048"].ours), peculiar_ms: round(m["rsa-2048"].peculiar), forge_ms: round(m["rsa-2048"].forge) },
      page: {
        total_gzip_bytes: first.files.reduce((a, f) => a + f.gzip, 0),
        wasm_gzip_bytes: wasmFiles.reduce((a, f) => a + f.gzip, 0),
        interactive_ms: round(median(loads)),
      },
      validate_bundle_ms: round(bench.validate.median, 3),
    };
    const host = machine();
    writeFileSync(path.join(OUT, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(
      path.join(OUT, "details.json"),
      `${JSON.stringify({ machine: host, first_view: first.files, interactive_runs: loads, phase_runs: phaseRuns, bench, native }, null, 2)}\n`,
    );
    writeFileSync(path.join(OUT, "chart.svg"), chart(results, host));
    const text = `${table(results, bench, native, host)}\n\n${firstViewTable(first.files)}\n`;
    writeFileSync(path.join(OUT, "table.md"), text);
    console.log(text);
    console.log(`wrote ${path.relative(ROOT, path.join(OUT, "results.json"))}, chart.svg, table.md, details.json`);
  } finally {
    await browser.close();
    server.stop();
  }
}

main().catch((error) => {
  console.error(error.stack || String(error));
  process.exit(1);
});
