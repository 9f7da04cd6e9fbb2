// Settings in and out: the tab's sessionStorage (settings only, never key
// material), settings files, Reset, presets from attributes and the link's
// #fragment, Copy link, and the element's settings property.

import { copyText, saveFile } from "./downloads.js";
import { applyPresets, presetsFromFragment, fragmentFor } from "./presets.js";
import { deepMerge } from "./state.js";

const MAX_SETTINGS_FILE = 1024 * 1024;

/** Settings in and out for wizard `w`; the returned functions go on `w.settingsIo`. */
export function startSettingsIo(w) {
  const { $, state, form, options, storageKey } = w;
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

  function settingsMessage(text, isError = false) {
    const message = $("settings-message");
    message.textContent = text;
    message.classList.toggle("error", isError);
  }

  function saveSettings() {
    const read = w.checks.readNow();
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
      check = await w.checker.call("validate", { settings: text });
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
    await w.checks.validateNow();
  }

  function resetForm() {
    state.base = attributePresets(structuredClone(state.defaults));
    form.writeForm(state.base);
    $("ca-cert").value = "";
    $("ca-key").value = "";
    w.byo.clear();
    state.caCheck = null;
    if (w.valuesFile) w.valuesFile.reset(); // day-2
    settingsMessage("The form is back to the defaults.");
    w.checks.validateNow();
  }

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
    const { settings, ignored } = applyPresets(w.checks.readNow().settings, presets);
    if (fromLink) {
      settingsMessage(`Preset from the link: ${Object.keys(presets).join(", ")}.${ignoredMessage(ignored)}`, ignored.length > 0);
    } else {
      for (const { name, reason } of ignored) {
        console.warn(`<internal-tls-wizard>: the ${name} attribute was ignored: ${reason}.`);
      }
    }
    state.base = settings;
    form.writeForm(state.base);
    w.checks.validateNow();
  }

  function onHashChange() {
    const settings = fragmentPresets(w.checks.readNow().settings, { initial: false });
    if (!settings) return;
    state.base = settings;
    form.writeForm(state.base);
    w.checks.validateNow();
  }

  async function copyLink() {
    const read = w.checks.readNow();
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
    w.checks.validateNow();
  }

  return {
    persist,
    restore,
    saveSettings,
    loadSettings,
    resetForm,
    attributePresets,
    fragmentPresets,
    presetNow,
    onHashChange,
    copyLink,
    getSettings,
    setSettings,
  };
}
