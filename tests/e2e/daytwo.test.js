// Day-2 operations on the page: merging into the user's own values.yaml,
// additional trusted CAs in ca.crt, renewing a bundle made before, and the
// expiry reminders (.ics). Every download is checked with openssl and js-yaml.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import yaml from "js-yaml";
import {
  startServer,
  launchBrowser,
  openPage,
  waitChecked,
  fill,
  generate,
  download,
  tempDir,
  removeDir,
  read,
  run,
  unzip,
  ROOT,
} from "./helpers.js";

/** Zips a folder's files, stored (uncompressed), as the wizard's archives are: argv[1] the zip, argv[2] the folder. */
const ZIP_STORED = `
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_STORED) as z:
    for name in sorted(os.listdir(sys.argv[2])):
        z.write(os.path.join(sys.argv[2], name), "bundle/" + name)
`;

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

const VALUES = `# Our production values; reviewed by the platform team.
general:
  nameOverride: lr
  # keep me
  mq:
    enabled: false
  db_require_secure: 'true'   # quoted on purpose
deployments:
  keycloak:
    clusterMode: true
  frontend:
    replicas: 2 # two
`;

/** Saves a download whose button has exactly this name. */
async function downloadExact(page, name, dir) {
  const [item] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name, exact: true }).click(),
  ]);
  const file = path.join(dir, item.suggestedFilename());
  await item.saveAs(file);
  return file;
}

function certificatesIn(pem) {
  return (pem.match(/-----BEGIN CERTIFICATE-----/g) || []).length;
}

test("values.yaml merge: reads the release settings, keeps every other line, shows the diff; anchors are refused with their line", async () => {
  const { context, page } = await openPage(browser, server.url);
  const dir = tempDir();
  try {
    await page.getByLabel("values.yaml to merge into").fill(VALUES);
    const said = page.locator("#values-file-read");
    await said.filter({ hasText: "general.nameOverride: lr" }).waitFor();
    assert.match(await said.textContent(), /deployments\.keycloak\.clusterMode: true/);
    // The release context follows the file.
    for (let i = 0; i < 50 && (await page.locator("#name-override").inputValue()) !== "lr"; i++) {
      await page.waitForTimeout(100);
    }
    assert.equal(await page.locator("#name-override").inputValue(), "lr");
    assert.equal(await page.locator("#keycloak-cluster").isChecked(), true);
    assert.equal(await page.locator("#rabbitmq-in-cluster").isChecked(), false);
    await waitChecked(page);

    await generate(page);
    const merged = read(await download(page, "values.yaml", dir));
    // Every line of the original is still there, in order.
    const lines = merged.split("\n");
    let at = 0;
    for (const line of VALUES.split("\n").filter((l) => l !== "")) {
      const found = lines.indexOf(line, at);
      assert.ok(found >= 0, `kept in order: ${JSON.stringify(line)}`);
      at = found + 1;
    }
    const values = yaml.load(merged);
    assert.equal(values.general.nameOverride, "lr");
    assert.equal(values.general.db_require_secure, "true");
    assert.equal(values.deployments.frontend.replicas, 2);
    assert.equal(values.general.internal_tls.enabled, true);
    assert.ok(values.general.internal_tls.certificates.existing_certificates.keycloak_cluster);
    // The change is shown as a diff.
    const diff = page.locator("#merge-diff");
    await diff.waitFor();
    assert.match(await diff.textContent(), /^\+\s+internal_tls:/m);
    assert.ok(await page.locator("#merge-diff .add").count() > 3);

    // An anchor on general: is refused, with its line, and Generate waits for a fix.
    await page.getByLabel("values.yaml to merge into").fill("# ours\ngeneral: &g\n  nameOverride: lr\nother: *g\n");
    const refusal = page.locator("#values-file-diag .diag.error");
    await refusal.waitFor();
    assert.match(await refusal.textContent(), /line 2: general: carries an anchor/i);
    assert.equal(await page.locator("#values-file-text").getAttribute("aria-invalid"), "true");
    await page.locator("#generate[disabled]").waitFor();
    assert.match(await page.locator("#generate-blocked").textContent(), /values\.yaml/);
    // Clearing it lifts the block.
    await page.getByRole("button", { name: "Clear", exact: true }).click();
    await page.locator("#generate:not([disabled])").waitFor();
  } finally {
    await context.close();
    removeDir(dir);
  }
});

