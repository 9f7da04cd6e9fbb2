// The form and the settings document: reading one from the other, building the
// per-service controls, and finding the field a diagnostic's path names.
//
// The settings document is the one src/values/settings.rs defines (and that
// `tls-wizard generate --config` reads): `release.*`, `internal_tls.*` in the
// chart's shape, `certificates.*`. It never holds key material; the pasted CA
// certificate and key are read separately (readOwnCa) and never saved.
//
// The form lives in a wizard's shadow root, and a page may hold several
// wizards: call these through formFor(root), which runs each function with
// its lookups ($, query) in that root. Every function here is synchronous, so
// the root is set for exactly the duration of one call.

/** The chart's components, in values order; labels are refreshed from the core. */
export const SERVICE_KEYS = [
  ["frontend", "Frontend"],
  ["keycloak", "Keycloak"],
  ["keycloak_cluster", "Keycloak cluster"],
  ["redis", "Redis"],
  ["rabbitmq", "RabbitMQ"],
  ["data_streamer", "Data streamer"],
  ["artifacts", "Artifacts"],
];

/** How the key algorithms are shown; unknown spellings are shown as they are. */
const ALGORITHM_LABELS = {
  "ecdsa-p256": "ECDSA P-256 (recommended)",
  "ecdsa-p384": "ECDSA P-384",
  "rsa-2048": "RSA 2048",
  "rsa-3072": "RSA 3072",
  "rsa-4096": "RSA 4096 (slow in a browser)",
};

/** The root (a wizard's shadow root) of the call in progress; see formFor. */
let scope = null;

function root() {
  if (!scope) throw new Error("form.js: call the form's functions through formFor(root)");
  return scope;
}

const $ = (id) => root().getElementById(id);
const query = (selector) => root().querySelector(selector);
const queryAll = (selector) => root().querySelectorAll(selector);

export function fieldId(key) {
  return `secret-${key.replace(/_/g, "-")}`;
}

/**
 * Builds one block per component: its Secret name, and a slot where the
 * bring-your-own import will put that component's certificate and key fields.
 */
export function buildServiceFields() {
  const container = $("service-fields");
  container.replaceChildren();
  for (const [key, label] of SERVICE_KEYS) {
    const id = fieldId(key);
    const block = document.createElement("div");
    block.className = "service-block";
    block.dataset.key = key;

    const field = document.createElement("div");
    field.className = "field";
    const lab = document.createElement("label");
    lab.htmlFor = id;
    lab.id = `${id}-label`;
    lab.textContent = `${label} Secret`;
    const input = document.createElement("input");
    input.type = "text";
    input.id = id;
    input.spellcheck = false;
    input.autocapitalize = "off";
    input.dataset.service = key;
    input.setAttribute("aria-describedby", `${id}-help ${id}-diag`);
    const help = document.createElement("p");
    help.className = "help";
    help.id = `${id}-help`;
    help.textContent = `existing_certificates.${key}`;
    const diag = document.createElement("div");
    diag.className = "diag-slot";
    diag.id = `${id}-diag`;
    field.append(lab, input, help, diag);

    // Filled by the bring-your-own import (certificate and key per service).
    const imports = document.createElement("div");
    imports.className = "service-import";
    imports.id = `${id}-import`;
    imports.hidden = true;

    block.append(field, imports);
    container.append(block);
  }
}

/**
 * The element where a component's bring-your-own fields go. For the import
 * feature: in "byo" mode, unhide these slots (showMode), put a certificate and
 * a key field in each (ids `${fieldId(key)}-cert` / `-key`, each with a
 * `-diag` slot), read them like readOwnCa (never into the settings document,
 * never into storage), and map the import's diagnostic paths in fieldForPath.
 */
export function serviceImportSlot(key) {
  return $(`${fieldId(key)}-import`);
}

export function fillAlgorithms(algorithms) {
  const select = $("key-algorithm");
  select.replaceChildren();
  for (const name of algorithms) {
    const option = document.createElement("option");
    option.value = name;
    option.textContent = ALGORITHM_LABELS[name] || name;
    select.append(option);
  }
}

