// The certificate corpus of tests/corpus pasted into the page's Bring your own
// fields, case by case, each expecting the verdict `tls-wizard check` gives
// for the same files. The cases and their verdicts are tests/corpus/cases.json,
// which tests/import_cli.rs runs through the CLI: the two cannot drift. The
// page's clock is set to the manifest's time, as the CLI's --at.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { startServer, launchBrowser, openPage, waitChecked, fill, read, ROOT } from "./helpers.js";

const CORPUS = path.join(ROOT, "tests", "corpus");
const corpus = (name) => read(path.join(CORPUS, name));
const manifest = JSON.parse(corpus("cases.json"));

/** The field a failure is shown beside, and the word its message starts with. */
const FIELDS = {
  cert: { suffix: "cert", named: "certificate:" },
  key: { suffix: "key", named: "private key:" },
  ca: { named: "CA certificate(s):" },
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

/** A page in Bring your own mode for release acme in prod, its clock at the manifest's time. */
async function byoPage({ keycloakCluster = false } = {}) {
  const opened = await openPage(browser, server.url);
  const { page } = opened;
  await page.clock.setFixedTime(new Date(manifest.at));
  await fill(page, "Release name", "acme");
  await fill(page, "Namespace", "prod");
  await page.locator("#source-byo").check();
  if (keycloakCluster) await page.locator("#keycloak-cluster").check();
  await waitChecked(page);
  return opened;
}

/** Waits until the check of a service's fields has shown its verdict for what they hold. */
async function settled(page, key) {
  await page.locator(`${slot(key)}-byo-fields[aria-busy="false"]`).waitFor({ state: "attached" });
}

/** Empties a service's fields and the CA field, and waits until nothing is shown beside them. */
async function clear(page, key) {
  const s = slot(key);
  const passphrase = page.locator(`${s}-passphrase`);
  if (await passphrase.isVisible()) await passphrase.fill("");
  for (const field of [`${s}-key`, `${s}-cert`, "#byo-ca"]) await page.locator(field).fill("");
  await settled(page, key);
  for (const box of [`${s}-findings`, `${s}-cert-diag`, `${s}-key-diag`, "#byo-ca-diag"]) {
    await page.locator(`${box} .diag, ${box} .byo-verdict`).first().waitFor({ state: "detached" });
  }
}

/** The diagnostics beside a field, as {severity, code, text}. */
async function diags(page, box) {
  return page.locator(`${box} .diag`).evaluateAll((items) =>
    items.map((d) => ({ severity: d.className.replace("diag", "").trim(), code: d.dataset.code, text: d.textContent })),
  );
}

/** The field whose file an input error names: the key, else the CA, else the certificate. */
function fieldOf(c, file) {
  if (c.key === file) return "key";
  if ((c.ca ?? "ca.crt") === file) return "ca";
  return "cert";
}

/** No crash panel, no uncaught error in the page. */
async function assertAlive(page, messages, name) {
  assert.equal(await page.locator("#crash").isHidden(), true, `${name}: the crash panel is shown`);
  assert.deepEqual(messages.filter((m) => m.startsWith("pageerror")), [], `${name}: errors in the page`);
}

/** Pastes a case into its service's fields and checks the verdict beside them. */
async function checkCase(page, c) {
  const key = c.page.service;
  const s = slot(key);
  const expect = c.page.expect ?? c.expect;
  await clear(page, key);
  await page.locator("#byo-ca").fill(corpus(c.ca ?? "ca.crt"));
  if (expect.file_refused) {
    // Chosen with the field's file button: refused by name, nothing read.
    await page.locator(`${s}-cert-file`).setInputFiles(path.join(CORPUS, c.cert));
    await page.locator(`${s}-cert-diag`).filter({ hasText: expect.file_refused }).waitFor();
    assert.equal(await page.locator(`${s}-cert`).inputValue(), "", `${c.name}: nothing is read into the field`);
    return;
  }
  await page.locator(`${s}-cert`).fill(corpus(c.cert));
  if (c.key) await page.locator(`${s}-key`).fill(corpus(c.key));
  if (c.passphrase || expect.passphrase_prompt) {
    // An encrypted key: the page asks for its passphrase, with a note beside the key.
    const prompt = page.locator(`${s}-passphrase`);
    await prompt.waitFor();
    await settled(page, key);
    const notes = await diags(page, `${s}-key-diag`);
    assert.ok(notes.some((d) => d.severity === "info" && /passphrase/.test(d.text)), `${c.name}: ${JSON.stringify(notes)}`);
    // As the CLI reads a passphrase file: its last line end is not part of it.
    if (c.passphrase) await prompt.fill(corpus(c.passphrase).replace(/\r?\n$/, ""));
  }
  await settled(page, key);

  const findings = await diags(page, `${s}-findings`);
  const verdict = page.locator(`${s}-findings .byo-verdict`);
  const failures = [...(await diags(page, `${s}-cert-diag`)), ...(await diags(page, `${s}-key-diag`))];
  const where = `${c.name}: ${JSON.stringify({ findings, failures })}`;

  if (expect.valid) {
    assert.match(await verdict.getAttribute("class"), /\bok\b/, where);
    assert.deepEqual(findings.filter((f) => f.severity === "error"), [], where);
    assert.deepEqual(failures, [], where);
    for (const note of expect.valid) assert.ok(findings.some((f) => f.code === note), `${where}: no ${note}`);
  } else if (expect.finding) {
    assert.match(await verdict.getAttribute("class"), /\bbad\b/, where);
    assert.ok(findings.some((f) => f.severity === "error" && f.code === expect.finding), `${where}: no error ${expect.finding}`);
    assert.deepEqual(failures, [], where);
  } else if (expect.input) {
    const field = fieldOf(c, expect.input.file);
    const box = field === "ca" ? "#byo-ca-diag" : `${s}-${FIELDS[field].suffix}-diag`;
    const input = field === "ca" ? "#byo-ca" : `${s}-${FIELDS[field].suffix}`;
    await page.locator(`${box} .diag.error`).first().waitFor();
    const errors = (await diags(page, box)).filter((d) => d.severity === "error");
    const named = errors.find((d) => d.text.includes(expect.input.text));
    assert.ok(named, `${where}: no error with ${JSON.stringify(expect.input.text)} beside the ${field}: ${JSON.stringify(errors)}`);
    assert.ok(named.text.includes(FIELDS[field].named), `${where}: the error does not name the ${field}`);
    assert.equal(await page.locator(input).getAttribute("aria-invalid"), "true", `${where}: the ${field} is not marked invalid`);
    assert.equal(await verdict.count(), 0, `${where}: a verdict is shown for what could not be read`);
  } else if (expect.passphrase_prompt) {
    const notes = await diags(page, `${s}-key-diag`);
    assert.ok(notes.some((d) => d.text.includes(expect.passphrase_prompt)), where);
    assert.equal(notes.filter((d) => d.severity === "error").length, 0, where);
  } else {
    assert.fail(`${c.name}: the manifest gives no page verdict this test knows`);
  }
}

const PAGE_CASES = manifest.check.filter((c) => !c.page.skip);

test("the manifest's page cases name a slot the page shows", () => {
  assert.ok(PAGE_CASES.length >= 30, `only ${PAGE_CASES.length} cases`);
  for (const c of manifest.check) {
    assert.ok(c.page.skip || c.page.service, `${c.name}: page.service or page.skip`);
    if (c.page.expect) assert.ok(c.page.why, `${c.name}: say why the page's verdict differs`);
  }
});

for (const keycloakCluster of [false, true]) {
  const cases = PAGE_CASES.filter((c) => (c.page.service === "keycloak_cluster") === keycloakCluster);
  const mode = keycloakCluster ? "in Keycloak cluster mode" : "with the default services";
  test(`every corpus case pasted into the page ${mode} gives the CLI's verdict beside its field`, async (t) => {
    const { context, page, console: messages } = await byoPage({ keycloakCluster });
    try {
      for (const c of cases) {
        await t.test(c.name, async () => {
          await checkCase(page, c);
          await assertAlive(page, messages, c.name);
        });
      }
    } finally {
      await context.close();
    }
  });
}

test("the missing SAN is named beside the Redis certificate, with its Service", async () => {
  const c = manifest.check.find((x) => x.cert === "missing-san.crt");
  const { context, page, console: messages } = await byoPage();
  try {
    await checkCase(page, c);
    const finding = page.locator(`${slot("redis")}-findings .diag[data-code="san-missing"]`);
    const text = await finding.textContent();
    assert.match(text, /acme-redis\.prod\.svc\.cluster\.local/);
    assert.match(text, /Redis/);
    const names = finding.locator("ul.missing-names");
    assert.equal(await names.getAttribute("aria-label"), "Names concerned, for Redis");
    assert.deepEqual(await names.locator("li").allTextContents(), ["acme-redis.prod.svc.cluster.local"]);
    await assertAlive(page, messages, c.name);
  } finally {
    await context.close();
  }
});

test("a 5 MB file is refused by name beside its field; a 5 MB paste is refused beside the field it is in, naming it", async () => {
  const { bytes, text } = manifest.oversized;
  const big = "A".repeat(bytes);
  const { context, page, console: messages } = await byoPage();
  const s = slot("redis");
  try {
    // A picked file: refused by name before anything reads it.
    await clear(page, "redis");
    await page.locator(`${s}-cert-file`).setInputFiles({ name: "big.pem", mimeType: "application/x-pem-file", buffer: Buffer.from(big) });
    await page.locator(`${s}-cert-diag`).filter({ hasText: `big.pem is ${bytes} bytes` }).filter({ hasText: text }).waitFor();
    assert.equal(await page.locator(`${s}-cert`).inputValue(), "", "big.pem: nothing is read into the field");
    // Pasted: the check refuses the field by name, whichever field it is.
    for (const [field, input, box] of [
      ["cert", `${s}-cert`, `${s}-cert-diag`],
      ["key", `${s}-key`, `${s}-key-diag`],
      ["ca", "#byo-ca", "#byo-ca-diag"],
    ]) {
      await clear(page, "redis");
      await page.locator("#byo-ca").fill(corpus("ca.crt"));
      await page.locator(`${s}-cert`).fill(corpus("redis.crt"));
      await page.locator(`${s}-key`).fill(corpus("redis.key"));
      await page.locator(input).fill(big);
      await settled(page, "redis");
      await page.locator(`${box} .diag.error`).first().waitFor();
      const errors = (await diags(page, box)).filter((d) => d.severity === "error");
      assert.ok(
        errors.some((d) => d.text.includes(FIELDS[field].named) && d.text.includes(text)),
        `${field}: ${JSON.stringify(errors)}`,
      );
      assert.equal(await page.locator(input).getAttribute("aria-invalid"), "true", field);
      const elsewhere = [`${s}-cert-diag`, `${s}-key-diag`, "#byo-ca-diag"].filter((b) => b !== box);
      for (const other of elsewhere) assert.equal(await page.locator(`${other} .diag.error`).count(), 0, `${field}: error beside ${other}`);
      await assertAlive(page, messages, `5 MB ${field}`);
    }
  } finally {
    await context.close();
  }
});

for (const c of manifest.audit) {
  test(`check an existing install: ${c.name}, each row as tls-wizard audit gives it`, async () => {
    const { context, page, console: messages } = await openPage(browser, server.url);
    try {
      await page.clock.setFixedTime(new Date(manifest.at));
      await page.locator("#audit-release").fill(manifest.release);
      await page.locator("#audit-namespace").fill(manifest.namespace);
      const [values, ...secrets] = c.files;
      await page.locator("#audit-values").fill(corpus(values));
      await page.locator("#audit-secrets").fill(secrets.map(corpus).join("---\n"));
      await page.locator("#audit-table:not([hidden])").waitFor();
      await page.locator('#audit-section[aria-busy="false"]').waitFor();
      assert.equal(await page.locator("#audit-body tr").count(), Object.keys(c.services).length);
      for (const [key, [status, code]] of Object.entries(c.services)) {
        const row = page.locator(`#audit-body tr[data-service="${key}"]`);
        assert.equal(await row.getAttribute("class"), `status-${status}`, key);
        if (code) assert.equal(await row.locator(`.diag[data-code="${code}"]`).count(), 1, `${key}: ${code}`);
      }
      assert.match(await page.locator("#audit-status").getAttribute("class"), c.exit === 0 ? /\bok\b/ : /\berror\b/);
      await assertAlive(page, messages, c.name);
    } finally {
      await context.close();
    }
  });
}
