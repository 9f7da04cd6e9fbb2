// Bring your own certificates and "Check an existing install" on the page:
// pasted corpus certificates (tests/corpus, release acme in namespace prod)
// are inspected and checked beside each service, packed into Secrets, and an
// existing install's values.yaml and Secrets are audited into a table.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import yaml from "js-yaml";
import { startServer, launchBrowser, openPage, waitChecked, fill, generate, download, tempDir, removeDir, read, run, unzip, ROOT } from "./helpers.js";

const CORPUS = path.join(ROOT, "tests", "corpus");
const corpus = (name) => read(path.join(CORPUS, name));

/** The corpus files for each service the default settings deploy. */
const PEMS = {
  frontend: ["frontend-chain.crt", "frontend.key"],
  keycloak: ["keycloak.crt", "keycloak.key"],
  keycloak_cluster: ["keycloak-cluster.crt", "keycloak-cluster.key"],
  redis: ["redis.crt", "redis.key"],
  rabbitmq: ["mq.crt", "mq.key"],
  data_streamer: ["data-streamer.crt", "data-streamer.key"],
  artifacts: ["artifacts.crt", "artifacts.key"],
};

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

const slot = (key) => `#secret-${key.replace(/_/g, "-")}`;

async function byoPage(options = {}) {
  const opened = await openPage(browser, server.url, options);
  const { page } = opened;
  await fill(page, "Release name", "acme");
  await fill(page, "Namespace", "prod");
  await page.locator("#source-byo").check();
  await waitChecked(page);
  return opened;
}

/** Waits until a service's check has shown its verdict (or a failure). */
async function checked(page, key) {
  await page.locator(`${slot(key)}-findings .byo-verdict, ${slot(key)}-cert-diag .diag, ${slot(key)}-key-diag .diag`).first().waitFor();
}