function radioValue(name) {
  const checked = query(`input[name="${name}"]:checked`);
  return checked ? checked.value : null;
}

function setRadio(name, value) {
  for (const input of queryAll(`input[name="${name}"]`)) {
    input.checked = input.value === value;
  }
}

/** Which of the four ways to get certificates the settings describe. */
export function modeOf(settings) {
  if (settings.internal_tls.certificates.source === "generate_self_signed_certificates") return "chart";
  if (settings.certificates.provider === "bring-your-own") return "byo";
  if (settings.certificates.provider === "cert-manager") return "cert-manager";
  return "create";
}

/** cert-manager mode's settings, with the defaults where a document has none. */
function certManagerOf(issuance) {
  if (!issuance.cert_manager) {
    issuance.cert_manager = { issuer: "self-signed", ca_secret_name: "", renew_before_days: null };
  }
  return issuance.cert_manager;
}

function parseDays(id, path, problems) {
  const raw = $(id).value.trim();
  if (/^\d{1,10}$/.test(raw) && Number(raw) <= 4294967295) return Number(raw);
  problems.push({
    severity: "error",
    code: "days-not-a-number",
    path,
    message: raw === "" ? "Enter a number of days." : `"${raw}" is not a whole number of days.`,
    hint: "3650 days is ten years.",
  });
  return null;
}

/**
 * The settings the form describes, built on `base` (so fields the form does not
 * show survive), and the problems the form itself can see (a days field that is
 * not a number cannot be put in the document at all).
 */
export function readForm(base) {
  const settings = structuredClone(base);
  const problems = [];
  const release = settings.release;
  release.name = $("release-name").value;
  release.namespace = $("namespace").value;
  release.name_override = $("name-override").value;
  release.cluster_domain = $("cluster-domain").value;
  release.keycloak_cluster_mode = $("keycloak-cluster").checked;
  release.redis_external = $("redis-external").checked;
  release.rabbitmq_in_cluster = $("rabbitmq-in-cluster").checked;
  release.data_streamer_enabled = $("data-streamer").checked;
  release.lightrun_endpoint = $("lightrun-endpoint").value;
  // The main certificate step (its pasted certificate and key are read by
  // readMainCertificate, never put in the settings).
  settings.main_certificate = settings.main_certificate || { choice: null, secret_name: "", in_values: {} };
  // "values": keep the one the values file holds, which the core reads when
  // the choice is left open (null).
  const mainChoice = radioValue("main-choice") || "issue";
  settings.main_certificate.choice = mainChoice === "values" ? null : mainChoice;
  // One per line; blank lines are skipped, and sanLines remembers which line
  // each entry came from so a diagnostic can say "line 3".
  const sanLines = [];
  release.extra_sans = [];
  $("extra-sans").value.split("\n").forEach((line, index) => {
    if (line.trim() !== "") {
      release.extra_sans.push(line.trim());
      sanLines.push(index + 1);
    }
  });

  const tls = settings.internal_tls;
  tls.enabled = $("enabled").checked;
  const mode = radioValue("source") || "create";
  tls.certificates.source = mode === "chart" ? "generate_self_signed_certificates" : "existing_certificates";
  tls.certificates.verification = $("verification").checked;
  tls.certificates.existing_ca_secret_name = $("ca-secret-name").value;
  for (const [key] of SERVICE_KEYS) {
    tls.certificates.existing_certificates[key] = $(fieldId(key)).value;
  }

  const issuance = settings.certificates;
  issuance.provider = mode === "byo" ? "bring-your-own" : mode === "cert-manager" ? "cert-manager" : "create";
  const cm = certManagerOf(issuance);
  cm.issuer = radioValue("cm-issuer") === "ca-secret" ? "ca-secret" : "self-signed";
  cm.ca_secret_name = $("cm-ca-secret").value;
  // Empty means "the default", which the document spells null.
  if ($("renew-before").value.trim() === "") {
    cm.renew_before_days = null;
  } else {
    const renewBefore = parseDays("renew-before", "certificates.cert_manager.renew_before_days", problems);
    if (renewBefore !== null) cm.renew_before_days = renewBefore;
  }
  issuance.ca = radioValue("ca") === "provided" ? "provided" : "new";
  issuance.ca_common_name = $("ca-common-name").value;
  issuance.key = $("key-algorithm").value || issuance.key;
  issuance.shared_certificate = $("shared-certificate").checked;
  const days = parseDays("days", "certificates.days", problems);
  const caDays = parseDays("ca-days", "certificates.ca_days", problems);
  if (days !== null) issuance.days = days;
  if (caDays !== null) issuance.ca_days = caDays;
  // cert-manager writes ca.crt itself: the box is hidden and not used then
  // (its text stays for when the user switches back).
  issuance.additional_trusted_cas = mode === "cert-manager" ? [] : readTrustedCas(problems);
  return { settings, problems, sanLines, mode };
}

