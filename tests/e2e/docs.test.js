// The example documentation page (www/examples/docs.html): two differently
// preset, themed <internal-tls-wizard> elements between paragraphs. Each
// starts from its own attributes, generates on its own and tells the host
// page through its own events; the page's theme reaches inside.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import {
  startServer,
  launchBrowser,
  openPage,
  waitWizardReady,
  waitChecked,
  fill,
  generate,
  foreignRequests,
  tempDir,
  removeDir,
  checkBundle,
} from "./helpers.js";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

/** Opens the docs page with both wizards ready and every event they fire recorded in window.__events. */
async function openDocs(options) {
  const opened = await openPage(browser, `${server.url}examples/docs.html`, { ...options, ready: false });
  const { page } = opened;
  const wizards = page.locator("internal-tls-wizard");
  assert.equal(await wizards.count(), 2);
  const quick = wizards.nth(0);
  const keycloak = wizards.nth(1);
  await waitWizardReady(quick);
  await waitWizardReady(keycloak);
  await page.evaluate(() => {
    window.__events = [];
    document.querySelectorAll("internal-tls-wizard").forEach((wizard, index) => {
      for (const type of ["change", "generated"]) {
        wizard.addEventListener(type, (event) => {
          const { settings, files, zip, folder, valid } = event.detail;
          window.__events.push({
            index,
            type,
            target: event.target.id,
            release: settings.release.name,
            namespace: settings.release.namespace,
            valid,
            folder,
            zipBytes: zip ? zip.byteLength : undefined,
            files: files ? files.map(({ name, contents, sensitive }) => ({ name, contents, sensitive })) : undefined,
          });
        });
      }
    });
  });
  return { ...opened, quick, keycloak };
}

const events = (page) => page.evaluate(() => window.__events);

test("each wizard starts from its own attributes, and the compact one hides its help", async () => {
  const { context, page, quick, keycloak } = await openDocs();
  try {
    assert.equal(await quick.getByLabel("Release name", { exact: true }).inputValue(), "acme");
    assert.equal(await quick.getByLabel("Namespace", { exact: true }).inputValue(), "prod-tls");
    // No attribute for it: the chart's default, on.
    assert.equal(await quick.getByLabel("Keycloak cluster mode").isChecked(), true);
    assert.equal(await quick.getByLabel("Key algorithm").inputValue(), "ecdsa-p256");

    assert.equal(await keycloak.getByLabel("Release name", { exact: true }).inputValue(), "sso");
    assert.equal(await keycloak.getByLabel("Namespace", { exact: true }).inputValue(), "identity");
    assert.equal(await keycloak.getByLabel("Keycloak cluster mode").isChecked(), true);
    assert.equal(await keycloak.getByLabel("External Redis").isChecked(), true);
    assert.equal(await keycloak.getByLabel("Key algorithm").inputValue(), "ecdsa-p384");
    assert.equal(await keycloak.getByLabel("Certificate validity (days)").inputValue(), "825");

    // compact: the help texts and the per-service Secret names are hidden in the first only.
    assert.equal(await quick.locator("#release-name-help").isHidden(), true);
    assert.equal(await quick.locator(".services-card").isHidden(), true);
    assert.equal(await keycloak.locator("#release-name-help").isVisible(), true);
    assert.equal(await keycloak.locator(".services-card").isVisible(), true);
    // The same ids live in each wizard's own shadow root.
    assert.deepEqual(
      await page.evaluate(() => [...document.querySelectorAll("internal-tls-wizard")].map((w) => w.shadowRoot.getElementById("generate") !== null)),
      [true, true],
    );
  } finally {
    await context.close();
  }
});

test("the page's theme reaches inside through --itw-* properties, and the page's own styles do not", async () => {
  const { context, page, quick } = await openDocs({ colorScheme: "light" });
  try {
    const styles = await quick.locator("#generate").evaluate((button) => {
      const style = getComputedStyle(button);
      return { background: style.backgroundColor, radius: style.borderTopLeftRadius, font: style.fontFamily };
    });
    assert.equal(styles.background, "rgb(15, 110, 99)", "--itw-accent from docs.css");
    assert.match(styles.font, /Avenir/, "--itw-font from docs.css");
    // The docs' serif body font and its <h2> rule stop at the shadow boundary.
    const heading = await quick.locator("#summary-title").evaluate((h) => getComputedStyle(h).borderTopStyle);
    assert.equal(heading, "none", "docs.css's h2 border does not apply inside");
    // prefers-color-scheme is followed: dark defaults inside a dark page.
    await page.emulateMedia({ colorScheme: "dark" });
    const dark = await quick.locator(".card").first().evaluate((card) => getComputedStyle(card).backgroundColor);
    assert.equal(dark, "rgb(32, 31, 28)", "the docs' dark --itw-surface");
  } finally {
    await context.close();
  }
});