test("bring your own: pasted certificates are inspected, checked and packed, normalised", async () => {
  const { context, page, console: messages } = await byoPage();
  const dir = tempDir();
  try {
    await page.locator("#byo-ca").fill(corpus("ca.crt"));
    const keys = [];
    for (const [key, [crt, pem]] of Object.entries(PEMS)) {
      if (!(await page.locator(`${slot(key)}-cert`).isVisible())) continue;
      keys.push(key);
      await page.locator(`${slot(key)}-cert`).fill(corpus(crt));
      await page.locator(`${slot(key)}-key`).fill(corpus(pem));
    }
    assert.ok(keys.includes("redis") && keys.includes("frontend"), `paste areas shown for ${keys}`);
    for (const key of keys) await checked(page, key);
    const redis = page.locator(`${slot("redis")}-inspection`);
    assert.match(await redis.textContent(), /CN=acme-redis/);
    assert.match(await redis.textContent(), /acme-redis\.prod\.svc\.cluster\.local/);
    assert.match(await redis.textContent(), /21\d\d-/, "the expiry is shown");
    assert.match(await page.locator(`${slot("redis")}-findings`).textContent(), /Works for Redis/);
    // The frontend's chain: leaf, then the intermediate.
    assert.match(await page.locator(`${slot("frontend")}-inspection`).textContent(), /Corpus Intermediate CA/);

    // The main certificate: with verification on, one must be brought too
    // (there is no CA key here to issue one); the corpus has one for acme-backend.
    await page.locator("#main-choice-bring-your-own").check();
    await page.locator("#main-cert").fill(corpus("main.crt"));
    await page.locator("#main-key").fill(corpus("main.key"));
    await waitChecked(page);
    assert.match(await page.locator("#trust-summary").textContent(), /Keycloak trusts the CA Secret acme-internal-ca/);

    await generate(page);
    assert.equal(await page.locator("#dl-ca-key").isVisible(), false, "no ca.key when bringing your own");
    const secretsFile = await download(page, "secrets.yaml", dir);
    const docs = yaml.loadAll(read(secretsFile)).filter(Boolean);
    const values = yaml.load(read(await download(page, "values.yaml", dir)));
    const names = values.general.internal_tls.certificates.existing_certificates;
    for (const key of keys) {
      const secret = docs.find((d) => d.metadata.name === names[key]);
      assert.ok(secret, `${key}: Secret ${names[key]} is in secrets.yaml`);
      const crt = Buffer.from(secret.data["tls.crt"], "base64").toString();
      const tlsKey = Buffer.from(secret.data["tls.key"], "base64").toString();
      assert.ok(crt.startsWith(corpus(PEMS[key][0]).trim().split("-----END CERTIFICATE-----")[0]), `${key}: leaf first`);
      assert.match(tlsKey, /^-----BEGIN PRIVATE KEY-----\n/, `${key}: the key is PKCS#8`);
      const keyFile = path.join(dir, `${key}.key`);
      const crtFile = path.join(dir, `${key}.crt`);
      await import("node:fs").then((fs) => {
        fs.writeFileSync(keyFile, tlsKey);
        fs.writeFileSync(crtFile, crt);
      });
      assert.equal(
        run("openssl", ["pkey", "-in", keyFile, "-pubout"]),
        run("openssl", ["x509", "-in", crtFile, "-noout", "-pubkey"]),
        `${key}: tls.key matches tls.crt`,
      );
    }
    assert.equal(values.certificate.existing_cert, "acme-main-tls");
    assert.equal(values.secrets.customCa.existingCaSecret, values.general.internal_tls.certificates.existing_ca_secret_name);
    const main = docs.find((d) => d.metadata.name === "acme-main-tls");
    assert.ok(main, "the brought main certificate is in secrets.yaml");
    assert.ok(Buffer.from(main.data["tls.crt"], "base64").toString().includes(corpus("main.crt").trim().split("\n")[1]));
    const ca = docs.find((d) => d.data && d.data["ca.crt"] && d.metadata.name === values.general.internal_tls.certificates.existing_ca_secret_name);
    assert.equal(Buffer.from(ca.data["ca.crt"], "base64").toString().trim(), corpus("ca.crt").trim());
    assert.deepEqual(messages.filter((m) => /BEGIN|PRIVATE/.test(m)), [], "no key material in the console");
    const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }) + location.href);
    assert.doesNotMatch(stored, /BEGIN/);
  } finally {
    removeDir(dir);
    await context.close();
  }
});

test("bring your own: a missing SAN is named beside the Redis certificate, with its Service", async () => {
  const { context, page } = await byoPage();
  try {
    await page.locator("#byo-ca").fill(corpus("ca.crt"));
    await page.locator(`${slot("redis")}-cert`).fill(corpus("missing-san.crt"));
    await page.locator(`${slot("redis")}-key`).fill(corpus("missing-san.key"));
    const finding = page.locator(`${slot("redis")}-findings .diag[data-code="san-missing"]`);
    await finding.waitFor();
    const text = await finding.textContent();
    assert.match(text, /acme-redis\.prod\.svc\.cluster\.local/);
    assert.match(text, /Redis/);
    assert.match(await page.locator(`${slot("redis")}-findings .byo-verdict`).textContent(), /Will not work for Redis/);
  } finally {
    await context.close();
  }
});

test("bring your own: an encrypted key asks for its passphrase; a wrong one is an error beside the key", async () => {
  const { context, page } = await byoPage();
  try {
    await page.locator("#byo-ca").fill(corpus("ca.crt"));
    await page.locator(`${slot("redis")}-cert`).fill(corpus("redis.crt"));
    await page.locator(`${slot("redis")}-key`).fill(corpus("redis-pbkdf2.key"));
    const passphrase = page.getByLabel("Passphrase for the Redis key");
    await passphrase.waitFor();
    await passphrase.fill(corpus("wrong-passphrase.txt").trim());
    await page.locator(`${slot("redis")}-key-diag .diag.error`).waitFor();
    assert.equal(await page.locator(`${slot("redis")}-key`).getAttribute("aria-invalid"), "true");
    await passphrase.fill(corpus("passphrase.txt").trim());
    await page.locator(`${slot("redis")}-findings .byo-verdict.ok`).waitFor();
    assert.equal(await page.locator(`${slot("redis")}-key-diag .diag`).count(), 0);
  } finally {
    await context.close();
  }
});

