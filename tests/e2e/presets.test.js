// Links with presets: the page fills its form from the URL fragment
// (#release-name=acme&namespace=prod), never from the query string, never
// takes key material from a link, and Copy link writes only presets.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, startServer, launchBrowser, openPage, waitReady, waitChecked, fill } from "./helpers.js";

let server;
let browser;

// The presets, the element's attributes and their declarations all come from
// the one table of settings (src/values/options.rs, generated into
// www/settings-table.js): element.d.ts names exactly those, with their choices.
test("element.d.ts declares every preset of the table of settings, and no other", async () => {
  const { SETTINGS } = await import(pathToFileURL(path.join(ROOT, "www", "settings-table.js")).href);
  const declarations = readFileSync(path.join(ROOT, "www", "element.d.ts"), "utf8");
  const union = declarations.match(/export type PresetName =([^;]+);/)[1];
  const declared = [...union.matchAll(/"([a-z-]+)"/g)].map((m) => m[1]);
  assert.deepEqual(declared, SETTINGS.map((s) => s.name), "PresetName lists the table's presets in its order");
  const attributes = declarations.match(/export interface InternalTlsWizardAttributes \{([\s\S]+?)\n\}/)[1];
  for (const setting of SETTINGS) {
    const line = attributes.split("\n").find((l) => l.trim().startsWith(`"${setting.name}"?:`) || l.trim().startsWith(`${setting.name}?:`));
    assert.ok(line, `InternalTlsWizardAttributes has ${setting.name}`);
    const type = line.slice(line.indexOf(":") + 1);
    if (setting.kind === "flag") assert.match(type, /Flag/, `${setting.name} is a yes/no attribute`);
    for (const choice of setting.choices || []) {
      if (setting.name !== "key" || choice !== "ed25519") {
        assert.ok(type.includes(`"${choice}"`), `${setting.name} declares "${choice}"`);
      }
    }
  }
});

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

const value = (page, label) => page.getByLabel(label, { exact: true }).inputValue();

test("fragment presets fill the form; the query string is ignored", async () => {
  const fragment =
    "release-name=acme&namespace=prod&source=create&key=ecdsa-p384&days=400&ca-days=1200" +
    "&keycloak-cluster&redis-external=true&data-streamer=false&extra-sans=tls.example.com,10.0.0.7&cluster-domain=corp.local";
  const { context, page } = await openPage(browser, `${server.url}?release-name=evil&namespace=evil#${fragment}`);
  try {
    assert.equal(await value(page, "Release name"), "acme");
    assert.equal(await value(page, "Namespace"), "prod");
    assert.equal(await value(page, "Cluster domain"), "corp.local");
    assert.equal(await page.getByLabel("Key algorithm").inputValue(), "ecdsa-p384");
    assert.equal(await value(page, "Certificate validity (days)"), "400");
    assert.equal(await value(page, "CA validity (days)"), "1200");
    assert.equal(await page.getByLabel("Keycloak cluster mode").isChecked(), true);
    assert.equal(await page.getByLabel("External Redis").isChecked(), true);
    assert.equal(await page.getByLabel("Data streamer enabled").isChecked(), false);
    assert.equal(await page.getByLabel("Extra SANs").inputValue(), "tls.example.com\n10.0.0.7");
    assert.equal(await page.getByLabel("Create them here").isChecked(), true);
    assert.match(await page.locator("#settings-message").textContent(), /Preset from the link: release-name, namespace/);
    // The values follow: the Services are named after the preset release.
    assert.match(await page.locator("#values-preview").textContent(), /acme-frontend-tls/);
  } finally {
    await context.close();
  }

  // The query string alone presets nothing.
  const plain = await openPage(browser, `${server.url}?release-name=evil&namespace=evil`);
  try {
    assert.equal(await value(plain.page, "Release name"), "lightrun");
    assert.equal(await value(plain.page, "Namespace"), "lightrun");
  } finally {
    await plain.context.close();
  }
});

test("the chart's own source values work, and a changed fragment presets again", async () => {
  const { context, page } = await openPage(browser, `${server.url}#source=generate_self_signed_certificates&namespace=charted`);
  try {
    assert.equal(await page.getByLabel("Let the chart generate them").isChecked(), true);
    assert.equal(await page.locator("#create-options").isHidden(), true);
    await page.evaluate(() => {
      window.location.hash = "#source=bring-your-own&namespace=byo-ns";
    });
    await page.getByLabel("Bring your own per service").and(page.locator(":checked")).waitFor();
    await waitChecked(page);
    assert.equal(await value(page, "Namespace"), "byo-ns");
  } finally {
    await context.close();
  }
});

test("a link never carries key material: such presets are refused, and Copy link writes none", async () => {
  const pem = encodeURIComponent("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n-----END PRIVATE KEY-----");
  const url = `${server.url}#release-name=linked&ca-key=${pem}&ca-cert=${pem}&ca-common-name=${pem}&namespace=${pem}`;
  const { context, page } = await openPage(browser, url);
  try {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(server.url).origin });
    assert.equal(await value(page, "Release name"), "linked");
    assert.equal(await value(page, "Namespace"), "lightrun", "a PEM value is refused");
    assert.equal(await value(page, "CA common name"), "");
    assert.equal(await page.getByLabel("CA private key (PEM)").inputValue(), "", "no preset fills a key field");
    assert.equal(await page.getByLabel("CA certificate (PEM)").inputValue(), "");
    assert.match(await page.locator("#settings-message").textContent(), /Ignored from the link: .*namespace \(looks like key or certificate material\)/);

    // With a CA pasted (own CA), Copy link still writes only the presets.
    await fill(page, "Namespace", "linked-ns");
    await page.getByLabel("My own CA").check();
    await page.getByLabel("CA private key (PEM)").fill(decodeURIComponent(pem));
    await page.getByLabel("CA certificate (PEM)").fill("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    await waitChecked(page);
    await page.getByRole("button", { name: "Copy link" }).click();
    await page.locator("#settings-message code").waitFor();
    const link = await page.locator("#settings-message code").textContent();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, link, "the link is on the clipboard");
    const parsed = new URL(link);
    assert.equal(parsed.search, "", "no query string");
    assert.ok(!/BEGIN|PRIVATE|CERTIFICATE/.test(decodeURIComponent(link)), `no key material in ${link}`);
    const presets = Object.fromEntries(new URLSearchParams(parsed.hash.slice(1)));
    assert.deepEqual(presets, { "release-name": "linked", namespace: "linked-ns", ca: "provided" });
    assert.equal(page.url(), url, "the page never rewrites its own address");

    // The link opens as the same settings, minus the pasted CA.
    const again = await context.newPage();
    await again.goto(link);
    await waitReady(again);
    assert.equal(await value(again, "Release name"), "linked");
    assert.equal(await value(again, "Namespace"), "linked-ns");
    assert.equal(await again.getByLabel("My own CA").isChecked(), true);
    assert.equal(await again.getByLabel("CA private key (PEM)").inputValue(), "");
  } finally {
    await context.close();
  }
});

test("reloading the same link keeps what the user changed since", async () => {
  const { context, page } = await openPage(browser, `${server.url}#release-name=acme&namespace=prod`);
  try {
    assert.equal(await value(page, "Namespace"), "prod");
    await fill(page, "Namespace", "edited");
    await waitChecked(page);
    await page.reload();
    await waitReady(page);
    assert.equal(await value(page, "Namespace"), "edited", "the tab's edit survives a reload of the same link");
    assert.equal(await value(page, "Release name"), "acme");
  } finally {
    await context.close();
  }
});
