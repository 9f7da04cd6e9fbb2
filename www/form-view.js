// The form's own view: the per-component fields it builds, the parts it
// shows for the chosen way, and the field a diagnostic's path names. Each
// function that touches the page takes `dom`, one wizard's lookups
// ({$, query, queryAll} in its shadow root; see form.js formFor).

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

export function fieldId(key) {
  return `secret-${key.replace(/_/g, "-")}`;
}

/**
 * Builds one block per component: its Secret name, and a slot where the
 * bring-your-own import will put that component's certificate and key fields.
 */
export function buildServiceFields(dom) {
  const { $, query, queryAll } = dom;
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
export function serviceImportSlot(dom, key) {
  const { $, query, queryAll } = dom;
  return $(`${fieldId(key)}-import`);
}

export function fillAlgorithms(dom, algorithms) {
  const { $, query, queryAll } = dom;
  const select = $("key-algorithm");
  select.replaceChildren();
  for (const name of algorithms) {
    const option = document.createElement("option");
    option.value = name;
    option.textContent = ALGORITHM_LABELS[name] || name;
    select.append(option);
  }
}

/**
 * The main certificate step as the plan has it: the backend's name, the
 * pasted fields only when bringing one, and what Keycloak is made to trust.
 */
export function showMainCertificate(dom, validation, mode, settings) {
  const { $, query, queryAll } = dom;
  const choice = radioValue(dom, "main-choice") || "issue";
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

/**
 * Shows only the parts of the form that apply to the chosen way. cert-manager
 * mode shares the key, validity and CA-name fields of "Create them here", but
 * not the CA choice, the pasted CA or the extra trusted CAs.
 */
export function showMode(dom, mode, caChoice, certManager = {}) {
  const { $, query, queryAll } = dom;
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
export function labelOf(dom, field) {
  const { $, query, queryAll } = dom;
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

function radioValue(dom, name) {
  const checked = dom.query(`input[name="${name}"]:checked`);
  return checked ? checked.value : null;
}
