// The page makes a working bundle: every download is checked with openssl and
// js-yaml, online and offline, without a request leaving the page's origin,
// under a strict Content-Security-Policy.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import {
  startServer,
  launchBrowser,
  openPage,
  waitChecked,
  fill,
  generate,
  download,
  foreignRequests,
  tempDir,
  removeDir,
  read,
  unzip,
  run,
  checkBundle,
  parsePolicy,
} from "./helpers.js";

let server;
let browser;

/**
 * The real chart as judge: renders the chart with the page's values.yaml and
 * checks every Secret reference and TLS connection against its secrets.yaml
 * (../shared/tools/chart-conformance.py). Needs LIGHTRUN_CHART, HELM and
 * CHART_CONFORMANCE (.ci/test sets them when present); says so when skipped.
 */
function judgedByTheChart(t, release, namespace, valuesFile, secretsFile) {
  const { LIGHTRUN_CHART: chart, HELM: helm, CHART_CONFORMANCE: checker } = process.env;
  if (!chart || !helm || !checker || !existsSync(path.join(chart, "Chart.yaml"))) {
    t.diagnostic("skipped the real chart's check: set LIGHTRUN_CHART, HELM and CHART_CONFORMANCE");
    return;
  }
  const run = spawnSync(
    "python3",
    [checker, "--chart", chart, "--helm", helm, "--release", release, "--namespace", namespace, "-f", valuesFile, "--secrets", secretsFile],
    { encoding: "utf8" },
  );
  const report = `${run.stdout}${run.stderr}`;
  assert.equal(run.status, 0, `the chart does not work with the page's bundle:\n${report.split("\n").filter((l) => !l.startsWith("ok:")).join("\n")}`);
  assert.match(report, / passed, 0 failed/);
  assert.match(report, /router -> https:\/\/acme-backend/, "the router's check of the backend is among them");
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test("release acme in prod-tls: every download is a working, consistent bundle, and the real chart works with it", async (t) => {
  const { context, page, requests } = await openPage(browser, server.url);
  const dir = tempDir();
  try {
    await fill(page, "Release name", "acme");
    await fill(page, "Namespace", "prod-tls");
    await waitChecked(page);
    await generate(page);

    const files = {};
    for (const name of ["values.yaml", "secrets.yaml", "ca.crt", "ca.key"]) {
      files[name] = await download(page, name, dir);
      assert.equal(path.basename(files[name]), name);
    }
    const zip = await download(page, "all", dir);
    assert.match(path.basename(zip), /\.zip$/);

    const checked = checkBundle(dir, {
      release: "acme",
      namespace: "prod-tls",
      caCertFile: files["ca.crt"],
      caKeyFile: files["ca.key"],
    });
    assert.deepEqual(checked.sort(), ["artifacts", "frontend", "keycloak", "keycloak_cluster", "rabbitmq", "redis"]);
    judgedByTheChart(t, "acme", "prod-tls", files["values.yaml"], files["secrets.yaml"]);

    // The archive holds the same files, plus APPLY.md with the commands.
    const unzipped = path.join(dir, "unzipped");
    unzip(zip, unzipped);
    const [folder] = readdirSync(unzipped);
    const inside = path.join(unzipped, folder);
    assert.deepEqual(readdirSync(inside).sort(), ["APPLY.md", "ca.crt", "ca.key", "secrets.yaml", "values.yaml"]);
    // Each entry is dated when the bundle was made (in UTC), not 1980.
    const dates = JSON.parse(
      run("python3", ["-c", "import json,sys,zipfile; print(json.dumps([list(i.date_time) for i in zipfile.ZipFile(sys.argv[1]).infolist()]))", zip]),
    );
    const today = new Date();
    for (const [year, month, day] of dates) {
      assert.ok(
        Math.abs(Date.UTC(year, month - 1, day) - Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())) <= 86_400_000,
        `an archive entry is dated ${year}-${month}-${day}`,
      );
    }
    for (const name of ["values.yaml", "secrets.yaml", "ca.crt", "ca.key"]) {
      assert.equal(read(path.join(inside, name)), read(files[name]), `${name} in the archive`);
    }
    const apply = read(path.join(inside, "APPLY.md"));
    assert.match(apply, /kubectl apply -n prod-tls -f secrets\.yaml/);
    assert.match(apply, /helm upgrade --install acme /);

    assert.deepEqual(foreignRequests(requests, server.url), []);
  } finally {
    await context.close();
    removeDir(dir);
  }
});