test("check an existing install: one row a service, statuses as tls-wizard audit gives them", async () => {
  const { context, page } = await openPage(browser, server.url);
  try {
    await page.locator("#audit-release").fill("acme");
    await page.locator("#audit-namespace").fill("prod");
    // One by file picker, one pasted.
    await page.locator("#audit-values-file").setInputFiles(path.join(CORPUS, "values.yaml"));
    await page.locator("#audit-secrets").fill(corpus("secrets-broken.yaml"));
    await page.locator("#audit-table:not([hidden])").waitFor();
    await page.locator('#audit-section[aria-busy="false"]').waitFor();
    // `tls-wizard audit --release-name acme --namespace prod --at 2030-01-01T00:00:00Z values.yaml secrets-broken.yaml`
    const expected = {
      frontend: ["error", "san-missing"],
      keycloak: ["ok", null],
      keycloak_cluster: ["not-deployed", null],
      redis: ["error", "secret-key-missing"],
      rabbitmq: ["error", "secret-missing"],
      data_streamer: ["not-deployed", null],
      artifacts: ["ok", null],
    };
    const rows = page.locator("#audit-body tr");
    assert.equal(await rows.count(), Object.keys(expected).length);
    for (const [key, [status, code]] of Object.entries(expected)) {
      const row = page.locator(`#audit-body tr[data-service="${key}"]`);
      assert.equal(await row.getAttribute("class"), `status-${status}`, key);
      if (code) assert.equal(await row.locator(`.diag[data-code="${code}"]`).count(), 1, `${key}: ${code}`);
    }
    assert.match(await page.locator("#audit-status").textContent(), /will not find a usable certificate/);
  } finally {
    await context.close();
  }
});

test("check an existing install: the CA's expiry is listed, and the reminders download as an .ics", async () => {
  const { context, page } = await openPage(browser, server.url);
  const dir = tempDir();
  try {
    await page.locator("#audit-release").fill("acme");
    await page.locator("#audit-namespace").fill("prod");
    await page.locator("#audit-values").fill(corpus("values.yaml"));
    await page.locator("#audit-secrets").fill(corpus("secrets.yaml"));
    await page.locator("#audit-table:not([hidden])").waitFor();
    await page.locator('#audit-section[aria-busy="false"]').waitFor();
    const ca = page.locator("#audit-cas li");
    assert.equal(await ca.count(), 1);
    assert.match(await ca.textContent(), /^CA CN=.+\(Secret acme-internal-ca\): expires \d{4}-\d\d-\d\d.*(days left|days ago)/);
    assert.ok((await page.locator("#audit-body .days-left").count()) > 0, "days left per certificate");
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#audit-ics").click()]);
    assert.equal(download.suggestedFilename(), "internal-tls-expiry.ics");
    const file = path.join(dir, "reminders.ics");
    await download.saveAs(file);
    const ics = read(file);
    assert.ok(ics.startsWith("BEGIN:VCALENDAR\r\n"), "an iCalendar file with CRLF lines");
    const events = ics.split("BEGIN:VEVENT").length - 1;
    const certificates = await page.locator("#audit-body .days-left").count();
    assert.equal(events, certificates + 1, "one event per certificate and one for the CA");
  } finally {
    await context.close();
    removeDir(dir);
  }
});

/** The CLI as built by cargo test (else through cargo run). */
function cli(args) {
  const built = path.join(ROOT, "target", "debug", "tls-wizard");
  if (existsSync(built)) return run(built, args);
  return run("cargo", ["run", "--quiet", "--manifest-path", path.join(ROOT, "Cargo.toml"), "--", ...args]);
}

