// Bring your own certificates: a certificate, key (and passphrase when the key
// is encrypted) per Secret, a CA bundle, each checked by the core as soon as
// something is pasted, picked or dropped, with the inspection and findings
// shown beside it; and the certificates a bring-your-own generate request carries.
//
// Key safety: what is pasted lives only in these textareas and in the
// messages to the workers; nothing is stored, put in a URL or logged.

import { pemField } from "./pem-input.js";
import { diagnosticElement } from "./diagnostics.js";

const CHECK_DELAY_MS = 150;

function diagItem(finding, serviceLabels) {
  let names = null;
  if (finding.names && finding.names.length) {
    names = document.createElement("ul");
    names.className = "missing-names";
    const service = finding.service && serviceLabels[finding.service];
    names.setAttribute("aria-label", service ? `Names concerned, for ${service}` : "Names concerned");
    for (const name of finding.names) {
      const li = document.createElement("li");
      li.textContent = name;
      names.append(li);
    }
  }
  return diagnosticElement(finding, "", names);
}

/** The few facts of a certificate an operator checks first. */
function certificateSummary(info, role) {
  const box = document.createElement("dl");
  box.className = "cert-info";
  const add = (term, value) => {
    if (!value) return;
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = value;
    box.append(dt, dd);
  };
  add(role, info.subject);
  add("Issuer", info.issuer);
  add("Valid", `${info.not_before} to ${info.not_after}`);
  add("SANs", [...info.dns_names, ...info.ip_addresses].join(", ") || "none");
  const key = info.public_key || {};
  add("Key", [key.algorithm, key.bits ? `${key.bits} bits` : key.curve].filter(Boolean).join(" "));
  if (info.extended_key_usage && info.extended_key_usage.length) add("Usage", info.extended_key_usage.join(", "));
  if (info.is_ca) add("CA", "yes");
  add("SHA-256", info.sha256_fingerprint);
  return box;
}

/**
 * The bring-your-own part of one wizard. `ctx`: {root, checker() (the checker
 * worker), services() (the validation's services), labels, changed() (the
 * Generate button should be re-evaluated)}.
 */