test("the two wizards generate independently, each firing its own change and generated events", async () => {
  const { context, page, requests, quick, keycloak } = await openDocs();
  const dir = tempDir();
  try {
    // A change in the first is reported by the first only.
    await fill(quick, "Namespace", "docs-ns");
    await waitChecked(quick);
    await page.waitForFunction(() => window.__events.some((e) => e.type === "change"));
    let seen = await events(page);
    assert.deepEqual(
      seen.map(({ index, type, target, namespace, valid }) => ({ index, type, target, namespace, valid })),
      [{ index: 0, type: "change", target: "quick-wizard", namespace: "docs-ns", valid: true }],
    );
    assert.equal(await keycloak.getByLabel("Namespace", { exact: true }).inputValue(), "identity", "the other wizard is untouched");

    // Generating in the first leaves the second without files.
    await generate(quick);
    assert.match(await quick.locator("#result-status").textContent(), /release acme in namespace docs-ns/);
    assert.equal(await keycloak.locator("#output").isHidden(), true);
    seen = await events(page);
    const first = seen.filter((e) => e.type === "generated");
    assert.equal(first.length, 1);
    assert.equal(first[0].index, 0);
    assert.equal(first[0].folder, "internal-tls-acme-docs-ns");
    assert.ok(first[0].zipBytes > 1000, "the archive is in the event");
    assert.deepEqual(first[0].files.filter((f) => f.sensitive).map((f) => f.name).sort(), ["ca.key", "secrets.yaml"]);
    assert.match(await page.locator("#quick-wizard-log").textContent(), /received .*secrets\.yaml \(private\)/);

    // The second, with its Keycloak cluster and external Redis, on its own.
    await generate(keycloak);
    assert.match(await keycloak.locator("#result-status").textContent(), /release sso in namespace identity/);
    seen = await events(page);
    const second = seen.filter((e) => e.type === "generated" && e.index === 1);
    assert.equal(second.length, 1);
    assert.equal(seen.filter((e) => e.type === "generated").length, 2);

    // The event's files are the bundle: write them out and verify with openssl.
    for (const file of second[0].files) writeFileSync(path.join(dir, file.name), file.contents, { mode: 0o600 });
    const checked = checkBundle(dir, {
      release: "sso",
      namespace: "identity",
      caCertFile: path.join(dir, "ca.crt"),
      caKeyFile: path.join(dir, "ca.key"),
    });
    assert.ok(checked.includes("keycloak_cluster"), "the Keycloak cluster Secret is made");
    assert.ok(!checked.includes("redis"), "no certificate for an external Redis");
    const firstCa = first[0].files.find((f) => f.name === "ca.crt").contents;
    assert.notEqual(firstCa, second[0].files.find((f) => f.name === "ca.crt").contents, "each wizard made its own CA");

    // The settings property and generate() drive a wizard from the host page.
    const made = await page.evaluate(async () => {
      const wizard = document.getElementById("keycloak-wizard");
      const settings = wizard.settings;
      settings.release.name = "sso2";
      wizard.settings = settings;
      const detail = await wizard.generate();
      return { folder: detail.folder, field: wizard.shadowRoot.getElementById("release-name").value };
    });
    assert.deepEqual(made, { folder: "internal-tls-sso2-identity", field: "sso2" });
    seen = await events(page);
    assert.ok(seen.some((e) => e.index === 1 && e.type === "change" && e.release === "sso2"), "setting settings fires change");
    assert.equal(seen.filter((e) => e.index === 0 && e.type === "generated").length, 1, "the first wizard made nothing more");

    assert.deepEqual(foreignRequests(requests, server.url), []);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
  } finally {
    await context.close();
    removeDir(dir);
  }
});

test("a wizard removed from the page stops its workers; added back, it resumes with its settings", async () => {
  const { context, page } = await openDocs();
  try {
    const workers = new Set();
    page.on("worker", (worker) => {
      workers.add(worker);
      worker.on("close", () => workers.delete(worker));
    });
    // Workers that started before the listener are not in the set: count from here.
    await page.evaluate(() => {
      const wizard = document.getElementById("quick-wizard");
      const settings = wizard.settings;
      settings.release.name = "kept";
      wizard.settings = settings;
      window.__wizard = wizard;
      wizard.remove();
    });
    await page.evaluate(async () => {
      document.querySelector(".docs-article").append(window.__wizard);
      await window.__wizard.ready;
    });
    assert.equal(workers.size, 2, "the re-added wizard started its two workers");
    assert.equal(await page.evaluate(() => window.__wizard.settings.release.name), "kept", "its settings survived");
    assert.equal(await page.evaluate(async () => (await window.__wizard.generate()).folder), "internal-tls-kept-prod-tls");
    await page.evaluate(() => window.__wizard.remove());
    for (let i = 0; i < 50 && workers.size > 0; i++) await page.waitForTimeout(100);
    assert.equal(workers.size, 0, "removing it terminated both workers");
  } finally {
    await context.close();
  }
});
