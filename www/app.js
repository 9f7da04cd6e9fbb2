// One wizard: the form, live checks by the Rust core (in a worker),
// generation (in a second worker, so it can be cancelled), and the results.
// element.js starts one per <internal-tls-wizard>, in its shadow root; each
// has its own state and its own two workers, so wizards on one page never
// share anything but the compiled WebAssembly module.
//
// Key safety: the pasted CA and every generated key live only in memory here
// and in the generator worker. With `persist`, sessionStorage holds the
// settings document, which has no key fields; nothing is logged. Keys leave
// this module only in the `generated` event, to the page that embeds it.

import { compileCore, CoreWorker, Cancelled, Crashed, mark } from "./core.js";
import { formFor } from "./form.js";
import { saveFile, copyText } from "./downloads.js";
import { valueChanges } from "./values.js";
import { applyPresets, presetsFromFragment, fragmentFor } from "./presets.js";
import { startByo } from "./byo.js";
import { startAudit } from "./audit.js";
import { startValuesFile, startRenew, renderMergeDiff } from "./daytwo.js";

const STORAGE_PREFIX = "internal-tls-wizard/settings";
const VALIDATE_DELAY_MS = 100;
const CA_CHECK_DELAY_MS = 200;
const MAX_SETTINGS_FILE = 1024 * 1024;
const SEVERITY_WORD = { error: "Error", warning: "Warning", info: "Note" };

function deepMerge(target, source) {
  if (typeof source !== "object" || source === null || Array.isArray(source)) return source;
  const out = typeof target === "object" && target !== null && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(source)) {
    out[key] = deepMerge(out[key], value);
  }
  return out;
}

/**
 * Starts a wizard in `root` (a shadow root holding TEMPLATE), reporting to
 * `host` (the element: it receives the `ready`, `change` and `generated` events).
 *
 * options:
 * - storage: a sessionStorage key suffix to keep the settings across reloads
 *   (null: nothing is stored);
 * - fragmentPresets: read presets from the page's #fragment, and offer Copy link;
 * - presets: () => {name: value}, the element's preset attributes;
 * - settings: a whole settings document to start from (the `settings` property
 *   set before the engine was ready).
 *
 * Returns {ready, getSettings, setSettings, applyPresets, generate, dispose}.
 */
