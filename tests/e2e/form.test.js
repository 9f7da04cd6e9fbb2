// The form's behaviour: live validation beside the field, the user's own CA
// checked as it is pasted, keyboard use, what survives a reload (settings)
// and what never does (keys), cancelling, and a crashed engine.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import {
  startServer,
  launchBrowser,
  openPage,
  waitReady,
  waitChecked,
  waitGenerated,
  fill,
  generate,
  download,
  foreignRequests,
  tempDir,
  removeDir,
  run,
  read,
  ROOT,
} from "./helpers.js";
import yaml from "js-yaml";
import { writeFileSync } from "node:fs";

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

const generateButton = (page) => page.getByRole("button", { name: "Generate", exact: true });

test("an invalid namespace is shown beside Namespace and disables Generate until fixed", async () => {
  const { context, page } = await openPage(browser, server.url);
  try {
    assert.equal(await generateButton(page).isEnabled(), true);
    await fill(page, "Namespace", "Prod_NS");
    await page.locator("#namespace-diag .diag.error").waitFor();
    const message = await page.locator("#namespace-diag").textContent();
    assert.match(message, /Error/);
    assert.equal(await page.getByLabel("Namespace", { exact: true }).getAttribute("aria-invalid"), "true");
    assert.equal(await generateButton(page).isDisabled(), true);
    // The summary at the top lists it too, linked to the field.
    assert.match(await page.locator("#summary-list").textContent(), /Namespace/);

    await fill(page, "Namespace", "prod-ns");
    await page.locator("#namespace-diag .diag").waitFor({ state: "detached" });
    await page.locator("#generate:not([disabled])").waitFor();
    assert.equal(await page.getByLabel("Namespace", { exact: true }).getAttribute("aria-invalid"), null);
  } finally {
    await context.close();
  }
});

