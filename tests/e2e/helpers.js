// Shared set-up for the end-to-end tests: the real server (.ci/serve.py) on a
// free port, headless Chromium through playwright-core, a recorder of every
// request, and helpers to drive the page and check its downloads.

import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import yaml from "js-yaml";

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
  const wasm = path.join(ROOT, "dist", "web", "pkg", "internal_tls_wizard_bg.wasm");
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
export async function openPage(browser, url, { width = 1280, height = 900, colorScheme = "light", ready = true } = {}) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width, height }, colorScheme });
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
  if (ready) await waitReady(page);
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

/** values key -> what the chart appends to the fullname for its Service. */
const SERVICE_SUFFIX = {
  frontend: "frontend",
  keycloak: "keycloak",
  keycloak_cluster: "keycloak-headless",
  redis: "redis",
  rabbitmq: "mq",
  data_streamer: "data-streamer",
  artifacts: "artifacts",
};

export function unzip(zip, dir) {
  try {
    run("unzip", ["-q", zip, "-d", dir]);
  } catch {
    run("python3", ["-m", "zipfile", "-e", zip, dir]);
  }
}

function publicKeyOfCert(file) {
  return run("openssl", ["x509", "-in", file, "-noout", "-pubkey"]);
}

function publicKeyOfKey(file) {
  return run("openssl", ["pkey", "-in", file, "-pubout"]);
}

/**
 * Checks a downloaded bundle: values.yaml and secrets.yaml parse, every Secret
 * values.yaml names is in secrets.yaml in `namespace`, each leaf verifies
 * against ca.crt and carries each of its Service's DNS names, each key matches
 * its certificate.
 */
export function checkBundle(dir, { release, namespace, caCertFile, caKeyFile }) {
  const values = yaml.load(read(path.join(dir, "values.yaml")));
  const tls = values.general.internal_tls;
  assert.equal(tls.enabled, true);
  assert.equal(tls.certificates.source, "existing_certificates");
  assert.equal(tls.certificates.verification, true);

  const documents = yaml.loadAll(read(path.join(dir, "secrets.yaml"))).filter(Boolean);
  const byName = new Map();
  for (const doc of documents) {
    assert.equal(doc.kind, "Secret");
    assert.equal(doc.apiVersion, "v1");
    assert.equal(doc.metadata.namespace, namespace, `${doc.metadata.name} is in ${doc.metadata.namespace}`);
    byName.set(doc.metadata.name, doc);
  }

  const caSecret = byName.get(tls.certificates.existing_ca_secret_name);
  assert.ok(caSecret, `the CA Secret ${tls.certificates.existing_ca_secret_name} is in secrets.yaml`);
  const caPem = read(caCertFile);
  assert.equal(Buffer.from(caSecret.data["ca.crt"], "base64").toString(), caPem);
  if (caKeyFile) assert.equal(publicKeyOfCert(caCertFile), publicKeyOfKey(caKeyFile), "ca.key matches ca.crt");

  const checked = [];
  for (const [key, secretName] of Object.entries(tls.certificates.existing_certificates)) {
    if (!secretName) continue;
    const secret = byName.get(secretName);
    assert.ok(secret, `values.yaml names ${secretName} for ${key}; it must be in secrets.yaml`);
    assert.equal(secret.type, "kubernetes.io/tls");
    const crtFile = path.join(dir, `${secretName}.crt`);
    const keyFile = path.join(dir, `${secretName}.key`);
    writeFileSync(crtFile, Buffer.from(secret.data["tls.crt"], "base64"));
    writeFileSync(keyFile, Buffer.from(secret.data["tls.key"], "base64"), { mode: 0o600 });

    const verified = run("openssl", ["verify", "-CAfile", caCertFile, crtFile]);
    assert.match(verified, /: OK\s*$/, `openssl verify ${secretName}`);
    assert.equal(publicKeyOfCert(crtFile), publicKeyOfKey(keyFile), `${secretName}: tls.key matches tls.crt`);

    const service = `${release}-${SERVICE_SUFFIX[key]}`;
    for (const name of [
      service,
      `${service}.${namespace}`,
      `${service}.${namespace}.svc`,
      `${service}.${namespace}.svc.cluster.local`,
    ]) {
      const out = run("openssl", ["x509", "-in", crtFile, "-noout", "-checkhost", name]);
      assert.match(out, /does match certificate/, `${secretName} covers ${name}: ${out}`);
    }
    checked.push(key);
  }
  return checked;
}

/** Parses a CSP into {directive: [sources]}. */
export function parsePolicy(text) {
  const policy = {};
  for (const part of text.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) policy[name.toLowerCase()] = sources;
  }
  return policy;
}
