// The side-by-side benchmark, in one page and one run of headless Chromium
// (driven by tests/bench/run.mjs). Each implementation makes the standard
// bundle: a new CA and one leaf per Service of the chart with Keycloak cluster
// mode on (seven leaves), with the chart's DNS names, every key as PKCS#8 PEM
// and every certificate as PEM.
//
// - ours: the page's own path. The product's core.js compiles the first-view
//   module and starts the product's worker.js through CoreWorker, exactly as
//   the page does; "generate" goes to that worker, which loads the engine
//   module, makes RSA keys with WebCrypto (ECDSA keys in wasm), signs in wasm
//   and zips the files. The time is from the request to the answer on the
//   main thread, so it includes the message round trip and the zip.
// - @peculiar/x509 over the browser's WebCrypto, on the main thread: keys made
//   in parallel (Promise.all), certificates built by the library and signed by
//   WebCrypto, keys exported as PKCS#8.
// - node-forge, pure JavaScript, on the main thread: RSA only (forge has no
//   ECDSA certificates), keys made one after another (synchronously).
//
// Runs alternate between the implementations after one warm-up run of each.

import { compileCore, CoreWorker } from "/core.js";

const RUNS = { "ecdsa-p256": 15, "rsa-2048": 5 };
const VALIDATE_RUNS = 30;
const DAY_MS = 86_400_000;

const logEl = document.getElementById("log");
function log(line) {
  logEl.textContent += `\n${line}`;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function pem(label, buffer) {
  const bytes = new Uint8Array(buffer);
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const b64 = btoa(text).replace(/.{64}/g, "$&\n").replace(/\n$/, "");
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

function randomSerial() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] & 0x7f) | 0x40;
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

// ---------------------------------------------------------------- ours

let core = null;

async function startOurs() {
  const module = await compileCore();
  core = new CoreWorker(module, "bench", (message) => {
    throw new Error(`the worker crashed: ${message}`);
  });
  return core.ready;
}

function standardSettings(defaults, algorithm) {
  const settings = structuredClone(defaults);
  settings.release.keycloak_cluster_mode = true;
  settings.certificates.key = algorithm;
  return JSON.stringify(settings);
}

async function ours(settings) {
  const result = await core.call("generate", { settings, caCert: null, caKey: null, now: Date.now(), folder: "bench" });
  if (result.failure) throw new Error(`ours failed: ${result.failure.error}`);
  const secrets = result.files.find((f) => f.name === "secrets.yaml").contents;
  const leaves = secrets.split("type: kubernetes.io/tls").length - 1;
  if (leaves !== 7) throw new Error(`ours made ${leaves} leaf Secrets, not 7`);
  return result;
}

// A diagnostic, not in results.json: the engine's exported generate called
// directly on this page's main thread, without the worker, the message round
// trip, WebCrypto keys or the zip: what the wasm itself takes.
let direct = null;
async function oursDirect(settings) {
  if (!direct) {
    direct = await import("/pkg/internal_tls_wizard_engine.js");
    await direct.default();
  }
  return direct.generate(settings, null, null, Date.now(), () => {});
}

// ---------------------------------------------------------------- @peculiar/x509

const X = globalThis.x509;