// ---- day-2: trusted-CA bundle
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/**
 * The additional trusted CAs: one entry per PEM block of the box. A key block
 * is never put into the settings (they are saved and stored); the form
 * reports it instead. Text with no block at all goes in whole, for the core
 * to say what is wrong with it.
 */
function readTrustedCas(problems) {
  const text = $("trusted-cas").value;
  const out = [];
  let blocks = 0;
  for (const match of text.matchAll(PEM_BLOCK)) {
    blocks++;
    if (/PRIVATE KEY/.test(match[1])) {
      problems.push({
        severity: "error",
        code: "trusted-ca-holds-key",
        path: "certificates.additional_trusted_cas",
        message: `Block ${blocks} is a private key; only CA certificates belong here, and a key is never saved.`,
        hint: "Remove it and paste the CA's certificate (-----BEGIN CERTIFICATE-----).",
      });
      continue;
    }
    out.push(`${match[0]}\n`);
  }
  if (blocks === 0 && text.trim() !== "" && !/PRIVATE KEY/.test(text)) out.push(text);
  return out;
}
// ---- end day-2

/** Puts a settings document into the form. */
export function writeForm(settings) {
  const release = settings.release;
  $("release-name").value = release.name;
  $("namespace").value = release.namespace;
  $("name-override").value = release.name_override;
  $("cluster-domain").value = release.cluster_domain;
  $("keycloak-cluster").checked = release.keycloak_cluster_mode;
  $("redis-external").checked = release.redis_external;
  $("rabbitmq-in-cluster").checked = release.rabbitmq_in_cluster;
  $("data-streamer").checked = release.data_streamer_enabled;
  $("lightrun-endpoint").value = release.lightrun_endpoint || "";
  const main = settings.main_certificate || {};
  const inValues = Boolean(main.in_values && main.in_values.certificate_pem);
  $("main-choice-values-row").hidden = !inValues;
  setRadio("main-choice", main.choice || (inValues ? "values" : "issue"));
  $("extra-sans").value = release.extra_sans.join("\n");

  const tls = settings.internal_tls;
  $("enabled").checked = tls.enabled;
  setRadio("source", modeOf(settings));
  $("verification").checked = tls.certificates.verification;
  $("ca-secret-name").value = tls.certificates.existing_ca_secret_name;
  for (const [key] of SERVICE_KEYS) {
    $(fieldId(key)).value = tls.certificates.existing_certificates[key] || "";
  }

  const issuance = settings.certificates;
  setRadio("ca", issuance.ca === "provided" ? "provided" : "new");
  $("ca-common-name").value = issuance.ca_common_name;
  const select = $("key-algorithm");
  if (![...select.options].some((o) => o.value === issuance.key)) {
    const option = document.createElement("option");
    option.value = option.textContent = issuance.key;
    select.append(option);
  }
  select.value = issuance.key;
  $("days").value = String(issuance.days);
  $("ca-days").value = String(issuance.ca_days);
  $("shared-certificate").checked = issuance.shared_certificate;
  const cm = certManagerOf(issuance);
  setRadio("cm-issuer", cm.issuer === "ca-secret" ? "ca-secret" : "self-signed");
  $("cm-ca-secret").value = cm.ca_secret_name;
  $("renew-before").value = cm.renew_before_days == null ? "" : String(cm.renew_before_days);
  $("trusted-cas").value = (issuance.additional_trusted_cas || []).map((pem) => pem.trim()).join("\n"); // day-2
}