test("your own CA: a key that does not match the certificate is reported beside the key field", async () => {
  const { context, page, requests } = await openPage(browser, server.url);
  const dir = tempDir();
  try {
    const caKey = path.join(dir, "ca.key");
    const caCrt = path.join(dir, "ca.crt");
    const otherKey = path.join(dir, "other.key");
    run("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
      "-keyout", caKey, "-out", caCrt, "-subj", "/CN=E2E Test CA", "-days", "30",
      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    run("openssl", ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", otherKey]);

    await page.getByLabel("My own CA").check();
    await page.getByLabel("CA certificate (PEM)").fill(read(caCrt));
    await page.getByLabel("CA private key (PEM)").fill(read(otherKey));
    await page.locator("#ca-key-diag .diag.error").waitFor();
    const beside = (await page.locator("#ca-key-diag").textContent()).trim();
    assert.ok(beside.length > 10, `an explanation is shown beside the key: ${beside}`);
    assert.equal(await page.locator("#ca-cert-diag").textContent(), "", "nothing is blamed on the certificate");
    assert.equal(await generateButton(page).isDisabled(), true);

    // The pasted key is in no storage and no URL.
    const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
    assert.ok(!stored.includes("PRIVATE KEY"));
    assert.ok(!page.url().includes("PRIVATE"));

    // With the matching key the CA is accepted and signs every certificate.
    await page.getByLabel("CA private key (PEM)").fill(read(caKey));
    await page.locator("#ca-status").filter({ hasText: "E2E Test CA" }).waitFor();
    assert.equal(await page.locator("#ca-key-diag").textContent(), "");
    await generate(page);
    const secrets = await download(page, "secrets.yaml", dir);
    assert.equal(await page.getByRole("button", { name: "ca.key" }).isVisible(), false, "no ca.key for your own CA");
    for (const doc of yaml.loadAll(read(secrets)).filter((d) => d && d.type === "kubernetes.io/tls")) {
      const crt = path.join(dir, `${doc.metadata.name}.crt`);
      writeFileSync(crt, Buffer.from(doc.data["tls.crt"], "base64"));
      assert.match(run("openssl", ["verify", "-CAfile", caCrt, crt]), /: OK/);
    }
    assert.deepEqual(foreignRequests(requests, server.url), []);
  } finally {
    await context.close();
    removeDir(dir);
  }
});

test("keyboard only: Tab reaches Generate, Enter runs it, focus is visible", async () => {
  const { context, page } = await openPage(browser, server.url);
  try {
    let found = false;
    for (let i = 0; i < 120 && !found; i++) {
      await page.keyboard.press("Tab");
      found = await page.evaluate(() => {
        // The focused control inside the wizard's shadow root.
        let active = document.activeElement;
        while (active && active.shadowRoot && active.shadowRoot.activeElement) active = active.shadowRoot.activeElement;
        window.__focused = active;
        return Boolean(active) && active.id === "generate";
      });
    }
    assert.ok(found, "Generate is reachable with Tab");
    const outline = await page.evaluate(() => getComputedStyle(window.__focused).outlineStyle);
    assert.notEqual(outline, "none", "the focused control shows a focus ring");
    await page.keyboard.press("Enter");
    await waitGenerated(page);
    assert.match(await page.locator("#result-status").textContent(), /Made a new CA, 6 service certificates and the main certificate/);
  } finally {
    await context.close();
  }
});

test("sessionStorage keeps the settings but never a key; a reload restores the form and warns about an unsaved CA key", async () => {
  const { context, page } = await openPage(browser, server.url);
  try {
    await fill(page, "Release name", "kept");
    await fill(page, "Namespace", "kept-ns");
    await waitChecked(page);
    await generate(page);
    const storage = await page.evaluate(() => ({ session: { ...sessionStorage }, local: localStorage.length }));
    const text = JSON.stringify(storage.session);
    assert.ok(text.includes("kept-ns"), "the settings are in sessionStorage");
    assert.ok(!text.includes("PRIVATE KEY") && !text.includes("BEGIN"), "no key or certificate in sessionStorage");
    assert.equal(storage.local, 0, "nothing in localStorage");
    assert.ok(!page.url().includes("PRIVATE"));

    // ca.key was made and not downloaded: leaving asks first.
    const dialogs = [];
    page.on("dialog", async (dialog) => {
      dialogs.push(dialog.type());
      await dialog.accept();
    });
    await page.reload();
    await waitReady(page);
    assert.deepEqual(dialogs, ["beforeunload"]);
    assert.equal(await page.getByLabel("Release name", { exact: true }).inputValue(), "kept");
    assert.equal(await page.getByLabel("Namespace", { exact: true }).inputValue(), "kept-ns");
    assert.equal(await page.locator("#output").isHidden(), true, "no generated file survives a reload");
  } finally {
    await context.close();
  }
});

test("letting the chart generate: refused with verification on and in Keycloak cluster mode, then only values.yaml, with the install-only warning", async () => {
  const { context, page } = await openPage(browser, server.url);
  const dir = tempDir();
  try {
    await page.getByLabel("Let the chart generate them").check();
    await waitChecked(page);
    // The chart's own certificates need verification off, and cannot serve Keycloak cluster mode.
    await page.locator("#verification-diag .diag.error").waitFor();
    await page.locator("#source-group-diag .diag.error").waitFor();
    assert.match(await page.locator("#source-group-diag").textContent(), /Keycloak cluster mode cannot use/);
    assert.equal(await generateButton(page).isEnabled(), false);
    await page.locator("#verification").uncheck();
    await page.locator("#keycloak-cluster").uncheck();
    await waitChecked(page);
    // The hooks: helm upgrade of an existing release creates none of its Secrets.
    assert.match(await page.locator("#source-group-diag").textContent(), /helm upgrade of a release that already exists creates none/);
    assert.equal(await generateButton(page).isEnabled(), true);
    assert.equal(await page.locator("#create-options").isHidden(), true, "the CA and key options are hidden");
    assert.equal(await page.locator("#main-section").isHidden(), true, "no main certificate step: verification is off");
    await generate(page);
    assert.match(await page.locator("#result-status").textContent(), /No certificates are needed/);
    for (const name of ["secrets.yaml", "ca.crt", "ca.key"]) {
      assert.equal(await page.getByRole("button", { name }).isHidden(), true, `no ${name} to download`);
    }
    const values = yaml.load(read(await download(page, "values.yaml", dir)));
    assert.equal(values.general.internal_tls.certificates.source, "generate_self_signed_certificates");
    assert.equal(values.general.internal_tls.certificates.verification, false);
    assert.match(await page.locator("#changes").textContent(), /generate_self_signed_certificates/);
  } finally {
    await context.close();
    removeDir(dir);
  }
});

test("Save settings writes the settings document (no key); Load settings reads it back", async () => {
  const { context, page } = await openPage(browser, server.url);
  const dir = tempDir();
  try {
    await fill(page, "Release name", "saved");
    await fill(page, "Namespace", "saved-ns");
    await page.getByLabel("Extra SANs").fill("tls.example.com\n\n10.0.0.7");
    await page.getByLabel("Key algorithm").selectOption("ecdsa-p384");
    await page.getByLabel("My own CA").check();
    await page.getByLabel("CA private key (PEM)").fill("-----BEGIN PRIVATE KEY-----\nnot a real key\n-----END PRIVATE KEY-----\n");
    await waitChecked(page);
    const file = await download(page, "Save settings", dir);
    const text = read(file);
    assert.ok(!text.includes("PRIVATE KEY"), "the settings file holds no key");
    const settings = JSON.parse(text);
    assert.equal(settings.version, 1);
    assert.equal(settings.release.name, "saved");
    assert.equal(settings.release.namespace, "saved-ns");
    assert.deepEqual(settings.release.extra_sans, ["tls.example.com", "10.0.0.7"]);
    assert.equal(settings.certificates.key, "ecdsa-p384");
    assert.equal(settings.certificates.ca, "provided");
    assert.equal(settings.internal_tls.certificates.source, "existing_certificates");

    await page.getByRole("button", { name: "Reset form" }).click();
    await waitChecked(page);
    assert.equal(await page.getByLabel("Release name", { exact: true }).inputValue(), "lightrun");
    assert.equal(await page.getByLabel("CA private key (PEM)").inputValue(), "", "Reset clears the pasted key");

    const [chooser] = await Promise.all([
      page.waitForEvent("filechooser"),
      page.getByRole("button", { name: "Load settings" }).click(),
    ]);
    await chooser.setFiles(file);
    await page.locator("#settings-message").filter({ hasText: "Loaded" }).waitFor();
    assert.equal(await page.getByLabel("Release name", { exact: true }).inputValue(), "saved");
    assert.equal(await page.getByLabel("Namespace", { exact: true }).inputValue(), "saved-ns");
    assert.equal(await page.getByLabel("Key algorithm").inputValue(), "ecdsa-p384");
    assert.equal(await page.getByLabel("My own CA").isChecked(), true);

    // A file that is not a settings document is refused with a reason.
    const bad = path.join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ version: 1, release: { name: "x", colour: "blue" } }));
    const [again] = await Promise.all([
      page.waitForEvent("filechooser"),
      page.getByRole("button", { name: "Load settings" }).click(),
    ]);
    await again.setFiles(bad);
    await page.locator("#settings-message.error").waitFor();
    assert.match(await page.locator("#settings-message").textContent(), /cannot be used/);
    assert.equal(await page.getByLabel("Release name", { exact: true }).inputValue(), "saved");
  } finally {
    await context.close();
    removeDir(dir);
  }
});

