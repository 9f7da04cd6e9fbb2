// The one-file build (dist/internal-tls-wizard.html, from .ci/build-single-file)
// as an air-gapped site uses it: opened from disk with the network off, it
// makes a bundle that openssl verifies, without a single request, under a
// policy that lets nothing load.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  ROOT,
  launchBrowser,
  fill,
  generate,
  download,
  tempDir,
  removeDir,
  read,
  unzip,
  checkBundle,
  parsePolicy,
  waitChecked,
} from "./helpers.js";

const FILE = path.join(ROOT, "dist", "internal-tls-wizard.html");

let browser;

before(async () => {
  if (!existsSync(FILE)) {
    throw new Error(`${FILE} is missing: build it with python3 .ci/build-web && python3 .ci/build-single-file`);
  }
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
});

function sha256(data, encoding) {
  return createHash("sha256").update(data).digest(encoding);
}

test("the file's checksum matches it, and its policy allows only what it carries", () => {
  const bytes = readFileSync(FILE);
  const [hex, name] = read(`${FILE}.sha256`).trim().split(/\s+/);
  assert.equal(name, "internal-tls-wizard.html");
  assert.equal(hex, sha256(bytes, "hex"), "the .sha256 file matches the file");

  const html = bytes.toString("utf8");
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
  assert.ok(meta, "the file carries its policy");
  const policy = parsePolicy(meta[1]);
  assert.deepEqual(policy["default-src"], ["'none'"]);
  assert.deepEqual(policy["connect-src"], ["'none'"], "nothing can be fetched");
  assert.deepEqual(policy["worker-src"], ["blob:"], "workers only from blob: URLs the page makes");
  assert.deepEqual(policy["img-src"], ["data:"]);
  assert.deepEqual(policy["object-src"], ["'none'"]);
  assert.deepEqual(policy["base-uri"], ["'none'"]);
  const all = Object.values(policy).flat();
  for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'", "'self'", "*", "http:", "https:"]) {
    assert.ok(!all.includes(unsafe), `no ${unsafe}`);
  }
  assert.ok(!policy["script-src"].includes("data:") && !policy["script-src"].includes("blob:"));

  // Each inline script and style is allowed by its own hash, and nothing else is.
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)];
  assert.equal(scripts.length, 1, "one inline script");
  assert.equal(styles.length, 1, "one inline style");
  assert.ok(!/\bsrc=/.test(scripts[0][1]), "the script is inline");
  assert.deepEqual(policy["script-src"].sort(), [`'sha256-${sha256(scripts[0][2], "base64")}'`, "'wasm-unsafe-eval'"].sort());
  assert.deepEqual(policy["style-src"], [`'sha256-${sha256(styles[0][1], "base64")}'`]);
  assert.ok(!/\b(?:src|href)="(?!data:)[^"#]/.test(html.replace(/<script[\s\S]*?<\/script>/g, "")), "no reference to another file");
});

test("opened from file:// with the network off: a bundle openssl verifies, and no request at all", async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  await context.setOffline(true);
  const requests = [];
  const messages = [];
  context.on("request", (request) => requests.push(request.url()));
  const page = await context.newPage();
  page.on("request", (request) => requests.push(request.url()));
  page.on("worker", (worker) => worker.on("console", (m) => messages.push(`[worker] ${m.type()}: ${m.text()}`)));
  page.on("console", (m) => messages.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (error) => messages.push(`pageerror: ${error.message}`));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const url = pathToFileURL(FILE).href;
  const dir = tempDir();
  try {
    await page.goto(url);
    assert.equal(await page.evaluate(() => navigator.onLine), false);
    await page.waitForSelector("body.ready", { timeout: 30_000 });
    await waitChecked(page);
    await fill(page, "Release name", "airgap");
    await fill(page, "Namespace", "vault");
    await waitChecked(page);
    await generate(page);

    const files = {};
    for (const name of ["values.yaml", "secrets.yaml", "ca.crt", "ca.key"]) {
      files[name] = await download(page, name, dir);
      assert.equal(path.basename(files[name]), name);
    }
    const zip = await download(page, "all", dir);
    const checked = checkBundle(dir, {
      release: "airgap",
      namespace: "vault",
      caCertFile: files["ca.crt"],
      caKeyFile: files["ca.key"],
    });
    assert.deepEqual(checked.sort(), ["artifacts", "frontend", "keycloak", "keycloak_cluster", "rabbitmq", "redis"]);
    const unzipped = path.join(dir, "unzipped");
    unzip(zip, unzipped);
    const [folder] = readdirSync(unzipped);
    assert.deepEqual(readdirSync(path.join(unzipped, folder)).sort(), ["APPLY.md", "ca.crt", "ca.key", "secrets.yaml", "values.yaml"]);

    // The recorder sees the workers start (from the page's own blob: URL);
    // apart from the file itself, nothing else was requested.
    assert.ok(requests.some((r) => r.startsWith("blob:")), "the workers' blob: URL is recorded");
    const others = requests.filter((r) => r !== url && !r.startsWith("blob:") && !r.startsWith("data:"));
    assert.deepEqual(others, [], "no request at all");
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(messages.filter((m) => /error|Refused|Content.Security/i.test(m)), []);
  } finally {
    await context.close();
    removeDir(dir);
  }
});
