// The form and the settings document: reading one from the other. The
// per-component controls, the parts shown for each way and the field a
// diagnostic names are form-view.js's.
//
// The settings document is the one src/values/settings.rs defines (and that
// `tls-wizard generate --config` reads): `release.*`, `internal_tls.*` in the
// chart's shape, `certificates.*`. It never holds key material; the pasted CA
// certificate and key are read separately (readOwnCa) and never saved.
//
// The form lives in a wizard's shadow root, and a page may hold several
// wizards: each function that touches the page takes `dom`, that wizard's
// lookups; formFor(root) gives them all bound to one root.

import { SETTINGS } from "./settings-table.js";
import { get, set } from "./presets.js";
import { SERVICE_KEYS, fieldId, buildServiceFields, serviceImportSlot, fillAlgorithms, showMainCertificate, showMode, fieldForPath, labelOf } from "./form-view.js";

function radioValue(dom, name) {
  const { $, query, queryAll } = dom;
  const checked = query(`input[name="${name}"]:checked`);
  return checked ? checked.value : null;
}

function setRadio(dom, name, value) {
  const { $, query, queryAll } = dom;
  for (const input of queryAll(`input[name="${name}"]`)) {
    input.checked = input.value === value;
  }
}
// The form's plain fields: each text box and tick box whose id is a setting's
// name in the one table of settings, read and written at that setting's path.
const TEXT_FIELDS = SETTINGS.filter((s) => s.kind === "text");
const FLAG_FIELDS = SETTINGS.filter((s) => s.kind === "flag");
const DAYS_FIELDS = SETTINGS.filter((s) => s.kind === "days");

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