test("no request leaves the page's origin, the workers' included", async () => {
  const { context, page, requests } = await openPage(browser, server.url);
  const dir = tempDir();
  try {
    await generate(page);
    await download(page, "all", dir);
    await download(page, "ca.key", dir);
    // The recorder sees the workers' own requests (the worker script and the
    // glue module it imports), so an empty foreign list means something.
    assert.ok(requests.some((url) => url.endsWith("/worker.js")), "the worker script request is recorded");
    assert.ok(requests.some((url) => url.endsWith("/pkg/internal_tls_wizard.js")), "the worker's import is recorded");
    assert.ok(requests.some((url) => url.endsWith(".wasm")), "the module request is recorded");
    assert.deepEqual(foreignRequests(requests, server.url), []);
  } finally {
    await context.close();
    removeDir(dir);
  }
});

test("offline after loading: a full bundle is still generated, downloaded and valid", async () => {
  const { context, page, requests } = await openPage(browser, server.url);
  const dir = tempDir();
  try {
    // The engine comes after the form; the page says when all is loaded.
    await page.locator("#offline-ready").waitFor({ state: "visible", timeout: 30_000 });
    await context.setOffline(true);
    assert.equal(await page.evaluate(() => navigator.onLine), false);
    await fill(page, "Release name", "airgap");
    await fill(page, "Namespace", "offline");
    await waitChecked(page);
    await generate(page);
    const files = {};
    for (const name of ["values.yaml", "secrets.yaml", "ca.crt", "ca.key"]) {
      files[name] = await download(page, name, dir);
    }
    const zip = await download(page, "all", dir);
    const checked = checkBundle(dir, {
      release: "airgap",
      namespace: "offline",
      caCertFile: files["ca.crt"],
      caKeyFile: files["ca.key"],
    });
    assert.equal(checked.length, 6);
    const unzipped = path.join(dir, "unzipped");
    unzip(zip, unzipped);
    assert.equal(readdirSync(unzipped).length, 1);
    assert.deepEqual(foreignRequests(requests, server.url), []);
  } finally {
    await context.setOffline(false);
    await context.close();
    removeDir(dir);
  }
});

function assertStrict(policyText, where) {
  const policy = parsePolicy(policyText);
  const all = Object.values(policy).flat();
  assert.ok(!all.includes("'unsafe-inline'"), `${where}: no 'unsafe-inline'`);
  assert.ok(!all.includes("'unsafe-eval'"), `${where}: no 'unsafe-eval'`);
  assert.ok(!all.includes("*") && !all.some((s) => /^(https?:|wss?:|blob:)$/.test(s)), `${where}: no wildcard sources`);
  assert.deepEqual(policy["default-src"], ["'self'"], `${where}: default-src`);
  assert.deepEqual(policy["script-src"], ["'self'", "'wasm-unsafe-eval'"], `${where}: script-src`);
  assert.deepEqual(policy["style-src"], ["'self'"], `${where}: style-src`);
  assert.deepEqual(policy["connect-src"], ["'self'"], `${where}: connect-src`);
  assert.deepEqual(policy["worker-src"], ["'self'"], `${where}: worker-src`);
  assert.deepEqual(policy["object-src"], ["'none'"], `${where}: object-src`);
  assert.deepEqual(policy["base-uri"], ["'none'"], `${where}: base-uri`);
  for (const [directive, sources] of Object.entries(policy)) {
    if (directive !== "img-src") assert.ok(!sources.includes("data:"), `${where}: ${directive} allows no data:`);
  }
}

test("the Content-Security-Policy is strict, in the header and the page, and nothing violates it", async () => {
  const { context, page, console: messages } = await openPage(browser, server.url);
  const dir = tempDir();
  try {
    const response = await page.goto(server.url);
    await page.waitForSelector("body.ready");
    await waitChecked(page);
    const header = response.headers()["content-security-policy"];
    assert.ok(header, "the server sends a CSP header");
    assertStrict(header, "header");
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
    assert.ok(meta, "index.html carries the policy in a meta element");
    assertStrict(meta, "meta");

    await generate(page);
    await download(page, "all", dir);
    await page.getByRole("button", { name: "Copy values" }).click();

    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(
      messages.filter((m) => /Content.Security.Policy|Refused to/i.test(m)),
      [],
    );
    // No inline script or style anywhere in the live document, the wizard's
    // shadow root included (its styles are one adopted stylesheet).
    const inline = await page.evaluate(() => {
      const roots = [document, ...[...document.querySelectorAll("*")].filter((e) => e.shadowRoot).map((e) => e.shadowRoot)];
      const count = (selector) => roots.reduce((n, root) => n + root.querySelectorAll(selector).length, 0);
      return {
        shadowRoots: roots.length - 1,
        styleAttributes: count("[style]"),
        styleElements: count("style"),
        inlineScripts: count("script:not([src])"),
      };
    });
    assert.deepEqual(inline, { shadowRoots: 1, styleAttributes: 0, styleElements: 0, inlineScripts: 0 });
  } finally {
    await context.close();
    removeDir(dir);
  }
});
