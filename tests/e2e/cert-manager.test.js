// cert-manager mode against cert-manager's own schemas: the real
// `tls-wizard generate --cert-manager` and the page's fourth certificate
// source both write cert-manager.yaml, and every document in it must pass the
// validate() of @kubernetes-models/cert-manager's Issuer and Certificate
// classes (generated from cert-manager's CRDs) and use no field those schemas
// do not define. (kubernetes-validate, used for the Secrets, knows only the
// built-in kinds, not cert-manager's CRDs.)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import yaml from "js-yaml";
import { Certificate, Issuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1";
import {
  ROOT,
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
} from "./helpers.js";

const CLASSES = { Issuer, Certificate };

// The schemas the classes validate with, compiled to code: a field name the
// wizard writes must appear in them, which catches a misspelt field such as
// `isCa` that the schemas (open to unknown fields) would let through.
const require = createRequire(import.meta.url);
const SCHEMA_DIR = path.join(path.dirname(require.resolve("@kubernetes-models/cert-manager/package.json")), "_schemas");
const SCHEMA_TEXT = {
  Issuer: readFileSync(path.join(SCHEMA_DIR, "CertManagerIoV1Issuer.mjs"), "utf8"),
  Certificate: readFileSync(path.join(SCHEMA_DIR, "CertManagerIoV1Certificate.mjs"), "utf8"),
};

function unknownFields(kind, spec, at = "spec") {
  const found = [];
  if (spec && typeof spec === "object" && !Array.isArray(spec)) {
    for (const [key, value] of Object.entries(spec)) {
      if (!SCHEMA_TEXT[kind].includes(`"${key}"`)) found.push(`${at}.${key}`);
      found.push(...unknownFields(kind, value, `${at}.${key}`));
    }
  }
  return found;
}

/** Validates every document of a cert-manager.yaml; returns the documents. */
function validateAll(text, where) {
  const documents = yaml.loadAll(text);
  assert.ok(documents.length >= 3, `${where}: at least the CA Issuer, the trust Certificate and one service`);
  for (const doc of documents) {
    const Class = CLASSES[doc.kind];
    assert.ok(Class, `${where}: unexpected kind ${doc.kind}`);
    assert.equal(doc.apiVersion, "cert-manager.io/v1");
    assert.doesNotThrow(() => new Class(doc).validate(), `${where}: ${doc.kind} ${doc.metadata.name}`);
    assert.deepEqual(unknownFields(doc.kind, doc.spec), [], `${where}: ${doc.kind} ${doc.metadata.name}`);
  }
  return documents;
}

function binary() {
  const built = path.join(ROOT, "target", "debug", "tls-wizard");
  if (existsSync(built)) return [built, []];
  return ["cargo", ["run", "--quiet", "--manifest-path", path.join(ROOT, "Cargo.toml"), "--"]];
}

function cli(args) {
  const [cmd, prefix] = binary();
  return run(cmd, [...prefix, ...args]);
}

test("the checks themselves: a wrong algorithm, a wrong usage and a misspelt field are caught", () => {
  const bad = {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: "x", namespace: "prod" },
    spec: { secretName: "x", issuerRef: { name: "i" }, usages: ["server"], privateKey: { algorithm: "DSA" } },
  };
  assert.throws(() => new Certificate(bad).validate(), /privateKey\/algorithm/);
  assert.throws(() => new Certificate(bad).validate(), /usages\/0/);
  assert.deepEqual(unknownFields("Certificate", { secretName: "x", isCa: true }), ["spec.isCa"]);
});

test("tls-wizard generate --cert-manager: every document validates against cert-manager's schemas", () => {
  const dir = tempDir();
  try {
    const cases = [
      ["default", []],
      ["cluster-rsa", ["--keycloak-cluster", "--key", "rsa-4096", "--extra-san", "10.1.2.3", "--extra-san", "lr.example.com"]],
      ["own-ca-p384", ["--cert-manager-ca-secret", "corp-ca", "--key", "ecdsa-p384", "--renew-before-days", "7", "--days", "90"]],
      ["shared-p384", ["--shared-cert", "--key", "ecdsa-p384", "--external-redis", "--no-rabbitmq"]],
    ];
    for (const [name, flags] of cases) {
      const out = path.join(dir, name);
      cli(["generate", "--cert-manager", "--out", out, "--release-name", "acme", "--namespace", "prod", ...flags]);
      assert.deepEqual(readdirSync(out).sort(), ["APPLY.md", "cert-manager.yaml", "values.yaml"], name);
      const documents = validateAll(read(path.join(out, "cert-manager.yaml")), name);
      for (const doc of documents) assert.equal(doc.metadata.namespace, "prod");
      const values = yaml.load(read(path.join(out, "values.yaml"))).general.internal_tls.certificates;
      // Every Secret values.yaml names, and the CA Secret, is some Certificate's secretName.
      const secretNames = new Set(documents.filter((d) => d.kind === "Certificate").map((d) => d.spec.secretName));
      for (const secret of Object.values(values.existing_certificates).filter(Boolean)) {
        assert.ok(secretNames.has(secret), `${name}: ${secret}`);
      }
      assert.ok(secretNames.has(values.existing_ca_secret_name), `${name}: the CA Secret`);
      assert.equal(values.source, "existing_certificates");
      assert.equal(values.verification, true);
    }
  } finally {
    removeDir(dir);
  }
});