export function startByo(ctx) {
  const $ = (id) => ctx.root.getElementById(id);
  const idOf = (key) => `secret-${key.replace(/_/g, "-")}`;
  const checks = new Map(); // key -> {sig, seq, pending, result}
  const timers = new Map();
  let seq = 0;
  let caSig = null;
  /** Findings from a refused generation, by service key ("" for the CA). */
  let refused = null;

  // ------------------------------------------------------------ markup
  function build(keys) {
    for (const [key, label] of keys) {
      const slot = $(`${idOf(key)}-import`);
      const id = idOf(key);
      const heading = document.createElement("p");
      heading.className = "byo-heading";
      heading.id = `${id}-byo-heading`;
      heading.textContent = `${label}: your certificate`;
      const shared = document.createElement("p");
      shared.className = "note byo-shared";
      shared.id = `${id}-shared`;
      shared.hidden = true;
      const fields = document.createElement("div");
      fields.className = "byo-fields";
      fields.id = `${id}-byo-fields`;
      const cert = pemField(`${id}-cert`, `${label} certificate (PEM)`, "-----BEGIN CERTIFICATE-----",
        "The certificate, then any intermediates.");
      const key_ = pemField(`${id}-key`, `${label} private key (PEM)`, "-----BEGIN PRIVATE KEY-----",
        "PKCS#8, PKCS#1, SEC1 or encrypted PKCS#8.");
      const pass = document.createElement("div");
      pass.className = "field byo-passphrase";
      pass.id = `${id}-passphrase-field`;
      pass.hidden = true;
      const passLabel = document.createElement("label");
      passLabel.htmlFor = `${id}-passphrase`;
      passLabel.textContent = `Passphrase for the ${label} key`;
      const passInput = document.createElement("input");
      passInput.type = "password";
      passInput.id = `${id}-passphrase`;
      passInput.className = "byo-input";
      passInput.setAttribute("autocomplete", "off");
      passInput.spellcheck = false;
      passInput.setAttribute("aria-describedby", `${id}-passphrase-help`);
      const passHelp = document.createElement("p");
      passHelp.className = "help";
      passHelp.id = `${id}-passphrase-help`;
      passHelp.textContent = "This key is encrypted. The passphrase is used in this tab only to decrypt it; the Secret gets the key unencrypted.";
      pass.append(passLabel, passInput, passHelp);
      const inspection = document.createElement("div");
      inspection.className = "byo-inspection";
      inspection.id = `${id}-inspection`;
      const findings = document.createElement("div");
      findings.className = "byo-findings";
      findings.id = `${id}-findings`;
      findings.setAttribute("role", "status");
      findings.setAttribute("aria-live", "polite");
      findings.setAttribute("aria-label", `${label} certificate check`);
      fields.append(cert, key_, pass, inspection, findings);
      slot.append(heading, shared, fields);
    }
    const ca = $("byo-ca-slot");
    ca.append(pemField("byo-ca", "CA certificate(s) the services will trust (PEM)", "-----BEGIN CERTIFICATE-----",
      "One CA or a bundle of several; it becomes ca.crt in the CA Secret.", { multiple: true }));
  }

  // ------------------------------------------------------------ groups: one certificate per Secret
  /** Deployed services grouped by Secret: [{key, label, keys, dns_names, client_auth}]. */
  function groups() {
    const list = [];
    const bySecret = new Map();
    for (const service of ctx.services()) {
      if (!service.deployed) continue;
      const secret = service.secret_name || service.key;
      let group = bySecret.get(secret);
      if (!group) {
        group = { key: service.key, label: service.label, secret, keys: [], labels: [], dns_names: [], client_auth: false };
        bySecret.set(secret, group);
        list.push(group);
      }
      group.keys.push(service.key);
      group.labels.push(service.label);
      for (const name of service.dns_names) if (!group.dns_names.includes(name)) group.dns_names.push(name);
      if (service.key === "keycloak_cluster") group.client_auth = true;
    }
    return list;
  }

  function inputsOf(key) {
    const id = idOf(key);
    return {
      certificate: $(`${id}-cert`).value,
      key: $(`${id}-key`).value,
      passphrase: $(`${id}-passphrase`).value,
    };
  }

  // ------------------------------------------------------------ checks
  /** Re-checks every Secret whose inputs, names or CA changed; called after each render. */
  function refresh(active) {
    const ca = $("byo-ca").value;
    if (ca !== caSig) {
      caSig = ca;
      inspectCa(ca);
    }
    const visible = new Set();
    for (const group of groups()) {
      visible.add(group.key);
      for (const other of group.keys.slice(1)) {
        const id = idOf(other);
        $(`${id}-shared`).hidden = !active;
        $(`${id}-shared`).textContent = `Shares the Secret ${group.secret} with ${group.label}: paste its certificate there; it must also cover ${other === "keycloak_cluster" ? "this Service's names and clientAuth" : "this Service's names"}.`;
        $(`${id}-byo-fields`).hidden = true;
        $(`${id}-byo-heading`).hidden = true;
      }
      const id = idOf(group.key);
      $(`${id}-shared`).hidden = true;
      $(`${id}-byo-fields`).hidden = false;
      $(`${id}-byo-heading`).hidden = false;
      $(`${id}-byo-heading`).textContent = group.keys.length > 1
        ? `${group.labels.join(" and ")}: your certificate (one Secret, ${group.secret})`
        : `${group.label}: your certificate`;
      const input = inputsOf(group.key);
      const sig = JSON.stringify([input, ca, group.dns_names, group.client_auth]);
      const entry = checks.get(group.key);
      if (!entry || entry.sig !== sig) schedule(group, input, ca, sig);
    }
    for (const [key] of ctx.keys) {
      $(`${idOf(key)}-import`).hidden = !active || !ctx.services().some((s) => s.key === key && s.deployed);
    }
    for (const key of [...checks.keys()]) if (!visible.has(key)) checks.delete(key);
  }

  function schedule(group, input, ca, sig) {
    const entry = { sig, seq: ++seq, pending: true, result: checks.get(group.key)?.result || null };
    checks.set(group.key, entry);
    // Busy until this check's verdict is shown: assistive technology (and a
    // test) then knows the verdict beside the fields is for what they hold.
    $(`${idOf(group.key)}-byo-fields`).setAttribute("aria-busy", "true");
    refused = null;
    clearTimeout(timers.get(group.key));
    timers.set(group.key, setTimeout(() => run(group, input, ca, entry), CHECK_DELAY_MS));
    ctx.changed();
  }

  async function run(group, input, ca, entry) {
    let result = null;
    if (input.certificate.trim() || input.key.trim()) {
      try {
        result = await ctx.checker().call("checkService", {
          ...input,
          ca,
          dns_names: group.dns_names,
          client_auth: group.client_auth,
          service: group.key,
          now: Date.now(),
        });
      } catch {
        return; // a crash is reported by the wizard
      }
    }
    if (checks.get(group.key) !== entry) return;
    entry.pending = false;
    entry.result = result;
    show(group, result);
    $(`${idOf(group.key)}-byo-fields`).setAttribute("aria-busy", "false");
    ctx.changed();
  }

  async function inspectCa(text) {
    const box = $("byo-ca-inspection");
    const diag = $("byo-ca-diag");
    box.replaceChildren();
    diag.replaceChildren();
    if (!text.trim()) return;
    let items;
    try {
      items = await ctx.checker().call("inspect", { text });
    } catch {
      return;
    }
    if ($("byo-ca").value !== text) return;
    if (items.failure) {
      diag.append(diagItem({ severity: "error", message: items.failure.error }, ctx.labels));
      return;
    }
    for (const item of items) {
      if (item.error) diag.append(diagItem({ severity: "error", message: `${item.source}: ${item.error}` }, ctx.labels));
      for (const info of item.certificates) box.append(certificateSummary(info, "Subject"));
    }
  }

  function show(group, result) {
    const id = idOf(group.key);
    const inspection = $(`${id}-inspection`);
    const findings = $(`${id}-findings`);
    const certDiag = $(`${id}-cert-diag`);
    const keyDiag = $(`${id}-key-diag`);
    inspection.replaceChildren();
    findings.replaceChildren();
    certDiag.replaceChildren();
    keyDiag.replaceChildren();
    $(`${id}-passphrase-field`).hidden = !(result && result.encrypted);
    $(`${id}-cert`).removeAttribute("aria-invalid");
    $(`${id}-key`).removeAttribute("aria-invalid");
    if (!result) return;
    const chain = result.report ? result.report.chain : (result.inspect || []).flatMap((i) => i.certificates);
    chain.forEach((info, index) => inspection.append(certificateSummary(info, index === 0 ? "Subject" : "Then")));
    if (result.needsPassphrase) {
      keyDiag.append(diagItem({ severity: "info", message: `The ${group.label} key is encrypted: enter its passphrase below to check it.` }, ctx.labels));
    }
    if (result.failure) {
      const where = result.failure.field === "key" ? keyDiag : result.failure.field === "ca" ? $("byo-ca-diag") : certDiag;
      const target = result.failure.field === "key" ? `${id}-key` : result.failure.field === "ca" ? "byo-ca" : `${id}-cert`;
      $(target).setAttribute("aria-invalid", "true");
      where.append(diagItem({ severity: "error", message: result.failure.error }, ctx.labels));
    }
    const report = result.report;
    if (report) {
      const head = document.createElement("p");
      head.className = `byo-verdict ${report.valid ? "ok" : "bad"}`;
      head.textContent = report.valid
        ? `Works for ${group.labels.join(" and ")}${report.trusted_by ? `, trusted through ${report.trusted_by}` : ""}.`
        : `Will not work for ${group.labels.join(" and ")} as it is:`;
      findings.append(head);
      for (const finding of report.findings) findings.append(diagItem(finding, ctx.labels));
    }
  }

  // ------------------------------------------------------------ generation
  /** Why Generate must wait, or "". */
  function blockedReason() {
    const list = groups();
    if (!list.length) return "";
    const missing = list.filter((g) => !inputsOf(g.key).certificate.trim() || !inputsOf(g.key).key.trim());
    if (missing.length) return `Paste a certificate and its key for ${missing.map((g) => g.label).join(", ")} first.`;
    if ([...checks.values()].some((c) => c.pending)) return "Checking your certificates…";
    return "";
  }

  /** The certificates for a bring-your-own generate request (its source). */
  function brought() {
    return {
      certificates: groups().map((g) => ({ service: g.key, ...inputsOf(g.key) })),
      ca_bundle: $("byo-ca").value,
    };
  }

  /** Shows a refused generation's findings beside each service (and the CA). */
  function showRefused(findings) {
    refused = findings;
    const list = groups();
    const groupOf = (key) => list.find((g) => g.keys.includes(key));
    for (const finding of findings) {
      const group = finding.service ? groupOf(finding.service) : null;
      const slot = group ? $(`${idOf(group.key)}-findings`) : $("byo-ca-diag");
      // The live check may show the same finding already.
      const shown = [...slot.querySelectorAll(".diag")].some((d) => d.dataset.code === finding.code && d.textContent.includes(finding.message));
      if (!shown) slot.append(diagItem(finding, ctx.labels));
    }
  }

  function clear() {
    for (const [key] of ctx.keys) {
      const id = idOf(key);
      for (const suffix of ["cert", "key", "passphrase"]) $(`${id}-${suffix}`).value = "";
    }
    $("byo-ca").value = "";
    checks.clear();
    caSig = null;
  }

  build(ctx.keys);
  return { refresh, blockedReason, brought, showRefused, clear, get refused() { return refused; } };
}