/** Every file under `dir`, by name (the archive has one folder). */
function filesUnder(dir) {
  const out = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out[entry.name] = readFileSync(path.join(entry.parentPath ?? entry.path, entry.name), "utf8");
  }
  return out;
}

const USER_VALUES = "# our production values\ngeneral:\n  lightrun_endpoint: lightrun.example.com # the public name\n  internal_tls:\n    enabled: false\ndeployments:\n  keycloak:\n    clusterMode: true\n";

// One pipeline: the page's Download all files and `tls-wizard generate
// --cert-for ... --values-in` give the same bytes for the same inputs.
for (const withCa of [true, false]) {
  test(`bring your own${withCa ? "" : " without a CA bundle"}, merged into a values file: the page's files are the CLI's, byte for byte`, async () => {
    const { context, page } = await byoPage();
    const dir = tempDir();
    try {
      await page.getByLabel("values.yaml to merge into").fill(USER_VALUES);
      await page.locator("#values-file-read").filter({ hasText: "clusterMode" }).waitFor();
      if (withCa) await page.locator("#byo-ca").fill(corpus("ca.crt"));
      const flags = [];
      for (const [key, [crt, pem]] of Object.entries(PEMS)) {
        if (!(await page.locator(`${slot(key)}-cert`).isVisible())) continue;
        await page.locator(`${slot(key)}-cert`).fill(corpus(crt));
        await page.locator(`${slot(key)}-key`).fill(corpus(pem));
        await checked(page, key);
        flags.push(`--cert-for=${key}=${path.join(CORPUS, crt)}`, `--key-for=${key}=${path.join(CORPUS, pem)}`);
      }
      if (withCa) {
        await page.locator("#main-choice-bring-your-own").check();
        await page.locator("#main-cert").fill(corpus("main.crt"));
        await page.locator("#main-key").fill(corpus("main.key"));
        flags.push(`--ca-bundle=${path.join(CORPUS, "ca.crt")}`, `--main-cert=${path.join(CORPUS, "main.crt")}`, `--main-key=${path.join(CORPUS, "main.key")}`);
      } else {
        await page.locator("#main-choice-verification-off").check();
        flags.push("--main-certificate=verification-off");
      }
      await waitChecked(page);
      await generate(page);
      const zip = await download(page, "Download all files (.zip)", dir);
      const fromPage = path.join(dir, "page");
      unzip(zip, fromPage);
      const valuesIn = path.join(dir, "values-in.yaml");
      writeFileSync(valuesIn, USER_VALUES);
      const fromCli = path.join(dir, "cli");
      cli(["generate", "--release-name=acme", "--namespace=prod", `--values-in=${valuesIn}`, `--out=${fromCli}`, ...flags]);

      const pageFiles = filesUnder(fromPage);
      const cliFiles = filesUnder(fromCli);
      assert.deepEqual(Object.keys(pageFiles).sort(), Object.keys(cliFiles).sort());
      for (const [name, text] of Object.entries(cliFiles)) assert.equal(pageFiles[name], text, `${name}: the page's differs from the CLI's`);
      const values = yaml.load(cliFiles["values.yaml"]);
      assert.ok(cliFiles["values.yaml"].startsWith("# our production values\n"), "the user's file, merged");
      const caSecret = values.general.internal_tls.certificates.existing_ca_secret_name;
      const secrets = yaml.loadAll(cliFiles["secrets.yaml"]).filter(Boolean);
      if (withCa) {
        assert.ok(secrets.some((s) => s.metadata.name === caSecret && s.data["ca.crt"]), `the CA Secret ${caSecret} is in secrets.yaml`);
      } else {
        // No CA given: the values name no CA Secret, and none is written.
        assert.equal(caSecret, "");
        assert.ok(!secrets.some((s) => s.data["ca.crt"]));
        assert.equal(values.general.internal_tls.certificates.verification, false);
      }
    } finally {
      removeDir(dir);
      await context.close();
    }
  });
}
