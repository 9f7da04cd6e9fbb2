// The one file and the embeddable element in Firefox. Playwright drives only
// its own patched Firefox build, which cannot be downloaded here, so these
// tests drive the system's Firefox (firefox-esr, installed by .ci/setup)
// through WebDriver BiDi with puppeteer-core. Without a Firefox they are
// skipped, and say so.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";
import { ROOT, startServer, tempDir, removeDir, checkBundle } from "./helpers.js";

const FIREFOX = [process.env.FIREFOX, "/usr/bin/firefox-esr", "/usr/bin/firefox"].find((f) => f && existsSync(f));
const SKIP = FIREFOX ? false : "no Firefox (firefox-esr) installed: bash .ci/setup --test installs it";
const FILE = path.join(ROOT, "dist", "internal-tls-wizard.html");

let browser;
let server;

before(async () => {
  if (SKIP) return;
  if (!existsSync(FILE)) throw new Error(`${FILE} is missing: build it with python3 .ci/build-single-file`);
  server = await startServer();
  browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: {
      // Anything that tried the network would go to a closed port and fail.
      "network.proxy.type": 1,
      "network.proxy.http": "127.0.0.1",
      "network.proxy.http_port": 9,
      "network.proxy.ssl": "127.0.0.1",
      "network.proxy.ssl_port": 9,
      "network.proxy.no_proxies_on": "127.0.0.1",
    },
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

/** A new tab that records requests, CSP violations and page errors. */
async function newTab() {
  const page = await browser.newPage();
  const requests = [];
  const errors = [];
  page.on("request", (request) => requests.push(request.url()));
  page.on("pageerror", (error) => errors.push(error.message));
  await page.evaluateOnNewDocument(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return { page, requests, errors };
}

/** Waits for a wizard (by its index on the page) to be ready; records its generated files. */
async function whenReady(page, index = 0) {
  await page.waitForFunction(
    (i) => {
      const wizard = document.querySelectorAll("internal-tls-wizard")[i];
      return wizard && wizard.shadowRoot.querySelector(".itw.ready") && wizard.shadowRoot.getElementById("summary").getAttribute("aria-busy") === "false";
    },
    { timeout: 30_000 },
    index,
  );
  await page.evaluate((i) => {
    window.__generated ??= {};
    document.querySelectorAll("internal-tls-wizard")[i].addEventListener("generated", (event) => {
      window.__generated[i] = event.detail.files.map(({ name, contents }) => ({ name, contents }));
    });
  }, index);
}

/** Types into a field in a wizard's shadow root, as a user would. */
async function type(page, selector, text) {
  const field = await page.$(`internal-tls-wizard >>> ${selector}`);
  await field.click({ count: 3 });
  await field.type(text);
}

test("Firefox: the one file, opened from file://, makes a bundle openssl verifies and requests nothing", { skip: SKIP }, async () => {
  const { page, requests, errors } = await newTab();
  const dir = tempDir();
  try {
    const url = pathToFileURL(FILE).href;
    await page.goto(url);
    await whenReady(page);
    await type(page, "#release-name", "foxy");
    await type(page, "#namespace", "firefox");
    await page.waitForFunction(() => {
      const root = document.querySelector("internal-tls-wizard").shadowRoot;
      return root.getElementById("summary").getAttribute("aria-busy") === "false" && !root.getElementById("generate").disabled;
    });
    await page.click("internal-tls-wizard >>> #generate");
    await page.waitForFunction(() => window.__generated && window.__generated[0], { timeout: 60_000 });
    const status = await page.$eval("internal-tls-wizard >>> #result-status", (element) => element.textContent);
    assert.match(status, /Made a new CA, 6 service certificates and the main certificate for release foxy in namespace firefox/);

    const files = await page.evaluate(() => window.__generated[0]);
    for (const file of files) writeFileSync(path.join(dir, file.name), file.contents, { mode: 0o600 });
    const checked = checkBundle(dir, {
      release: "foxy",
      namespace: "firefox",
      caCertFile: path.join(dir, "ca.crt"),
      caKeyFile: path.join(dir, "ca.key"),
    });
    assert.equal(checked.length, 6);

    // Apart from the file, only data: URLs (its icon; Firefox's own list-bullet
    // font) and blob: URLs (its workers) were loaded: nothing from a network.
    // (Firefox reports no event for the file:// load itself, but does for its data: icon.)
    assert.ok(requests.some((r) => r.startsWith("data:image/svg+xml")), "the recorder sees the page's loads");
    const others = requests.filter((r) => r !== url && !r.startsWith("data:") && !r.startsWith("blob:"));
    assert.deepEqual(others, []);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    removeDir(dir);
  }
});

test("Firefox: the docs page's two wizards generate independently", { skip: SKIP }, async () => {
  const { page, requests, errors } = await newTab();
  try {
    await page.goto(`${server.url}examples/docs.html`);
    await whenReady(page, 0);
    await whenReady(page, 1);
    const made = await page.evaluate(async () => {
      const [quick, keycloak] = document.querySelectorAll("internal-tls-wizard");
      const changes = [];
      keycloak.addEventListener("change", (event) => changes.push(event.detail.settings.release.name));
      const first = await quick.generate();
      const secondHidden = keycloak.shadowRoot.getElementById("output").hidden;
      const settings = keycloak.settings;
      settings.release.name = "fox-sso";
      keycloak.settings = settings;
      const second = await keycloak.generate();
      return { first: first.folder, secondHidden, second: second.folder, changes, generated: Object.keys(window.__generated).sort() };
    });
    assert.deepEqual(made, {
      first: "internal-tls-acme-prod-tls",
      secondHidden: true,
      second: "internal-tls-fox-sso-identity",
      changes: ["fox-sso"],
      generated: ["0", "1"],
    });
    const origin = new URL(server.url).origin;
    assert.ok(requests.some((r) => r.endsWith("/element.js")), "the recorder sees the page's requests");
    assert.deepEqual(requests.filter((r) => !r.startsWith(origin) && !/^(data|blob):/.test(r)), []);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
