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
//
// This module composes a wizard: the state (state.js), the views
// (diagnostics.js, overview.js, the result in generation.js) and the
// controllers (checks.js: live checks; generation.js; settings-io.js:
// storage, files, presets and links), which share one context `w`.

import { compileCore, CoreWorker, mark } from "./core.js";
import { formFor } from "./form.js";
import { copyText } from "./downloads.js";
import { startByo } from "./byo.js";
import { startAudit } from "./audit.js";
import { startValuesFile } from "./daytwo.js";
import { startRenew } from "./renew.js";
import { createState, usesOwnCa, byoActive, deepMerge } from "./state.js";
import { currentDiagnostics, renderDiagnostics } from "./diagnostics.js";
import { renderServices, renderValues } from "./overview.js";
import { startChecks } from "./checks.js";
import { startGeneration } from "./generation.js";
import { startSettingsIo } from "./settings-io.js";

const STORAGE_PREFIX = "internal-tls-wizard/settings";

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
  const storageKey =
    options.storage === null || options.storage === undefined
      ? null
      : options.storage === ""
        ? STORAGE_PREFIX
        : `${STORAGE_PREFIX}/${options.storage}`;
  const cleanups = [];
  const state = createState();

  /**
   * The context the wizard's modules share. checker and generator (the two
   * workers), byo, audit, valuesFile and renewCard are set by start().
   */
  const w = {
    root,
    $: (id) => root.getElementById(id),
    form: formFor(root),
    options,
    storageKey,
    state,
    disposed: false,
    checker: null,
    generator: null,
    byo: null,
    audit: null,
    valuesFile: null,
    renewCard: null,
    /** The controllers, set just below. */
    checks: null,
    generation: null,
    settingsIo: null,
    emit,
    render,
    reportChange,
  };
  const { $, form } = w;
  w.checks = startChecks(w);
  w.generation = startGeneration(w);
  w.settingsIo = startSettingsIo(w);
  const { readNow, validateNow, scheduleValidate, scheduleCaCheck } = w.checks;

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
      diagnostics: currentDiagnostics(state),
    });
  }

  // ---------------------------------------------------------------- generate state

  function generateBlockedReason(errorCount) {
    if (state.crashed) return "The certificate engine stopped; reload the page.";
    const validation = state.validation;
    if (!validation || !state.read) return "Checking the settings…";
    if (errorCount > 0) {
      return `Fix the ${errorCount === 1 ? "error" : `${errorCount} errors`} listed under Checks first.`;
    }
    if (w.valuesFile && w.valuesFile.refused()) return "Your values.yaml cannot be merged into; fix it or clear it first.";
    if (byoActive(state) && w.byo.blockedReason()) return w.byo.blockedReason();
    if (usesOwnCa(state)) {
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
    w.checks.updateBusy();
    const errors = renderDiagnostics(w, currentDiagnostics(state));
    renderServices(w);
    renderValues(w);
    form.showMainCertificate(state.validation, state.read ? state.read.mode : "create", state.read ? state.read.settings : null);
    const name = state.read ? state.read.settings.release.name : "";
    $("ca-common-name-default").textContent = `${name || "RELEASE"}-internal-tls-ca`;
    const own = $("ca-status");
    own.textContent = usesOwnCa(state) && state.caCheck && state.caCheck.ok
      ? `This CA can sign: ${state.caCheck.subject}, valid until ${state.caCheck.not_after}.`
      : "";
    updateGenerate(errors);
    state.lastErrors = errors;
    if (w.byo) w.byo.refresh(byoActive(state));
    $("generate-help").textContent = byoActive(state)
      ? "Checks your certificates again and packs them into Secrets and values.yaml in this browser. Nothing is uploaded."
      : state.read && state.read.mode === "cert-manager"
        ? "Writes the cert-manager Issuers and Certificates and values.yaml in this browser; cert-manager makes the keys in your cluster."
        : "Makes the CA and every certificate in this browser. Nothing is uploaded.";
    if (state.result) {
      $("result-stale").hidden = JSON.stringify(state.read.settings) === state.result.snapshot;
    }
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
      else if (event.target.classList.contains("byo-input")) w.byo.refresh(byoActive(state));
      else scheduleValidate();
    });
    wizard.addEventListener("change", (event) => {
      if (event.target.type === "radio" || event.target.type === "checkbox" || event.target.tagName === "SELECT") {
        scheduleValidate();
      }
    });
    $("generate").addEventListener("click", w.generation.generateNow);
    $("cancel").addEventListener("click", w.generation.cancelGeneration);
    $("downloads").addEventListener("click", (event) => {
      const button = event.target.closest("button[data-file]");
      if (button) w.generation.download(button.dataset.file);
    });
    $("copy-values").addEventListener("click", async () => {
      const message = await copyText($("values-preview").textContent, $("values-preview"));
      flash($("copy-values"), message === "Copied." ? "Copied" : "Selected: press Ctrl+C", "Copy values");
    });
    $("copy-secrets").addEventListener("click", async () => {
      const secrets = w.generation.fileOf("secrets.yaml") || w.generation.fileOf("cert-manager.yaml");
      if (!secrets) return;
      const message = await copyText(secrets.contents, $("secrets-preview"));
      const label = secrets.name === "cert-manager.yaml" ? "Copy manifests" : "Copy Secrets";
      flash($("copy-secrets"), message === "Copied." ? "Copied" : "Selected: press Ctrl+C", label);
    });
    $("save-settings").addEventListener("click", w.settingsIo.saveSettings);
    $("load-settings").addEventListener("click", () => $("load-settings-file").click());
    $("load-settings-file").addEventListener("change", async (event) => {
      const file = event.target.files && event.target.files[0];
      event.target.value = "";
      if (file) await w.settingsIo.loadSettings(file);
    });
    $("reset-form").addEventListener("click", w.settingsIo.resetForm);
    $("copy-link").addEventListener("click", w.settingsIo.copyLink);
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
    if (options.fragmentPresets) listen(window, "hashchange", w.settingsIo.onHashChange);
  }

  function listen(target, type, handler) {
    target.addEventListener(type, handler);
    cleanups.push(() => target.removeEventListener(type, handler));
  }

  /** Stops the workers and drops the window listeners (the element was removed). */
  function dispose() {
    w.disposed = true;
    w.checks.dispose();
    if (w.checker) w.checker.stop();
    if (w.generator) w.generator.stop();
    if (w.audit) w.audit.dispose();
    for (const cleanup of cleanups.splice(0)) cleanup();
  }

  /** Resolves to {version, settings} once the engine runs and the form is filled. */
  async function start() {
    mark("start");
    form.buildServiceFields();
    // BYO and AUDIT: their markup and listeners; they reach the checker once it runs.
    const labels = Object.fromEntries(form.SERVICE_KEYS);
    w.byo = startByo({
      root,
      keys: form.SERVICE_KEYS,
      labels,
      checker: () => w.checker,
      services: () => (state.validation ? state.validation.services : []),
      changed: () => updateGenerate(state.lastErrors || 0),
    });
    w.audit = startAudit({
      root,
      checker: () => w.checker,
      defaults: () => ({ release: state.read ? state.read.settings.release.name : "", namespace: state.read ? state.read.settings.release.namespace : "" }),
    });
    $("copy-link").hidden = !options.fragmentPresets;
    $("copy-link-help").hidden = !options.fragmentPresets;
    // The workers start while the core compiles; each is handed the module
    // once it is ready.
    const module = compileCore();
    const checker = new CoreWorker(module, "checker", onCrash);
    const generator = new CoreWorker(module, "generator", onCrash);
    w.checker = checker;
    w.generator = generator;
    try {
      await module;
    } catch (error) {
      checker.stop();
      generator.stop();
      $("loading").textContent = `The certificate engine could not be loaded: ${error.message}. Reload the page to try again.`;
      $("loading").classList.add("error");
      throw error;
    }
    if (w.disposed) throw new Error("the wizard was removed from the page");
    // Once both workers hold the engine the page needs no network at all.
    const engineLoaded = new Set();
    for (const worker of [checker, generator]) {
      worker.onEngineReady = () => {
        engineLoaded.add(worker);
        $("offline-ready").hidden = engineLoaded.size < 2;
      };
    }
    const info = await checker.ready; // a crash rejects here, and onCrash has said so
    if (w.disposed) throw new Error("the wizard was removed from the page");
    state.defaults = info.defaults;
    form.fillAlgorithms(info.algorithms);
    $("chart-version-number").textContent = info.chartVersion;
    // Defaults, then the preset attributes, then a settings document the host
    // set through the property (as an input's value property wins over its
    // attribute; also how a removed and re-added wizard keeps its form); what
    // this tab kept (persist) wins over those, and a link's #fragment presets
    // over everything.
    const { attributePresets, restore, fragmentPresets, getSettings } = w.settingsIo;
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
    w.valuesFile = startValuesFile({
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
    w.renewCard = startRenew({ $, generator, releaseName: () => (state.read ? state.read.settings.release.name : "") });
    w.renewCard.clear();
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
    getSettings: w.settingsIo.getSettings,
    setSettings: w.settingsIo.setSettings,
    applyPresets: w.settingsIo.presetNow,
    generate: w.generation.generateNow,
    dispose,
  };
}