// ---------------------------------------------------------------- the page

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

test("page: cert-manager mode downloads values.yaml, cert-manager.yaml and APPLY.md, and no key", async () => {
  const { context, page } = await openPage(browser, server.url);
  const dir = tempDir();
  try {
    await fill(page, "Release name", "acme");
    await fill(page, "Namespace", "prod");
    await page.locator("#keycloak-cluster").check();
    await page.getByLabel("Let cert-manager make them").check();
    // Its own options show; the pasted-CA and extra-CA fields do not apply.
    await page.locator("#cert-manager-options").waitFor();
    assert.equal(await page.locator("#ca-group").isHidden(), true);
    assert.equal(await page.locator("#trusted-cas-field").isHidden(), true);
    assert.equal(await page.locator("#cm-ca-secret").isHidden(), true);

    // Live validation: the user's own CA without a Secret name, then a renewBefore too long.
    await page.getByLabel("Sign with an existing CA Secret").check();
    const secretDiag = page.locator("#cm-ca-secret-diag .diag.error");
    await secretDiag.waitFor();
    assert.match(await secretDiag.textContent(), /no Secret holding it is named/);
    await page.locator("#generate[disabled]").waitFor();
    await fill(page, "Your CA's Secret", "corp-ca");
    await secretDiag.waitFor({ state: "detached" });
    await fill(page, "Certificate validity (days)", "90");
    await fill(page, "Renew before (days)", "90");
    const renewDiag = page.locator("#renew-before-diag .diag.error");
    await renewDiag.waitFor();
    assert.match(await renewDiag.textContent(), /not shorter than the certificate validity/);
    await fill(page, "Renew before (days)", "10");
    await renewDiag.waitFor({ state: "detached" });
    await waitChecked(page);

    await generate(page);
    await page.locator("#result-status").filter({ hasText: "cert-manager Certificate" }).waitFor();
    for (const id of ["dl-secrets", "dl-ca-crt", "dl-ca-key"]) {
      assert.equal(await page.locator(`#${id}`).isHidden(), true, id);
    }
    assert.equal(await page.locator("#secrets-preview-title").textContent(), "cert-manager.yaml");

    const manifests = read(await download(page, "cert-manager.yaml", dir));
    const values = yaml.load(read(await download(page, "values.yaml", dir))).general.internal_tls.certificates;
    const apply = read(await download(page, "APPLY.md", dir));
    const documents = validateAll(manifests, "page");
    const issuers = documents.filter((d) => d.kind === "Issuer");
    assert.deepEqual(issuers.map((i) => i.spec.ca && i.spec.ca.secretName), ["corp-ca"]);
    const certificates = documents.filter((d) => d.kind === "Certificate");
    const bySecret = Object.fromEntries(certificates.map((c) => [c.spec.secretName, c]));
    // The chart's defaults: no data streamer, so no Secret named for it.
    assert.equal(values.existing_certificates.data_streamer, "");
    for (const [key, secret] of Object.entries(values.existing_certificates).filter(([, secret]) => secret)) {
      const cert = bySecret[secret];
      assert.ok(cert, `a Certificate for ${key} (${secret})`);
      assert.equal(cert.spec.duration, "2160h");
      assert.equal(cert.spec.renewBefore, "240h");
      assert.equal(cert.spec.usages.includes("client auth"), key === "keycloak_cluster", key);
      assert.ok(cert.spec.dnsNames.includes(cert.spec.commonName), key);
    }
    assert.deepEqual(bySecret[values.existing_certificates.redis].spec.dnsNames, [
      "acme-redis",
      "acme-redis.prod",
      "acme-redis.prod.svc",
      "acme-redis.prod.svc.cluster.local",
    ]);
    assert.ok(bySecret[values.existing_ca_secret_name], "the CA Secret is filled by a Certificate");
    assert.match(apply, /kubectl apply -n prod -f cert-manager\.yaml[\s\S]*kubectl wait --for=condition=Ready certificate --all -n prod[\s\S]*helm upgrade --install acme/);

    // The archive holds the same three files and nothing else.
    const zip = await download(page, "Download all files (.zip)", dir);
    const unzipped = path.join(dir, "unzipped");
    unzip(zip, unzipped);
    const folder = readdirSync(unzipped)[0];
    assert.deepEqual(readdirSync(path.join(unzipped, folder)).sort(), ["APPLY.md", "cert-manager.yaml", "values.yaml"]);
    for (const name of ["APPLY.md", "cert-manager.yaml", "values.yaml"]) {
      assert.doesNotMatch(read(path.join(unzipped, folder, name)), /-----BEGIN/, name);
    }
  } finally {
    await context.close();
    removeDir(dir);
  }
});

test("page: a link preset source=cert-manager opens in cert-manager mode", async () => {
  const { context, page } = await openPage(browser, `${server.url}#source=cert-manager&release-name=acme`);
  try {
    await page.getByLabel("Let cert-manager make them").and(page.locator(":checked")).waitFor();
    await page.locator("#cert-manager-options:not([hidden])").waitFor();
    assert.match(await page.locator("#generate-help").textContent(), /cert-manager makes the keys in your cluster/);
  } finally {
    await context.close();
  }
});