function parseDays(dom, id, path, problems) {
  const { $, query, queryAll } = dom;
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
export function readForm(dom, base) {
  const { $, query, queryAll } = dom;
  const settings = structuredClone(base);
  const problems = [];
  const release = settings.release;
  for (const field of TEXT_FIELDS) set(settings, field.path, $(field.name).value);
  for (const field of FLAG_FIELDS) set(settings, field.path, $(field.name).checked);
  for (const field of DAYS_FIELDS) {
    const days = parseDays(dom, field.name, field.path, problems);
    if (days !== null) set(settings, field.path, days);
  }
  // The main certificate step (its pasted certificate and key are read by
  // readMainCertificate, never put in the settings).
  settings.main_certificate = settings.main_certificate || { choice: null, secret_name: "", in_values: {} };
  // "values": keep the one the values file holds, which the core reads when
  // the choice is left open (null).
  const mainChoice = radioValue(dom, "main-choice") || "issue";
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
  const mode = radioValue(dom, "source") || "create";
  tls.certificates.source = mode === "chart" ? "generate_self_signed_certificates" : "existing_certificates";
  for (const [key] of SERVICE_KEYS) {
    tls.certificates.existing_certificates[key] = $(fieldId(key)).value;
  }

  const issuance = settings.certificates;
  issuance.provider = mode === "byo" ? "bring-your-own" : mode === "cert-manager" ? "cert-manager" : "create";
  const cm = certManagerOf(issuance);
  cm.issuer = radioValue(dom, "cm-issuer") === "ca-secret" ? "ca-secret" : "self-signed";
  cm.ca_secret_name = $("cm-ca-secret").value;
  // Empty means "the default", which the document spells null.
  if ($("renew-before").value.trim() === "") {
    cm.renew_before_days = null;
  } else {
    const renewBefore = parseDays(dom, "renew-before", "certificates.cert_manager.renew_before_days", problems);
    if (renewBefore !== null) cm.renew_before_days = renewBefore;
  }
  issuance.ca = radioValue(dom, "ca") === "provided" ? "provided" : "new";
  issuance.key = $("key-algorithm").value || issuance.key;
  // cert-manager writes ca.crt itself: the box is hidden and not used then
  // (its text stays for when the user switches back).
  issuance.additional_trusted_cas = mode === "cert-manager" ? [] : readTrustedCas(dom, problems);
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
function readTrustedCas(dom, problems) {
  const { $, query, queryAll } = dom;
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
export function writeForm(dom, settings) {
  const { $, query, queryAll } = dom;
  const release = settings.release;
  for (const field of TEXT_FIELDS) $(field.name).value = get(settings, field.path) ?? "";
  for (const field of FLAG_FIELDS) $(field.name).checked = Boolean(get(settings, field.path));
  for (const field of DAYS_FIELDS) $(field.name).value = String(get(settings, field.path) ?? "");
  const main = settings.main_certificate || {};
  const inValues = Boolean(main.in_values && main.in_values.certificate_pem);
  $("main-choice-values-row").hidden = !inValues;
  setRadio(dom, "main-choice", main.choice || (inValues ? "values" : "issue"));
  $("extra-sans").value = release.extra_sans.join("\n");

  const tls = settings.internal_tls;
  setRadio(dom, "source", modeOf(settings));
  for (const [key] of SERVICE_KEYS) {
    $(fieldId(key)).value = tls.certificates.existing_certificates[key] || "";
  }

  const issuance = settings.certificates;
  setRadio(dom, "ca", issuance.ca === "provided" ? "provided" : "new");
  const select = $("key-algorithm");
  if (![...select.options].some((o) => o.value === issuance.key)) {
    const option = document.createElement("option");
    option.value = option.textContent = issuance.key;
    select.append(option);
  }
  select.value = issuance.key;
  const cm = certManagerOf(issuance);
  setRadio(dom, "cm-issuer", cm.issuer === "ca-secret" ? "ca-secret" : "self-signed");
  $("cm-ca-secret").value = cm.ca_secret_name;
  $("renew-before").value = cm.renew_before_days == null ? "" : String(cm.renew_before_days);
  $("trusted-cas").value = (issuance.additional_trusted_cas || []).map((pem) => pem.trim()).join("\n"); // day-2
}
/**
 * The main certificate the user brings, when that is the choice: the JSON
 * generate takes (kept out of the settings document), or null.
 */
export function readMainCertificate(dom) {
  const { $, query, queryAll } = dom;
  if (radioValue(dom, "main-choice") !== "bring-your-own") return null;
  return { certificate: $("main-cert").value, key: $("main-key").value, passphrase: "" };
}

/** The pasted CA, kept out of the settings document. */
export function readOwnCa(dom) {
  const { $, query, queryAll } = dom;
  return { cert: $("ca-cert").value, key: $("ca-key").value };
}
/** One wizard's lookups, in its root (a ShadowRoot or a Document). */
function domOf(root) {
  return {
    $: (id) => root.getElementById(id),
    query: (selector) => root.querySelector(selector),
    queryAll: (selector) => root.querySelectorAll(selector),
  };
}

/**
 * The form's functions bound to one wizard's root:
 * `formFor(shadowRoot).readForm(base)` reads that wizard's fields.
 */
export function formFor(root) {
  const dom = domOf(root);
  return {
    SERVICE_KEYS,
    fieldId,
    modeOf,
    fieldForPath,
    buildServiceFields: () => buildServiceFields(dom),
    serviceImportSlot: (key) => serviceImportSlot(dom, key),
    fillAlgorithms: (algorithms) => fillAlgorithms(dom, algorithms),
    readForm: (base) => readForm(dom, base),
    writeForm: (settings) => writeForm(dom, settings),
    readOwnCa: () => readOwnCa(dom),
    readMainCertificate: () => readMainCertificate(dom),
    showMainCertificate: (validation, mode, settings) => showMainCertificate(dom, validation, mode, settings),
    showMode: (mode, caChoice, certManager) => showMode(dom, mode, caChoice, certManager),
    labelOf: (field) => labelOf(dom, field),
  };
}