/**
 * The main certificate the user brings, when that is the choice: the JSON
 * generate takes (kept out of the settings document), or null.
 */
export function readMainCertificate() {
  if (radioValue("main-choice") !== "bring-your-own") return null;
  return { certificate: $("main-cert").value, key: $("main-key").value, passphrase: "" };
}

/**
 * The main certificate step as the plan has it: the backend's name, the
 * pasted fields only when bringing one, and what Keycloak is made to trust.
 */
export function showMainCertificate(validation, mode, settings) {
  const choice = radioValue("main-choice") || "issue";
  const inValues = Boolean(settings && settings.main_certificate && settings.main_certificate.in_values && settings.main_certificate.in_values.certificate_pem);
  $("main-choice-values-row").hidden = !inValues;
  $("main-byo").hidden = choice !== "bring-your-own";
  // The chart's own generation: the chart makes Keycloak trust its CA, and
  // verification must be off; there is no main certificate step.
  $("main-section").hidden = mode === "chart";
  const main = validation && validation.main_certificate;
  if (main && main.backend_name) $("main-backend-name").textContent = main.backend_name;
  const parts = [];
  if (main && main.source === "issue" && main.secret) {
    parts.push(`Main certificate: issued into the Secret ${main.secret} for ${main.names.join(", ")}.`);
  } else if (main && main.source === "bring-your-own" && main.secret) {
    parts.push(`Main certificate: yours, checked for ${main.backend_name}, written into the Secret ${main.secret}.`);
  } else if (main && main.source === "from-values") {
    parts.push(`Main certificate: the one in your values file, checked for ${main.backend_name}.`);
  } else if (main && main.source === "unchecked") {
    parts.push("Main certificate: not checked (verification is off).");
  }
  if (validation && validation.keycloak_trust) parts.push(validation.keycloak_trust);
  $("trust-summary").textContent = parts.join(" ");
}

/** The pasted CA, kept out of the settings document. */
export function readOwnCa() {
  return { cert: $("ca-cert").value, key: $("ca-key").value };
}

/**
 * Shows only the parts of the form that apply to the chosen way. cert-manager
 * mode shares the key, validity and CA-name fields of "Create them here", but
 * not the CA choice, the pasted CA or the extra trusted CAs.
 */
export function showMode(mode, caChoice, certManager = {}) {
  const cm = mode === "cert-manager";
  $("create-options").hidden = mode !== "create" && !cm;
  $("byo-options").hidden = mode !== "byo";
  $("cert-manager-options").hidden = !cm;
  $("ca-group").hidden = cm;
  $("trusted-cas-field").hidden = cm;
  $("cm-ca-secret-field").hidden = certManager.issuer !== "ca-secret";
  $("new-ca-options").hidden = cm ? certManager.issuer === "ca-secret" : caChoice !== "new";
  $("own-ca-options").hidden = cm || caChoice !== "provided";
}

