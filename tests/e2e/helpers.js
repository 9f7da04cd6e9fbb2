// Shared set-up for the end-to-end tests: the real server (.ci/serve.py) on a
// free port, headless Chromium through playwright-core, a recorder of every
// request, and helpers to drive the page and check its downloads.

import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** Starts .ci/serve.py on a free port; resolves to {url, stop()}. */
export function startServer() {
  const wasm = path.join(ROOT, "www", "pkg", "internal_tls_wizard_bg.wasm");
  if (!existsSync(wasm)) {
    return Promise.reject(new Error(`${wasm} is missing: build the page first with python3 .ci/build-web`));
  }
  return new Promise((resolve, reject) => {
    const child = spawn("python3", [path.join(ROOT, ".ci", "serve.py")], {
      env: { ...process.env, PORT: "0", QUIET: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`serve.py did not print its URL within 10 s:\n${output}`));
    }, 10_000);
    const onData = (chunk) => {
      output += chunk;
      const match = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once("exit", done);
              child.kill("SIGTERM");
            }),
        });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk) => (output += chunk));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`serve.py exited with ${code}:\n${output}`));
    });
  });
}

export function launchBrowser() {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/**
 * A fresh context and page that record every request (the page's, its
 * workers', anything) and every console message and CSP violation.
 */
export async function openPage(browser, url, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width, height } });
  const requests = [];
  const console = [];
  context.on("request", (request) => requests.push(request.url()));
  const page = await context.newPage();
  page.on("request", (request) => requests.push(request.url()));
  page.on("worker", (worker) => {
    worker.on("console", (message) => console.push(`[worker] ${message.type()}: ${message.text()}`));
  });
  page.on("console", (message) => console.push(`${message.type()}: ${message.text()}`));
  page.on("pageerror", (error) => console.push(`pageerror: ${error.message}`));
  // Record CSP violations from the very start of every document.
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  await page.goto(url);
  await waitReady(page);
  return { context, page, requests, console };
}

// The wizard lives in the open shadow root of <internal-tls-wizard>:
// Playwright's CSS and role locators pierce it. Where a page holds several
// wizards, pass one as `scope` (a Locator of the element); the page itself
// is the scope when it holds one.

/** The page a scope (a Page, or a Locator in one) belongs to. */
function pageOf(scope) {
  return typeof scope.page === "function" ? scope.page() : scope;
}

export async function waitReady(page) {
  await page.waitForSelector("body.ready", { timeout: 30_000 });
  await waitChecked(page);
}

/** Waits until the live checks have run on the current form contents. */
export async function waitChecked(scope) {
  await scope.locator('#summary[aria-busy="false"]').waitFor({ state: "attached" });
}

/** Waits until a wizard (a Locator of one <internal-tls-wizard>) is loaded and checked. */
export async function waitWizardReady(wizard) {
  await wizard.locator(".itw.ready").waitFor({ state: "attached", timeout: 30_000 });
  await waitChecked(wizard);
}

/** Requests that left the page's own origin (blob: and data: are in-page). */
export function foreignRequests(requests, url) {
  const origin = new URL(url).origin;
  return requests.filter((r) => {
    if (r.startsWith("blob:") || r.startsWith("data:")) return false;
    return new URL(r).origin !== origin;
  });
}

export async function fill(scope, label, value) {
  await scope.getByLabel(label, { exact: true }).fill(value);
}

/** Presses Generate and waits for the result (or a failure). */
export async function generate(scope, { timeout = 60_000 } = {}) {
  const button = scope.getByRole("button", { name: "Generate", exact: true });
  await button.waitFor();
  await scope.locator("#generate:not([disabled])").waitFor({ timeout: 10_000 });
  await button.click();
  await waitGenerated(scope, timeout);
}

export async function waitGenerated(scope, timeout = 60_000) {
  await scope.locator("#cancel[hidden]").waitFor({ state: "attached", timeout });
  await scope.locator("#progress-text").filter({ hasText: /Done|Nothing|Cancelled/ }).waitFor({ timeout });
}

/** Clicks a download control and saves the file into `dir`; returns its path. */
export async function download(scope, name, dir) {
  const [item] = await Promise.all([
    pageOf(scope).waitForEvent("download"),
    scope.getByRole("button", { name }).click(),
  ]);
  const file = path.join(dir, item.suggestedFilename());
  await item.saveAs(file);
  return file;
}

export function tempDir(prefix = "itw-e2e-") {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

export function run(cmd, args, options = {}) {
  return execFileSync(cmd, args, { encoding: "utf8", stdio: ["pipe", "pipe", "pipe"], ...options });
}

export function read(file) {
  return readFileSync(file, "utf8");
}