export function startWizard(root, host, options = {}) {
  const $ = (id) => root.getElementById(id);
  const form = formFor(root);
  const storageKey =
    options.storage === null || options.storage === undefined
      ? null
      : options.storage === ""
        ? STORAGE_PREFIX
        : `${STORAGE_PREFIX}/${options.storage}`;
  const FRAGMENT_KEY = `${STORAGE_PREFIX}/applied-fragment`;
  const cleanups = [];
  let disposed = false;

  const state = {
    defaults: null,
    /** The settings document the form edits (fields the form lacks survive). */
    base: null,
    /** The last readForm() result. */
    read: null,
    validation: null,
    validationSeq: 0,
    caCheck: null,
    caSeq: 0,
    validatePending: false,
    caPending: false,
    /** A generation failure that names a field (the pasted CA), shown beside it until that field changes. */
    fieldFailure: null,
    generating: false,
    /** The last generation: {files, zip, diagnostics, snapshot, folder, certificates, at}. */
    result: null,
    /** False while a new CA key exists that was not downloaded (alone or in the archive). */
    caKeySaved: true,
    crashed: false,
    lastCounts: "",
  };

  let checker = null;
  let generator = null;
  /** BYO: the bring-your-own fields (byo.js) and the audit card (audit.js). */
  let byo = null;
  let audit = null;
  const byoActive = () =>
    Boolean(state.read && state.read.mode === "byo" && state.read.settings.internal_tls.enabled);
  /** day-2: the values-file card and the Renew card (startValuesFile, startRenew). */
  let valuesFile = null;
  let renewCard = null;

  // ---------------------------------------------------------------- events to the host

  function emit(type, detail) {
    host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
  }

  /** The settings last reported in a `ready` or `change` event, as JSON. */
  let reported = null;

  function reportChange() {
    if (!state.read || !state.validation) return;
    const text = JSON.stringify(state.read.settings);
    if (text === reported) return;
    const first = reported === null;
    reported = text;
    if (first) return; // the `ready` event carried them
    emit("change", {
      settings: JSON.parse(text),
      valid: Boolean(state.validation.ok) && state.read.problems.length === 0,
      diagnostics: currentDiagnostics(),
    });
  }

  // ---------------------------------------------------------------- settings storage

  function persist(settings) {
    if (!storageKey) return;
    try {
      // Certificates stay out of storage too: the trusted CAs are not kept.
      const kept = { ...settings, certificates: { ...settings.certificates, additional_trusted_cas: [] } };
      sessionStorage.setItem(storageKey, JSON.stringify(kept));
    } catch {
      // Storage may be off; the page works without it.
    }
  }

  function restore() {
    if (!storageKey) return null;
    try {
      const text = sessionStorage.getItem(storageKey);
      if (!text) return null;
      const saved = JSON.parse(text);
      return typeof saved === "object" && saved !== null ? deepMerge(state.defaults, saved) : null;
    } catch {
      return null;
    }
  }

  // ---------------------------------------------------------------- diagnostics

  function diagnosticElement(diagnostic, prefix = "") {
    const item = document.createElement("div");
    item.className = `diag ${diagnostic.severity}`;
    const word = document.createElement("strong");
    word.className = "sev";
    word.textContent = `${SEVERITY_WORD[diagnostic.severity] || "Note"}: `;
    const message = document.createElement("span");
    message.textContent = prefix + diagnostic.message;
    item.append(word, message);
    if (diagnostic.hint) {
      const hint = document.createElement("span");
      hint.className = "hint";
      hint.textContent = ` ${diagnostic.hint}`;
      item.append(hint);
    }
    return item;
  }

  function clearDiagnostics() {
    for (const slot of root.querySelectorAll("#wizard .diag-slot")) slot.replaceChildren();
    for (const input of root.querySelectorAll("#wizard [aria-invalid]:not(#values-file-text)")) input.removeAttribute("aria-invalid");
  }

  /** Every finding to show now: the form's own, the core's, the pasted CA's. */
  function currentDiagnostics() {
    const read = state.read;
    const list = [...(read ? read.problems : [])];
    const validation = state.validation;
    if (validation && validation.parse_error) {
      list.push({
        severity: "error",
        code: "settings-unreadable",
        path: "",
        message: `The settings could not be read: ${validation.parse_error}`,
        hint: "Use Reset form to start again from the defaults.",
      });
    }
    if (validation) list.push(...validation.diagnostics);
    if (usesOwnCa() && state.caCheck && !state.caCheck.ok) {
      list.push({
        severity: "error",
        code: "ca-unusable",
        path: state.caCheck.field || "ca_cert",
        message: state.caCheck.error || "This CA cannot sign certificates.",
        hint: "",
      });
    }
    if (state.fieldFailure && usesOwnCa()) list.push(state.fieldFailure);
    const rank = { error: 0, warning: 1, info: 2 };
    return list.sort((a, b) => (rank[a.severity] ?? 3) - (rank[b.severity] ?? 3));
  }

  function renderDiagnostics(list) {
    clearDiagnostics();
    const summary = $("summary-list");
    summary.replaceChildren();
    const sanLines = state.read ? state.read.sanLines : [];
    for (const diagnostic of list) {
      const target = form.fieldForPath(diagnostic.path, sanLines);
      const slot = target ? $(`${target.field}-diag`) : null;
      const prefix = target ? target.prefix : "";
      (slot || $("general-diag")).append(diagnosticElement(diagnostic, prefix));
      if (target && diagnostic.severity === "error") {
        const control = $(target.field);
        if (control && control.tagName !== "FIELDSET") control.setAttribute("aria-invalid", "true");
      }

      const item = document.createElement("li");
      item.className = `summary-item ${diagnostic.severity}`;
      const sev = document.createElement("span");
      sev.className = "sev";
      sev.textContent = SEVERITY_WORD[diagnostic.severity] || "Note";
      item.append(sev, " ");
      if (target && $(target.field)) {
        const link = document.createElement("a");
        link.href = `#${target.field}`;
        link.textContent = form.labelOf(target.field);
        link.addEventListener("click", (event) => {
          event.preventDefault();
          focusField(target.field);
        });
        item.append(link, ": ");
      }
      item.append(prefix + diagnostic.message);
      summary.append(item);
    }

    const count = (severity) => list.filter((d) => d.severity === severity).length;
    const errors = count("error");
    const warnings = count("warning");
    const notes = count("info");
    const parts = [];
    if (errors) parts.push(`${errors} error${errors === 1 ? "" : "s"}`);
    if (warnings) parts.push(`${warnings} warning${warnings === 1 ? "" : "s"}`);
    if (notes) parts.push(`${notes} note${notes === 1 ? "" : "s"}`);
    const text = parts.length ? `${parts.join(", ")}.` : "No problems found.";
    const counts = $("summary-counts");
    if (text !== state.lastCounts) {
      counts.textContent = text;
      state.lastCounts = text;
    }
    counts.classList.toggle("ok", parts.length === 0);
    counts.classList.toggle("has-errors", errors > 0);
    return errors;
  }

  function focusField(field) {
    const element = $(field);
    if (!element) return;
    const focusable = element.tagName === "FIELDSET" ? element.querySelector("input:checked, input") : element;
    element.scrollIntoView({ block: "center", behavior: "smooth" });
    if (focusable) focusable.focus({ preventScroll: true });
  }

  // ---------------------------------------------------------------- derived facts

  function cell(text, className) {
    const td = document.createElement("td");
    if (className) td.className = className;
    if (text instanceof Node) td.append(text);
    else td.textContent = text;
    return td;
  }

  /** A DNS name that may wrap after its dots only. */
  function dnsNameItem(name) {
    const li = document.createElement("li");
    name.split(".").forEach((label, index) => {
      if (index > 0) li.append(".", document.createElement("wbr"));
      const span = document.createElement("span");
      span.className = "label";
      span.textContent = label;
      li.append(span);
    });
    return li;
  }

  function renderServices(validation) {
    const services = validation ? validation.services : [];
    const body = $("services-body");
    body.replaceChildren();
    const byKey = new Map(services.map((s) => [s.key, s]));
    for (const [key, fallbackLabel] of form.SERVICE_KEYS) {
      const service = byKey.get(key);
      const id = form.fieldId(key);
      const input = $(id);
      const help = $(`${id}-help`);
      if (!service) {
        input.placeholder = "";
        continue;
      }
      input.placeholder = service.default_secret_name || "";
      input.closest(".service-block").classList.toggle("not-deployed", !service.deployed);
      $(`${id}-label`).textContent = `${service.label || fallbackLabel} Secret`;
      help.textContent = service.deployed
        ? `For ${service.service_name || "its Service"}.`
        : "Not deployed in this release; the chart ignores it.";

      const row = document.createElement("tr");
      if (!service.deployed) row.className = "not-deployed";
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = service.label || fallbackLabel;
      if (!service.deployed) {
        const note = document.createElement("span");
        note.className = "tag";
        note.textContent = "not deployed";
        th.append(" ", note);
      }
      row.append(th);
      row.append(cell(service.service_name || "—", "mono"));
      let names;
      if (service.deployed && service.dns_names.length) {
        names = document.createElement("ul");
        names.className = "names";
        for (const name of service.dns_names) {
          names.append(dnsNameItem(name));
        }
      } else {
        names = service.deployed ? "—" : "none needed";
      }
      row.append(cell(names, "mono"));
      row.append(cell(service.deployed ? service.secret_name || "—" : "—", "mono"));
      for (const [index, label] of ["Component", "Service", "DNS names", "Secret"].entries()) {
        row.children[index].dataset.label = label;
      }
      body.append(row);
    }
    const extras = state.read ? state.read.settings.release.extra_sans : [];
    const caption = $("services-table").querySelector("caption");
    caption.textContent = extras.length
      ? `What each certificate must cover, plus the extra SANs: ${extras.join(", ")}`
      : "What each certificate must cover, derived from the settings above";
  }

  function renderValues(validation) {
    const preview = $("values-preview");
    const changes = $("changes");
    changes.replaceChildren();
    const yaml = validation && validation.values_yaml;
    if (!yaml) {
      preview.textContent = "# values.yaml appears here once the errors listed under Checks are fixed.";
      const li = document.createElement("li");
      li.className = "muted";
      li.textContent = "Shown once the settings have no errors.";
      changes.append(li);
      $("copy-values").disabled = true;
      $("ca-secret-name").placeholder = "";
      return;
    }
    preview.textContent = yaml;
    $("copy-values").disabled = false;
    const found = valueChanges(yaml);
    const caSecret = found.find((c) => c.path.endsWith(".existing_ca_secret_name"));
    $("ca-secret-name").placeholder = caSecret && !$("ca-secret-name").value ? caSecret.to : "";
    if (!found.length) {
      const li = document.createElement("li");
      li.className = "muted";
      li.textContent = "None: these are the chart's own defaults.";
      changes.append(li);
      return;
    }
    for (const change of found) {
      const li = document.createElement("li");
      const path = document.createElement("code");
      path.textContent = change.path.replace(/^general\.internal_tls\./, "");
      const from = document.createElement("code");
      from.textContent = change.from === "" ? '""' : change.from;
      const to = document.createElement("code");
      to.textContent = change.to === "" ? '""' : change.to;
      li.append(path, ": ", from, " → ", to);
      changes.append(li);
    }
  }

  // ---------------------------------------------------------------- generate state

  function usesOwnCa() {
    const read = state.read;
    return Boolean(
      read &&
        read.mode === "create" &&
        read.settings.internal_tls.enabled &&
        read.settings.certificates.ca === "provided",
    );
  }

  function generateBlockedReason(errorCount) {
    if (state.crashed) return "The certificate engine stopped; reload the page.";
    const validation = state.validation;
    if (!validation || !state.read) return "Checking the settings…";
    if (errorCount > 0) {
      return `Fix the ${errorCount === 1 ? "error" : `${errorCount} errors`} listed under Checks first.`;
    }
    if (valuesFile && valuesFile.refused()) return "Your values.yaml cannot be merged into; fix it or clear it first.";
    if (byoActive() && byo.blockedReason()) return byo.blockedReason();
    if (usesOwnCa()) {
      const own = form.readOwnCa();
      if (!own.cert.trim() || !own.key.trim()) return "Paste your CA certificate and its private key first.";
      if (!state.caCheck) return "Checking your CA…";
    }
    return "";
  }

  function updateGenerate(errorCount) {
    const reason = state.generating ? "" : generateBlockedReason(errorCount);
    $("generate").disabled = state.generating || reason !== "";
    $("generate-blocked").textContent = reason;
    $("cancel").hidden = !state.generating;
    $("progress").hidden = !state.generating;
  }

  function render() {
    updateBusy();
    const list = currentDiagnostics();
    const errors = renderDiagnostics(list);
    renderServices(state.validation);
    renderValues(state.validation);
    form.showMainCertificate(state.validation, state.read ? state.read.mode : "create", state.read ? state.read.settings : null);
    const name = state.read ? state.read.settings.release.name : "";
    $("ca-common-name-default").textContent = `${name || "RELEASE"}-internal-tls-ca`;
    const own = $("ca-status");
    own.textContent = usesOwnCa() && state.caCheck && state.caCheck.ok
      ? `This CA can sign: ${state.caCheck.subject}, valid until ${state.caCheck.not_after}.`
      : "";
    updateGenerate(errors);
    state.lastErrors = errors;
    if (byo) byo.refresh(byoActive());
    $("generate-help").textContent = byoActive()
      ? "Checks your certificates again and packs them into Secrets and values.yaml in this browser. Nothing is uploaded."
      : state.read && state.read.mode === "cert-manager"
        ? "Writes the cert-manager Issuers and Certificates and values.yaml in this browser; cert-manager makes the keys in your cluster."
        : "Makes the CA and every certificate in this browser. Nothing is uploaded.";
    if (state.result) {
      $("result-stale").hidden = JSON.stringify(state.read.settings) === state.result.snapshot;
    }
  }

  // ---------------------------------------------------------------- live checks

  let validateTimer = 0;
  let caTimer = 0;

  function readNow() {
    state.read = form.readForm(state.base);
    form.showMode(state.read.mode, state.read.settings.certificates.ca, state.read.settings.certificates.cert_manager);
    persist(state.read.settings);
    return state.read;
  }

  /** aria-busy on the Checks while a check is waiting or running (tests wait on it too). */
  function updateBusy() {
    $("summary").setAttribute("aria-busy", String(state.validatePending || state.caPending));
  }

  async function validateNow() {
    clearTimeout(validateTimer);
    state.validatePending = true;
    updateBusy();
    const read = readNow();
    const seq = ++state.validationSeq;
    let validation;
    try {
      validation = await checker.call("validate", { settings: JSON.stringify(read.settings) });
    } catch {
      return; // a crash is reported by onCrash
    }
    if (seq !== state.validationSeq || disposed) return;
    state.validation = validation;
    state.validatePending = false;
    render();
    reportChange();
  }

  function scheduleValidate() {
    readNow();
    // A validation under way is for the form as it was: drop its answer.
    state.validationSeq++;
    state.validatePending = true;
    updateBusy();
    clearTimeout(validateTimer);
    validateTimer = setTimeout(validateNow, VALIDATE_DELAY_MS);
  }

  async function checkCaNow() {
    clearTimeout(caTimer);
    const seq = ++state.caSeq;
    const own = form.readOwnCa();
    if (!own.cert.trim() || !own.key.trim()) {
      state.caCheck = null;
      state.caPending = false;
      render();
      return;
    }
    let result;
    try {
      result = await checker.call("checkCa", { cert: own.cert, key: own.key, now: Date.now() });
    } catch {
      return;
    }
    if (seq !== state.caSeq) return;
    state.caCheck = result;
    state.caPending = false;
    render();
  }

  function scheduleCaCheck() {
    state.fieldFailure = null;
    state.caSeq++;
    state.caCheck = null;
    state.caPending = true;
    clearTimeout(caTimer);
    caTimer = setTimeout(checkCaNow, CA_CHECK_DELAY_MS);
    render();
  }

  // ---------------------------------------------------------------- generation

  function setProgress(done, total, stage = "certificates") {
    const bar = $("progress-bar");
    bar.max = Math.max(total, 1);
    bar.value = done;
    $("progress-text").textContent =
      stage === "keys"
        ? `Making RSA keys: ${done} of ${total}`
        : done >= total
          ? `${total} of ${total} certificates; writing the files…`
          : `${done} of ${total} certificates`;
  }

  function showGenerateFailure(failure) {
    const slot = $("generate-diag");
    slot.replaceChildren();
    const main = { severity: "error", code: "generate-failed", path: failure.field || "", message: failure.error, hint: "" };
    slot.append(diagnosticElement(main));
    for (const diagnostic of failure.diagnostics || []) slot.append(diagnosticElement(diagnostic));
    // Shown beside the field too (by render), until the user changes it.
    state.fieldFailure = failure.field && form.fieldForPath(failure.field) ? main : null;
  }

  /**
   * Runs a generation with what the form holds. Resolves to {detail} (what
   * the `generated` event carries), {failure}, {cancelled: true} or
   * {crashed: true}; never rejects.
   */
  async function generateNow() {
    if ($("generate").disabled || state.generating) {
      return { failure: { error: $("generate-blocked").textContent || "Generation is already running.", field: null, diagnostics: [] } };
    }
    clearTimeout(validateTimer);
    // Focus follows the run only when the user is in this wizard (not when the host page calls generate()).
    const hadFocus = root.activeElement !== null;
    const read = readNow();
    const snapshot = JSON.stringify(read.settings);
    const own = usesOwnCa() ? form.readOwnCa() : null;
    const release = read.settings.release;
    const folder = `internal-tls-${release.name}-${release.namespace}`.replace(/[^A-Za-z0-9._-]/g, "_");
    let total = 0;
    const started = performance.now();

    state.generating = true;
    state.fieldFailure = null;
    $("generate-diag").replaceChildren();
    setProgress(0, 1);
    $("progress-text").textContent = "Starting…";
    render();
    if (hadFocus) $("cancel").focus();
    let outcome;
    const mainCertificate = form.readMainCertificate();
    const brought = byoActive() ? { ...byo.brought(), main_certificate: mainCertificate } : null; // BYO
    try {
      const valuesText = valuesFile ? valuesFile.text() : "";
      const value = brought
        ? await generator.call("generateBringYourOwn", {
            settings: snapshot,
            brought: JSON.stringify(brought),
            now: Date.now(),
            folder,
            valuesText,
          })
        : await generator.call(
            "generate",
            {
              settings: snapshot,
              caCert: own ? own.cert : undefined,
              caKey: own ? own.key : undefined,
              main: mainCertificate ? JSON.stringify(mainCertificate) : undefined,
              now: Date.now(),
              folder,
              valuesText,
            },
            (done, all, stage) => {
              if (stage !== "keys") total = all;
              setProgress(done, all, stage);
            },
          );
      if (brought) total = brought.certificates.length + 1;
      if (value.failure) {
        if (brought && value.failure.findings) byo.showRefused(value.failure.findings); // BYO
        outcome = { failure: value.failure };
        showGenerateFailure(value.failure);
        $("progress-text").textContent = state.result
          ? "Nothing new was generated; the files below are from the previous run."
          : "Nothing was generated.";
      } else {
        state.result = {
          files: value.files,
          zip: value.zip,
          diagnostics: value.diagnostics,
          snapshot,
          folder,
          release: release.name,
          namespace: release.namespace,
          certificates: Math.max(total - 1, 0),
          brought: Boolean(brought),
          at: new Date(),
          merge: value.merge,
        };
        state.caKeySaved = !value.files.some((f) => f.name === "ca.key");
        $("progress-text").textContent = `Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`;
        renderResult();
        // The host page asked for the files by listening: it gets every one,
        // private keys included (each marked `sensitive`), and copies of them.
        outcome = {
          detail: {
            files: value.files.map((file) => ({ ...file })),
            folder,
            zip: value.zip.slice(),
            diagnostics: value.diagnostics,
            settings: JSON.parse(snapshot),
          },
        };
        emit("generated", outcome.detail);
      }
    } catch (error) {
      if (error instanceof Cancelled) {
        outcome = { cancelled: true };
        $("progress-text").textContent = state.result
          ? "Cancelled. The files below are from the previous run."
          : "Cancelled. Nothing was generated.";
      } else if (error instanceof Crashed) {
        outcome = { crashed: true };
      } else {
        outcome = { failure: { error: String(error.message || error), field: null, diagnostics: [] } };
        showGenerateFailure(outcome.failure);
      }
    } finally {
      state.generating = false;
      render();
      const active = root.activeElement;
      const lost = active === null && (document.activeElement === document.body || document.activeElement === null);
      if (hadFocus && (lost || active === $("cancel"))) {
        const next = state.result && !$("output").hidden ? $("dl-all") : $("generate");
        (next.disabled ? $("generate-title") : next).focus();
      }
    }
    return outcome;
  }

  function cancelGeneration() {
    if (!state.generating) return;
    generator.restart();
  }

  function fileOf(name) {
    return state.result ? state.result.files.find((f) => f.name === name) : undefined;
  }

  function renderResult() {
    const result = state.result;
    const output = $("output");
    output.hidden = !result;
    if (!result) return;
    const hasKey = Boolean(fileOf("ca.key"));
    const time = result.at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    let summary;
    if (fileOf("secrets.yaml") && result.brought) {
      summary = `Checked and packed your ${result.certificates} certificate${result.certificates === 1 ? "" : "s"} for release ${result.release} in namespace ${result.namespace} at ${time}. Download the files below.`;
    } else if (fileOf("cert-manager.yaml")) {
      const count = (fileOf("cert-manager.yaml").contents.match(/^kind: Certificate$/gm) || []).length;
      summary = `Wrote the Issuers and ${count} cert-manager Certificate${count === 1 ? "" : "s"} for release ${result.release} in namespace ${result.namespace} at ${time}: apply cert-manager.yaml, wait for them to be Ready, then install the chart. No key was made here.`;
    } else if (fileOf("secrets.yaml")) {
      // The main certificate is one of the leaves when values.yaml names its Secret.
      const withMain = /^certificate:\r?\n\s+existing_cert: \S/m.test(fileOf("values.yaml").contents);
      const services = Math.max(result.certificates - (withMain ? 1 : 0), 0);
      const made = `${services} service certificate${services === 1 ? "" : "s"}${withMain ? " and the main certificate" : ""}`;
      summary = `Made ${hasKey ? "a new CA, " : ""}${made} for release ${result.release} in namespace ${result.namespace} at ${time}. Download the files below.`;
    } else {
      summary = `values.yaml for release ${result.release} in namespace ${result.namespace} is ready (${time}). No certificates are needed for these settings.`;
    }
    $("result-status").textContent = summary;
    for (const button of $("downloads").querySelectorAll("button[data-file]")) {
      const name = button.dataset.file;
      button.hidden = name !== "*" && !fileOf(name);
    }
    // APPLY.md is in every bundle; its own button only where it holds the
    // steps the other files need (cert-manager: install, apply, wait, helm).
    $("dl-apply").hidden = !fileOf("cert-manager.yaml");
    $("key-note").hidden = !fileOf("secrets.yaml");
    for (const span of output.querySelectorAll(".ns-name")) span.textContent = result.namespace;
    // The manifests to apply: secrets.yaml, or cert-manager.yaml in cert-manager mode.
    const secrets = fileOf("secrets.yaml") || fileOf("cert-manager.yaml");
    $("secrets-preview").textContent = secrets ? secrets.contents : "";
    $("secrets-preview").hidden = !secrets;
    $("secrets-preview-title").parentElement.hidden = !secrets;
    $("secrets-preview-title").textContent = secrets ? secrets.name : "secrets.yaml";
    $("copy-secrets").textContent = secrets && secrets.name === "cert-manager.yaml" ? "Copy manifests" : "Copy Secrets";
    const apply = fileOf("APPLY.md");
    $("apply-preview").textContent = apply ? apply.contents : "";
    renderMergeDiff($, result.merge); // day-2
    const diags = $("result-diags");
    diags.replaceChildren();
    for (const diagnostic of result.diagnostics.filter((d) => d.severity !== "info")) {
      diags.append(diagnosticElement(diagnostic));
    }
  }

  function download(name) {
    const result = state.result;
    if (!result) return;
    if (name === "*") {
      saveFile(`${result.folder}.zip`, result.zip);
      state.caKeySaved = true;
      return;
    }
    const file = fileOf(name);
    if (!file) return;
    saveFile(file.name, file.contents);
    if (file.name === "ca.key") state.caKeySaved = true;
  }

  // ---------------------------------------------------------------- settings files

  function settingsMessage(text, isError = false) {
    const message = $("settings-message");
    message.textContent = text;
    message.classList.toggle("error", isError);
  }

  function saveSettings() {
    const read = readNow();
    const name = read.settings.release.name.replace(/[^A-Za-z0-9._-]/g, "_") || "release";
    saveFile(`internal-tls-settings-${name}.json`, `${JSON.stringify(read.settings, null, 2)}\n`);
    settingsMessage("Settings saved (no keys are in the file).");
  }

  async function loadSettings(file) {
    if (file.size > MAX_SETTINGS_FILE) {
      settingsMessage(`${file.name} is ${file.size} bytes; a settings file is a few KiB. Is it the right file?`, true);
      return;
    }
    const text = await file.text();
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch {
      settingsMessage(`${file.name} is not JSON. This page reads the settings files it saves (JSON).`, true);
      return;
    }
    let check;
    try {
      check = await checker.call("validate", { settings: text });
    } catch {
      return;
    }
    if (check.parse_error) {
      settingsMessage(`${file.name} cannot be used: ${check.parse_error}`, true);
      return;
    }
    state.base = deepMerge(state.defaults, parsed);
    form.writeForm(state.base);
    settingsMessage(`Loaded ${file.name}.`);
    await validateNow();
  }

  function resetForm() {
    state.base = attributePresets(structuredClone(state.defaults));
    form.writeForm(state.base);
    $("ca-cert").value = "";
    $("ca-key").value = "";
    byo.clear();
    state.caCheck = null;
    if (valuesFile) valuesFile.reset(); // day-2
    settingsMessage("The form is back to the defaults.");
    validateNow();
  }

  // ---------------------------------------------------------------- presets, links, the settings property

  function sessionGet(key) {
    try {
      return sessionStorage.getItem(key);
    } catch {
      return null;
    }
  }

  function sessionSet(key, value) {
    try {
      sessionStorage.setItem(key, value);
    } catch {
      // Storage may be off.
    }
  }

  /** `settings` with the element's preset attributes applied. */
  function attributePresets(settings) {
    const presets = options.presets ? options.presets() : {};
    const { settings: out, ignored } = applyPresets(settings, presets);
    for (const { name, reason } of ignored) {
      console.warn(`<internal-tls-wizard>: the ${name} attribute was ignored: ${reason}.`);
    }
    return out;
  }

  function ignoredMessage(ignored) {
    return ignored.length
      ? ` Ignored from the link: ${ignored.map(({ name, reason }) => `${name} (${reason})`).join(", ")}.`
      : "";
  }

  /**
   * `settings` with the presets of the page's #fragment applied, or null when
   * there are none to apply. With `persist`, a fragment is applied once per
   * tab: reloading the same link keeps what the user changed since.
   */
  function fragmentPresets(settings, { initial }) {
    if (!options.fragmentPresets) return null;
    const hash = window.location.hash;
    const presets = presetsFromFragment(hash);
    if (Object.keys(presets).length === 0) return null;
    const appliedKey = storageKey ? `${storageKey}#applied-fragment` : null;
    if (initial && appliedKey && sessionGet(appliedKey) === hash) return null;
    if (appliedKey) sessionSet(appliedKey, hash);
    const { settings: out, applied, ignored } = applyPresets(settings, presets);
    settingsMessage(`Preset from the link: ${applied.join(", ") || "nothing"}.${ignoredMessage(ignored)}`, ignored.length > 0);
    return out;
  }

  /** Applies presets ({name: value}) to what the form holds now. */
  function presetNow(presets, fromLink = false) {
    if (!state.defaults) return;
    const { settings, ignored } = applyPresets(readNow().settings, presets);
    if (fromLink) {
      settingsMessage(`Preset from the link: ${Object.keys(presets).join(", ")}.${ignoredMessage(ignored)}`, ignored.length > 0);
    } else {
      for (const { name, reason } of ignored) {
        console.warn(`<internal-tls-wizard>: the ${name} attribute was ignored: ${reason}.`);
      }
    }
    state.base = settings;
    form.writeForm(state.base);
    validateNow();
  }

  function onHashChange() {
    const settings = fragmentPresets(readNow().settings, { initial: false });
    if (!settings) return;
    state.base = settings;
    form.writeForm(state.base);
    validateNow();
  }

  async function copyLink() {
    const read = readNow();
    const url = new URL(window.location.href);
    // The query string is never read, so a link never carries one; the
    // fragment holds presets only, which have no name for any key material.
    url.search = "";
    url.hash = fragmentFor(read.settings, state.defaults);
    const message = $("settings-message");
    const code = document.createElement("code");
    code.textContent = url.href;
    message.classList.remove("error");
    message.replaceChildren("Link: ", code);
    const result = await copyText(url.href, code);
    message.replaceChildren(result === "Copied." ? "Copied this link: " : "Selected: press Ctrl+C to copy this link: ", code);
  }

  /** The settings document the form holds now (a copy), or null before the engine is ready. */
  function getSettings() {
    if (!state.defaults) return null;
    return structuredClone(form.readForm(state.base).settings);
  }

  /** Replaces the whole settings document; fields it lacks take the defaults. */
  function setSettings(settings) {
    const parsed = typeof settings === "string" ? JSON.parse(settings) : settings;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new TypeError("settings must be a settings document (an object, or its JSON text)");
    }
    const next = deepMerge(state.defaults, structuredClone(parsed));
    try {
      form.writeForm(next);
    } catch (error) {
      form.writeForm(state.base);
      throw new TypeError(`not a settings document: ${error.message}`);
    }
    state.base = next;
    validateNow();
  }

  // ---------------------------------------------------------------- crash

  function onCrash(message) {
    if (state.crashed) return;
    state.crashed = true;
    state.generating = false;
    $("crash-message").textContent = message;
    if (!storageKey) $("crash-advice").textContent = "Reload the page to start the engine again; the form starts over.";
    $("crash").hidden = false;
    $("loading").hidden = true;
    updateGenerate(0);
    $("crash-reload").focus();
  }

  // ---------------------------------------------------------------- start

  function flash(button, text, label) {
    button.textContent = text;
    setTimeout(() => (button.textContent = label), 2000);
  }

  function wire() {
    const wizard = $("wizard");
    wizard.addEventListener("submit", (event) => event.preventDefault());
    wizard.addEventListener("input", (event) => {
      if (event.target.id === "values-file-text") return; // day-2: read by its own card
      if (event.target.id === "ca-cert" || event.target.id === "ca-key") scheduleCaCheck();
      else if (event.target.classList.contains("byo-input")) byo.refresh(byoActive());
      else scheduleValidate();
    });
    wizard.addEventListener("change", (event) => {
      if (event.target.type === "radio" || event.target.type === "checkbox" || event.target.tagName === "SELECT") {
        scheduleValidate();
      }
    });
    $("generate").addEventListener("click", generateNow);
    $("cancel").addEventListener("click", cancelGeneration);
    $("downloads").addEventListener("click", (event) => {
      const button = event.target.closest("button[data-file]");
      if (button) download(button.dataset.file);
    });
    $("copy-values").addEventListener("click", async () => {
      const message = await copyText($("values-preview").textContent, $("values-preview"));
      flash($("copy-values"), message === "Copied." ? "Copied" : "Selected: press Ctrl+C", "Copy values");
    });
    $("copy-secrets").addEventListener("click", async () => {
      const secrets = fileOf("secrets.yaml") || fileOf("cert-manager.yaml");
      if (!secrets) return;
      const message = await copyText(secrets.contents, $("secrets-preview"));
      const label = secrets.name === "cert-manager.yaml" ? "Copy manifests" : "Copy Secrets";
      flash($("copy-secrets"), message === "Copied." ? "Copied" : "Selected: press Ctrl+C", label);
    });
    $("save-settings").addEventListener("click", saveSettings);
    $("load-settings").addEventListener("click", () => $("load-settings-file").click());
    $("load-settings-file").addEventListener("change", async (event) => {
      const file = event.target.files && event.target.files[0];
      event.target.value = "";
      if (file) await loadSettings(file);
    });
    $("reset-form").addEventListener("click", resetForm);
    $("copy-link").addEventListener("click", copyLink);
    $("crash-reload").addEventListener("click", () => window.location.reload());
    $("itw").querySelector(".skip-link").addEventListener("click", (event) => {
      event.preventDefault();
      $("generate-section").scrollIntoView({ block: "start", behavior: "smooth" });
      $("generate").focus({ preventScroll: true });
    });
    listen(window, "beforeunload", (event) => {
      if (state.result && !state.caKeySaved) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    if (options.fragmentPresets) listen(window, "hashchange", onHashChange);
  }

  function listen(target, type, handler) {
    target.addEventListener(type, handler);
    cleanups.push(() => target.removeEventListener(type, handler));
  }

  /** Stops the workers and drops the window listeners (the element was removed). */
  function dispose() {
    disposed = true;
    clearTimeout(validateTimer);
    clearTimeout(caTimer);
    if (checker) checker.stop();
    if (generator) generator.stop();
    if (audit) audit.dispose();
    for (const cleanup of cleanups.splice(0)) cleanup();
  }

  /** Resolves to {version, settings} once the engine runs and the form is filled. */
  async function start() {
    mark("start");
    form.buildServiceFields();
    // BYO and AUDIT: their markup and listeners; they reach the checker once it runs.
    const labels = Object.fromEntries(form.SERVICE_KEYS);
    byo = startByo({
      root,
      keys: form.SERVICE_KEYS,
      labels,
      checker: () => checker,
      services: () => (state.validation ? state.validation.services : []),
      changed: () => updateGenerate(state.lastErrors || 0),
    });
    audit = startAudit({
      root,
      checker: () => checker,
      defaults: () => ({ release: state.read ? state.read.settings.release.name : "", namespace: state.read ? state.read.settings.release.namespace : "" }),
    });
    $("copy-link").hidden = !options.fragmentPresets;
    $("copy-link-help").hidden = !options.fragmentPresets;
    // The workers start while the core compiles; each is handed the module
    // once it is ready.
    const module = compileCore();
    checker = new CoreWorker(module, "checker", onCrash);
    generator = new CoreWorker(module, "generator", onCrash);
    try {
      await module;
    } catch (error) {
      checker.stop();
      generator.stop();
      $("loading").textContent = `The certificate engine could not be loaded: ${error.message}. Reload the page to try again.`;
      $("loading").classList.add("error");
      throw error;
    }
    if (disposed) throw new Error("the wizard was removed from the page");
    // Once both workers hold the engine the page needs no network at all.
    const engineLoaded = new Set();
    for (const worker of [checker, generator]) {
      worker.onEngineReady = () => {
        engineLoaded.add(worker);
        $("offline-ready").hidden = engineLoaded.size < 2;
      };
    }
    const info = await checker.ready; // a crash rejects here, and onCrash has said so
    if (disposed) throw new Error("the wizard was removed from the page");
    state.defaults = info.defaults;
    form.fillAlgorithms(info.algorithms);
    $("chart-version-number").textContent = info.chartVersion;
    // Defaults, then the preset attributes, then a settings document the host
    // set through the property (as an input's value property wins over its
    // attribute; also how a removed and re-added wizard keeps its form); what
    // this tab kept (persist) wins over those, and a link's #fragment presets
    // over everything.
    let settings = attributePresets(structuredClone(info.defaults));
    if (options.settings) settings = deepMerge(settings, structuredClone(options.settings));
    settings = restore() || settings;
    settings = fragmentPresets(settings, { initial: true }) || settings;
    state.base = settings;
    form.writeForm(state.base);
    // Browsers may restore textarea contents on reload; a pasted key must not come back.
    $("ca-cert").value = "";
    $("ca-key").value = "";
    wire();
    // ---- day-2
    valuesFile = startValuesFile({
      $,
      checker,
      currentSettings: () => readNow().settings,
      applySettings(settings) {
        state.base = deepMerge(state.defaults, settings);
        form.writeForm(state.base);
        validateNow();
      },
      changed: () => render(),
    });
    renewCard = startRenew({ $, generator, releaseName: () => (state.read ? state.read.settings.release.name : "") });
    renewCard.clear();
    // ---- end day-2
    $("loading").hidden = true;
    $("itw").classList.add("ready");
    await validateNow();
    mark("interactive");
    const detail = { version: info.version, settings: getSettings() };
    emit("ready", detail);
    return detail;
  }

  const ready = start();
  ready.catch(() => {}); // reported on the page; callers of `ready` see the rejection

  return {
    ready,
    getSettings,
    setSettings,
    applyPresets: presetNow,
    generate: generateNow,
    dispose,
  };
}