test("cancelling a slow RSA 4096 run keeps the previous result", async () => {
  const { context, page } = await openPage(browser, server.url);
  try {
    await generate(page);
    const before = await page.locator("#result-status").textContent();
    const secretsBefore = await page.locator("#secrets-preview").textContent();
    assert.match(secretsBefore, /kind: Secret/);

    await page.getByLabel("Key algorithm").selectOption("rsa-4096");
    await waitChecked(page);
    await generateButton(page).click();
    // RSA keys come first (from WebCrypto), counted as they are made.
    await page.locator("#progress-text").filter({ hasText: /^Making RSA keys: \d+ of \d+$/ }).waitFor();
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.locator("#progress-text").filter({ hasText: "Cancelled" }).waitFor();

    assert.equal(await page.locator("#output").isVisible(), true);
    assert.equal(await page.locator("#result-status").textContent(), before);
    assert.equal(await page.locator("#secrets-preview").textContent(), secretsBefore);
    assert.equal(await page.getByRole("button", { name: "Cancel" }).isHidden(), true);

    // The restarted generator works.
    await page.getByLabel("Key algorithm").selectOption("ecdsa-p256");
    await waitChecked(page);
    await generate(page);
    assert.notEqual(await page.locator("#secrets-preview").textContent(), secretsBefore);
  } finally {
    await context.close();
  }
});

test("a crashed engine is reported plainly and Reload brings the settings back", async () => {
  const { context, page } = await openPage(browser, server.url);
  try {
    await fill(page, "Release name", "crashy");
    await waitChecked(page);
    // Serve a worker whose generate traps the way a Rust panic does in wasm.
    const original = read(path.join(ROOT, "dist", "web", "worker.js"));
    const broken = original.replace(
      "const value = handler(message, id);",
      'if (type === "generate") throw new WebAssembly.RuntimeError("unreachable");\n    const value = handler(message, id);',
    );
    assert.notEqual(broken, original, "the worker's dispatch line was found");
    await context.route("**/worker.js", (route) =>
      route.fulfill({ body: broken, contentType: "text/javascript" }),
    );
    // A fresh load picks up the broken worker; the settings come from sessionStorage.
    await page.reload();
    await waitReady(page);
    assert.equal(await page.getByLabel("Release name", { exact: true }).inputValue(), "crashy");
    await generateButton(page).click();
    await page.locator("#crash").waitFor();
    assert.match(await page.locator("#crash").textContent(), /stopped/);
    assert.match(await page.locator("#crash-message").textContent(), /unreachable/);
    assert.equal(await generateButton(page).isDisabled(), true);

    await context.unroute("**/worker.js");
    await page.getByRole("button", { name: "Reload" }).click();
    await page.waitForLoadState("load");
    await waitReady(page);
    assert.equal(await page.locator("#crash").isHidden(), true);
    assert.equal(await page.getByLabel("Release name", { exact: true }).inputValue(), "crashy");
    await generate(page);
    assert.match(await page.locator("#result-status").textContent(), /release crashy/);
  } finally {
    await context.close();
  }
});