/** Settings paths (release.*, certificates.*) and values paths, to form fields. */
const FIELD_OF_PATH = {
  "release.name": "release-name",
  "release.namespace": "namespace",
  "release.name_override": "name-override",
  "release.cluster_domain": "cluster-domain",
  "release.keycloak_cluster_mode": "keycloak-cluster",
  "release.redis_external": "redis-external",
  "release.rabbitmq_in_cluster": "rabbitmq-in-cluster",
  "release.data_streamer_enabled": "data-streamer",
  "release.extra_sans": "extra-sans",
  "internal_tls.enabled": "enabled",
  "internal_tls.certificates.verification": "verification",
  "internal_tls.certificates.source": "source-group",
  "internal_tls.certificates.existing_ca_secret_name": "ca-secret-name",
  "certificates.provider": "source-group",
  "certificates.cert_manager.issuer": "cm-issuer-group",
  "certificates.cert_manager.ca_secret_name": "cm-ca-secret",
  "certificates.cert_manager.renew_before_days": "renew-before",
  "certificates.ca": "ca-group",
  "certificates.ca_common_name": "ca-common-name",
  "certificates.key": "key-algorithm",
  "certificates.days": "days",
  "certificates.ca_days": "ca-days",
  "certificates.shared_certificate": "shared-certificate",
  "release.lightrun_endpoint": "lightrun-endpoint",
  "main_certificate.choice": "main-choice-group",
  "main_certificate.secret_name": "main-choice-group",
  "main_certificate.certificate": "main-cert",
  "main_certificate.key": "main-key",
  main_certificate: "main-cert",
  "certificate.existing_cert": "main-choice-group",
  "secrets.customCa": "main-choice-group",
  ca_cert: "ca-cert",
  ca_key: "ca-key",
};

/**
 * The form field a diagnostic path names, or null. Values paths
 * (`general.internal_tls…`) and the settings document's own `internal_tls…`
 * map alike; `release.extra_sans[2]` maps to the SAN box, line taken from sanLines.
 * @returns {{field: string, prefix: string} | null}
 */
export function fieldForPath(path, sanLines = []) {
  if (!path) return null;
  const plain = path.replace(/^general\./, "");
  const secret = /^internal_tls\.certificates\.existing_certificates\.([a-z_]+)$/.exec(plain);
  if (secret && SERVICE_KEYS.some(([key]) => key === secret[1])) {
    return { field: fieldId(secret[1]), prefix: "" };
  }
  const trusted = /^certificates\.additional_trusted_cas(?:\[(\d+)\])?$/.exec(plain); // day-2
  if (trusted) {
    return { field: "trusted-cas", prefix: trusted[1] === undefined ? "" : `Certificate ${Number(trusted[1]) + 1}: ` };
  }
  const san = /^release\.extra_sans\[(\d+)\]$/.exec(plain);
  if (san) {
    const line = sanLines[Number(san[1])];
    return { field: "extra-sans", prefix: line ? `Line ${line}: ` : "" };
  }
  const field = FIELD_OF_PATH[plain];
  return field ? { field, prefix: "" } : null;
}

/** The visible label of a field, for the summary list. */
export function labelOf(field) {
  const element = $(field);
  if (!element) return "Settings";
  if (element.tagName === "FIELDSET") {
    const legend = element.querySelector("legend");
    return legend ? legend.textContent.trim() : "Settings";
  }
  const label = query(`label[for="${field}"]`);
  if (!label) return "Settings";
  return label.textContent.trim();
}

/**
 * The form's functions bound to one wizard's root (a ShadowRoot or a
 * Document): `formFor(shadowRoot).readForm(base)` reads that wizard's fields.
 */
export function formFor(rootNode) {
  const bound = (fn) =>
    (...args) => {
      const outer = scope;
      scope = rootNode;
      try {
        return fn(...args);
      } finally {
        scope = outer;
      }
    };
  return {
    SERVICE_KEYS,
    fieldId,
    modeOf,
    fieldForPath,
    buildServiceFields: bound(buildServiceFields),
    serviceImportSlot: bound(serviceImportSlot),
    fillAlgorithms: bound(fillAlgorithms),
    readForm: bound(readForm),
    writeForm: bound(writeForm),
    readOwnCa: bound(readOwnCa),
    readMainCertificate: bound(readMainCertificate),
    showMainCertificate: bound(showMainCertificate),
    showMode: bound(showMode),
    labelOf: bound(labelOf),
  };
}