test("additional trusted CA: no warning while empty (the main certificate comes from the same CA), then in ca.crt after the wizard's CA", async () => {
  const { context, page } = await openPage(browser, server.url);
  const dir = tempDir();
  try {
    await waitChecked(page);
    const warning = page.locator("#trusted-cas-diag .diag.warning");
    assert.equal(await warning.count(), 0, "the defaults issue the main certificate: nothing to warn about");

    const key = path.join(dir, "corp.key");
    const crt = path.join(dir, "corp.crt");
    run("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
      "-keyout", key, "-out", crt, "-days", "30", "-subj", "/CN=Corp Root CA",
      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    await page.getByLabel("Additional trusted CAs (PEM)").fill(read(crt));
    await waitChecked(page);
    assert.equal(await warning.count(), 0);
    // A key pasted there is refused and never put in the settings.
    await page.getByLabel("Additional trusted CAs (PEM)").fill(`${read(crt)}${read(key)}`);
    await waitChecked(page);
    await page.locator("#trusted-cas-diag .diag.error").waitFor();
    await page.getByLabel("Additional trusted CAs (PEM)").fill(read(crt));
    await waitChecked(page);

    await generate(page);
    const caCrt = read(await download(page, "ca.crt", dir));
    assert.equal(certificatesIn(caCrt), 2);
    const subjects = run("openssl", ["crl2pkcs7", "-nocrl", "-certfile", path.join(dir, "ca.crt")]);
    const listed = run("openssl", ["pkcs7", "-print_certs", "-noout"], { input: subjects });
    assert.match(listed, /Corp Root CA/);
    const stored = await page.evaluate(() => JSON.stringify(Object.entries(sessionStorage)));
    assert.doesNotMatch(stored, /BEGIN CERTIFICATE/);
  } finally {
    await context.close();
    removeDir(dir);
  }
});

test("renew: the bundle's archive opens into the three boxes; an archive without ca.key is refused by name", async () => {
  const { context, page } = await openPage(browser, server.url);
  const dir = tempDir();
  try {
    await fill(page, "Release name", "acme");
    await fill(page, "Namespace", "prod");
    await waitChecked(page);
    await generate(page);
    const zip = await download(page, "Download all files (.zip)", dir);
    const caCrt = read(await download(page, "ca.crt", dir));
    const caKey = read(await download(page, "ca.key", dir));
    const secrets = read(await downloadExact(page, "Download secrets.yaml", dir));

    await page.locator("#renew-files").setInputFiles(zip);
    for (let i = 0; i < 50 && (await page.getByLabel("ca.key", { exact: true }).inputValue()) === ""; i++) {
      await page.waitForTimeout(100);
    }
    assert.equal(await page.getByLabel("ca.crt", { exact: true }).inputValue(), caCrt);
    assert.equal(await page.getByLabel("ca.key", { exact: true }).inputValue(), caKey);
    assert.equal(await page.getByLabel("Current secrets.yaml").inputValue(), secrets);
    await page.getByLabel("New validity (days)").fill("90");
    await page.getByRole("button", { name: "Renew", exact: true }).click();
    await page.locator("#renew-status").filter({ hasText: /Renewed|Nothing|stopped/ }).waitFor({ timeout: 30_000 });
    assert.match(await page.locator("#renew-status").textContent(), /^Renewed \d+ certificates/);

    // The same archive without ca.key: the message names the file and the entry.
    const unzipped = path.join(dir, "unzipped");
    unzip(zip, unzipped);
    const folder = readdirSync(unzipped)[0];
    rmSync(path.join(unzipped, folder, "ca.key"));
    const noKey = path.join(dir, "no-key.zip");
    run("python3", ["-c", ZIP_STORED, noKey, path.join(unzipped, folder)]);
    await page.locator("#renew-files").setInputFiles(noKey);
    const refusal = page.locator("#renew-diag .diag.error");
    await refusal.waitFor();
    assert.match(await refusal.textContent(), /no-key\.zip: has no ca\.key/);
  } finally {
    await context.close();
    removeDir(dir);
  }
});

test("renew: a bundle made here is re-issued with new serials, the same names, restart commands and reminders", async () => {
  const { context, page } = await openPage(browser, server.url);
  const dir = tempDir();
  const renewedDir = tempDir();
  try {
    await fill(page, "Release name", "acme");
    await fill(page, "Namespace", "prod");
    await waitChecked(page);
    await generate(page);
    const caCrtFile = await download(page, "ca.crt", dir);
    const caKeyFile = await download(page, "ca.key", dir);
    const secretsFile = await downloadExact(page, "Download secrets.yaml", dir);

    await page.getByLabel("ca.crt", { exact: true }).fill(read(caCrtFile));
    await page.getByLabel("ca.key", { exact: true }).fill(read(caKeyFile));
    await page.getByLabel("Current secrets.yaml").fill(read(secretsFile));
    await page.getByLabel("New validity (days)").fill("365");
    await page.getByRole("button", { name: "Renew", exact: true }).click();
    await page.locator("#renew-status").filter({ hasText: /Renewed|Nothing|stopped/ }).waitFor({ timeout: 30_000 });
    assert.match(await page.locator("#renew-status").textContent(), /^Renewed \d+ certificates/);

    const rows = page.locator("#renew-body tr");
    const count = await rows.count();
    assert.ok(count >= 4, `${count} rows`);
    for (let i = 0; i < count; i++) {
      const oldSerial = await rows.nth(i).locator(".serials .old").textContent();
      const newSerial = await rows.nth(i).locator(".serials .new").textContent();
      assert.ok(newSerial && newSerial !== oldSerial, `row ${i}: ${oldSerial} → ${newSerial}`);
      assert.match(await rows.nth(i).textContent(), /unchanged/);
    }
    assert.match(await page.locator("#renew-restart").textContent(), /kubectl .*rollout restart/);

    const renewed = await downloadExact(page, "Download renewed secrets.yaml", renewedDir);
    const before = new Map(
      yaml.loadAll(read(secretsFile)).filter(Boolean).map((d) => [d.metadata.name, d]),
    );
    let leaves = 0;
    for (const doc of yaml.loadAll(read(renewed)).filter(Boolean)) {
      if (!doc.data["tls.crt"]) continue;
      leaves++;
      const now = path.join(renewedDir, `${doc.metadata.name}.crt`);
      const then = path.join(dir, `${doc.metadata.name}.crt`);
      writeFileSync(now, Buffer.from(doc.data["tls.crt"], "base64"));
      writeFileSync(then, Buffer.from(before.get(doc.metadata.name).data["tls.crt"], "base64"));
      assert.match(run("openssl", ["verify", "-CAfile", caCrtFile, now]), /: OK\s*$/);
      const sans = (file) => run("openssl", ["x509", "-in", file, "-noout", "-ext", "subjectAltName"]);
      assert.equal(sans(now), sans(then), `${doc.metadata.name}: the same SANs`);
      const serial = (file) => run("openssl", ["x509", "-in", file, "-noout", "-serial"]);
      assert.notEqual(serial(now), serial(then));
    }
    assert.equal(leaves, count);

    const ics = await downloadExact(page, "Download reminders (.ics)", renewedDir)
      .then(read)
      .catch(async (error) => {
        throw new Error(`${error.message}; the page says: ${await page.locator("#renew-diag").textContent()}`);
      });
    assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
    assert.ok((ics.match(/BEGIN:VEVENT/g) || []).length >= 2);
    assert.match(ics, /END:VCALENDAR\r\n$/);
  } finally {
    await context.close();
    removeDir(dir);
    removeDir(renewedDir);
  }
});

test("values.yaml merge with a main certificate in the file: kept and checked, a failing one blocks Generate with the three fixes", async () => {
  const { context, page } = await openPage(browser, server.url);
  const dir = tempDir();
  try {
    const corpus = (name) => read(path.join(ROOT, "tests", "corpus", name));
    const b64 = (text) => Buffer.from(text).toString("base64");
    await fill(page, "Release name", "acme");
    await fill(page, "Namespace", "prod");
    // A certificate for the public name only, as a public CA would issue it: the router's check of acme-backend fails.
    const publicOnly = `general:\n  lightrun_endpoint: lightrun.example.com\ncertificate:\n  tls:\n    crt: ${b64(corpus("frontend.crt"))}\n    key: ${b64(corpus("frontend.key"))}\n`;
    await page.getByLabel("values.yaml to merge into").fill(publicOnly);
    await page.locator("#main-choice-values").waitFor({ state: "visible" });
    assert.equal(await page.locator("#main-choice-values").isChecked(), true, "the file's certificate is kept by default");
    await waitChecked(page);
    // The check needs the certificate engine, so it runs at Generate: refused, nothing made.
    await page.locator("#generate:not([disabled])").waitFor();
    await page.getByRole("button", { name: "Generate", exact: true }).click();
    await page.locator("#progress-text").filter({ hasText: "Nothing was generated" }).waitFor({ timeout: 60_000 });
    const status = await page.locator("#generate-diag").textContent();
    assert.match(status, /acme-backend/, status);
    assert.match(status, /verification off/, status);
    // Choosing to issue it instead: a bundle, the file's certificate replaced by certificate.existing_cert.
    await page.locator("#main-choice-issue").check();
    await waitChecked(page);
    await generate(page);
    const merged = yaml.load(read(await download(page, "values.yaml", dir)));
    assert.equal(merged.certificate.existing_cert, "acme-main-tls");
    assert.equal(merged.secrets.customCa.existingCaSecret, "acme-internal-ca");
  } finally {
    await context.close();
    removeDir(dir);
  }
});