function peculiarAlgorithms(algorithm) {
  if (algorithm === "ecdsa-p256") {
    const key = { name: "ECDSA", namedCurve: "P-256" };
    return { key, signing: { name: "ECDSA", hash: "SHA-256" } };
  }
  const key = { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" };
  return { key, signing: key };
}

async function peculiar(algorithm, plan) {
  const { key, signing } = peculiarAlgorithms(algorithm);
  const now = Date.now();
  const notBefore = new Date(now - 5 * 60_000);
  const notAfter = new Date(now + 3650 * DAY_MS);
  const keys = await Promise.all(
    Array.from({ length: plan.leaves.length + 1 }, () => crypto.subtle.generateKey(key, true, ["sign", "verify"])),
  );
  const [caKeys, ...leafKeys] = keys;
  const caCert = await X.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=${plan.caName}`,
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: signing,
    extensions: [
      new X.BasicConstraintsExtension(true, 0, true),
      new X.KeyUsagesExtension(X.KeyUsageFlags.keyCertSign | X.KeyUsageFlags.cRLSign, true),
      await X.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
      await X.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const leafUsage = X.KeyUsageFlags.digitalSignature | (algorithm.startsWith("rsa") ? X.KeyUsageFlags.keyEncipherment : 0);
  const leaves = [];
  for (const [i, leaf] of plan.leaves.entries()) {
    const cert = await X.X509CertificateGenerator.create({
      serialNumber: randomSerial(),
      subject: `CN=${leaf.name}`,
      issuer: caCert.subject,
      notBefore,
      notAfter,
      signingKey: caKeys.privateKey,
      publicKey: leafKeys[i].publicKey,
      signingAlgorithm: signing,
      extensions: [
        new X.BasicConstraintsExtension(false, undefined, true),
        new X.KeyUsagesExtension(leafUsage, true),
        new X.ExtendedKeyUsageExtension([X.ExtendedKeyUsage.serverAuth, X.ExtendedKeyUsage.clientAuth]),
        new X.SubjectAlternativeNameExtension(leaf.dns.map((value) => ({ type: "dns", value }))),
        await X.SubjectKeyIdentifierExtension.create(leafKeys[i].publicKey),
        await X.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
      ],
    });
    leaves.push(cert);
  }
  const pkcs8 = await Promise.all(keys.map((k) => crypto.subtle.exportKey("pkcs8", k.privateKey)));
  return {
    ca: caCert.toString("pem"),
    caKey: pem("PRIVATE KEY", pkcs8[0]),
    leaves: leaves.map((cert, i) => ({ cert: cert.toString("pem"), key: pem("PRIVATE KEY", pkcs8[i + 1]) })),
  };
}

// ---------------------------------------------------------------- node-forge

const F = globalThis.forge;

function forgeSerial() {
  return randomSerial();
}

function forgeBundle(plan) {
  const now = Date.now();
  const notBefore = new Date(now - 5 * 60_000);
  const notAfter = new Date(now + 3650 * DAY_MS);
  const newKey = () => F.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const keyPem = (key) => F.pki.privateKeyInfoToPem(F.pki.wrapRsaPrivateKey(F.pki.privateKeyToAsn1(key)));
  const caKeys = newKey();
  const ca = F.pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = forgeSerial();
  ca.validity.notBefore = notBefore;
  ca.validity.notAfter = notAfter;
  const caName = [{ name: "commonName", value: plan.caName }];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
    { name: "authorityKeyIdentifier", keyIdentifier: true },
  ]);
  ca.sign(caKeys.privateKey, F.md.sha256.create());
  const leaves = plan.leaves.map((leaf) => {
    const keys = newKey();
    const cert = F.pki.createCertificate();
    cert.publicKey = keys.publicKey;
    cert.serialNumber = forgeSerial();
    cert.validity.notBefore = notBefore;
    cert.validity.notAfter = notAfter;
    cert.setSubject([{ name: "commonName", value: leaf.name }]);
    cert.setIssuer(caName);
    cert.setExtensions([
      { name: "basicConstraints", cA: false, critical: true },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true, clientAuth: true },
      { name: "subjectAltName", altNames: leaf.dns.map((value) => ({ type: 2, value })) },
      { name: "subjectKeyIdentifier" },
      { name: "authorityKeyIdentifier", keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
    ]);
    cert.sign(caKeys.privateKey, F.md.sha256.create());
    return { cert: F.pki.certificateToPem(cert), key: keyPem(keys.privateKey) };
  });
  return { ca: F.pki.certificateToPem(ca), caKey: keyPem(caKeys.privateKey), leaves };
}

async function forge(_algorithm, plan) {
  return forgeBundle(plan);
}

// ---------------------------------------------------------------- checks

/** Every implementation's output is checked once: 8 certificates, 8 PKCS#8 keys, the SANs. */
function checkBundle(name, bundle, plan) {
  const pems = [bundle.ca, ...bundle.leaves.map((l) => l.cert)];
  const keys = [bundle.caKey, ...bundle.leaves.map((l) => l.key)];
  if (pems.length !== 8 || !pems.every((p) => p.startsWith("-----BEGIN CERTIFICATE-----"))) {
    throw new Error(`${name}: not 8 PEM certificates`);
  }
  if (!keys.every((k) => k.startsWith("-----BEGIN PRIVATE KEY-----"))) throw new Error(`${name}: keys are not PKCS#8 PEM`);
  for (const [i, leaf] of plan.leaves.entries()) {
    const cert = new X.X509Certificate(bundle.leaves[i].cert);
    const san = cert.getExtension(X.SubjectAlternativeNameExtension);
    const names = san.names.items.map((n) => n.value);
    if (JSON.stringify(names) !== JSON.stringify(leaf.dns)) throw new Error(`${name}: SANs of ${leaf.name}: ${names}`);
  }
}

/** Our files, read back into the same shape: PEMs from ca.crt, ca.key and secrets.yaml. */
function oursAsBundle(result) {
  const file = (name) => result.files.find((f) => f.name === name).contents;
  const secrets = file("secrets.yaml");
  const decode = (key) =>
    [...secrets.matchAll(new RegExp(`${key.replace(".", "\\.")}: (\\S+)`, "g"))].map((m) => atob(m[1].replace(/"/g, "")));
  const certs = decode("tls.crt");
  const keys = decode("tls.key");
  return { ca: file("ca.crt"), caKey: file("ca.key"), leaves: certs.map((cert, i) => ({ cert, key: keys[i] })) };
}

// ---------------------------------------------------------------- run

async function main() {
  const results = { runs: {}, medians: {}, validate: null, notes: [] };
  const info = await startOurs();
  log(`core ${info.version} ready`);

  // The plan (names and SANs) comes from the core's own validate, so all three
  // implementations make certificates for exactly the same names.
  const ecdsaSettings = standardSettings(info.defaults, "ecdsa-p256");
  const check = await core.call("validate", { settings: ecdsaSettings });
  const deployed = check.services.filter((s) => s.deployed);
  const plan = {
    caName: `${info.defaults.release.name}-internal-tls-ca`,
    leaves: deployed.map((s) => ({ name: s.service_name, dns: s.dns_names })),
  };
  if (plan.leaves.length !== 7) throw new Error(`expected 7 Services, got ${plan.leaves.length}`);
  results.services = plan.leaves.map((l) => l.name);

  for (const algorithm of ["ecdsa-p256", "rsa-2048"]) {
    const settings = standardSettings(info.defaults, algorithm);
    const impls = {
      ours: () => ours(settings),
      peculiar: () => peculiar(algorithm, plan),
    };
    if (algorithm.startsWith("ecdsa")) impls.ours_direct = () => oursDirect(settings);
    if (algorithm.startsWith("rsa")) impls.forge = () => forge(algorithm, plan);
    const names = Object.keys(impls);
    const times = Object.fromEntries(names.map((n) => [n, []]));
    // Warm-up: one run each (loads the engine, compiles, fills caches), checked.
    for (const name of names) {
      const out = await impls[name]();
      if (name === "ours_direct") continue;
      checkBundle(`${name} ${algorithm}`, name === "ours" ? oursAsBundle(out) : out, plan);
    }
    log(`${algorithm}: warm-up done`);
    for (let run = 0; run < RUNS[algorithm]; run++) {
      // Alternate: each run starts with a different implementation.
      const order = names.map((_, i) => names[(i + run) % names.length]);
      for (const name of order) {
        const started = performance.now();
        await impls[name]();
        times[name].push(performance.now() - started);
      }
      log(`${algorithm} run ${run + 1}: ${order.map((n) => `${n} ${times[n].at(-1).toFixed(1)} ms`).join(", ")}`);
    }
    results.runs[algorithm] = times;
    results.medians[algorithm] = Object.fromEntries(names.map((n) => [n, median(times[n])]));
  }

  // Validating a pasted 8-certificate bundle: the CA and seven leaves with
  // their keys, checked the way the page's Bring your own mode checks them
  // (the worker's checkService, once per Service: key match, chain to the CA
  // through rustls-webpki, every DNS name, validity, EKU incl. clientAuth for
  // keycloak_cluster). One run is all seven checks.
  const sample = oursAsBundle(await ours(ecdsaSettings));
  if (sample.leaves.length !== deployed.length) throw new Error("one leaf per Service expected");
  const checkAll = async () => {
    for (const [i, service] of deployed.entries()) {
      const answer = await core.call("checkService", {
        certificate: sample.leaves[i].cert,
        key: sample.leaves[i].key,
        passphrase: "",
        ca: sample.ca,
        dns_names: service.dns_names,
        client_auth: service.key === "keycloak_cluster",
        service: service.key,
        now: Date.now(),
      });
      if (answer.failure) throw new Error(`checkService could not read ${service.key}: ${answer.failure.error}`);
      if (!answer.report.valid) {
        throw new Error(`checkService refused ${service.key}: ${JSON.stringify(answer.report.findings)}`);
      }
    }
  };
  const validateTimes = [];
  for (let i = 0; i < VALIDATE_RUNS + 3; i++) {
    const started = performance.now();
    await checkAll();
    const elapsed = performance.now() - started;
    if (i >= 3) validateTimes.push(elapsed);
  }
  results.validate = { api: "checkService × 7", runs: validateTimes, median: median(validateTimes) };
  log(`validate 8-certificate bundle (checkService × 7): ${results.validate.median.toFixed(2)} ms`);
  return results;
}

window.__bench = main().then(
  (results) => {
    log("done");
    return { ok: true, results };
  },
  (error) => {
    log(`failed: ${error.stack || error}`);
    return { ok: false, error: String(error.stack || error) };
  },
);
