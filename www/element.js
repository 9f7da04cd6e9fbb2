// <internal-tls-wizard>: the whole wizard as one custom element. Importing
// this module registers it:
//
//   <script type="module" src="…/element.js"></script>
//   <internal-tls-wizard release-name="acme" namespace="prod"></internal-tls-wizard>
//
// It renders in an open shadow root (host styles cannot break it, its styles
// do not leak), themed by --itw-* custom properties (wizard.css), and runs the
// Rust core in two Web Workers of its own. Attributes preset the form (see
// presets.js for every name); the `settings` property gets or sets the whole
// settings document; it fires `ready`, `change` and `generated` events.
// element.d.ts declares all of it.

import { startWizard } from "./app.js";
import { TEMPLATE } from "./template.js";
import { INLINE } from "./inline.js";
import { PRESET_NAMES } from "./presets.js";

export const TAG_NAME = "internal-tls-wizard";

let sheet = null;

/** The element's stylesheet, parsed once and adopted by every instance. */
function styleSheet() {
  if (!sheet) {
    sheet = (async () => {
      let css = INLINE ? INLINE.css : null;
      if (css === null) {
        const url = new URL("./wizard.css", import.meta.url);
        const response = await fetch(url);
        if (!response.ok) throw new Error(`could not load ${url.pathname} (HTTP ${response.status})`);
        css = await response.text();
      }
      const parsed = new CSSStyleSheet();
      parsed.replaceSync(css);
      return parsed;
    })();
    sheet.catch(() => (sheet = null));
  }
  return sheet;
}

export class InternalTlsWizardElement extends HTMLElement {
  static get observedAttributes() {
    return PRESET_NAMES;
  }

  #wizard = null;
  #pendingSettings = null;
  #ready;
  #resolveReady;
  #rejectReady;
  #version = null;

  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    this.#newReady();
    // A `settings` set on the element before this class was defined sits on
    // the instance and would hide the accessor: take it over.
    if (Object.hasOwn(this, "settings")) {
      const early = this.settings;
      delete this.settings;
      this.settings = early;
    }
  }

  #newReady() {
    this.#ready = new Promise((resolve, reject) => {
      this.#resolveReady = resolve;
      this.#rejectReady = reject;
    });
    this.#ready.catch(() => {});
  }

  connectedCallback() {
    if (this.#wizard) return;
    this.#render();
  }

  disconnectedCallback() {
    // Moving the element (removed and inserted in one task) keeps it running;
    // leaving the page stops its workers.
    queueMicrotask(() => {
      const wizard = this.#wizard;
      if (this.isConnected || !wizard) return;
      this.#wizard = null; // a render still loading its styles sees this and stops
      if (!wizard.dispose) return;
      this.#pendingSettings = wizard.getSettings() || this.#pendingSettings;
      wizard.dispose();
      this.#newReady();
    });
  }

  async #render() {
    const wizard = {}; // claims this connection; replaced by the real one below
    this.#wizard = wizard;
    let css;
    try {
      css = await styleSheet();
    } catch (error) {
      this.shadowRoot.textContent = `The wizard could not load its styles: ${error.message}`;
      this.#rejectReady(error);
      return;
    }
    if (this.#wizard !== wizard) return;
    this.shadowRoot.adoptedStyleSheets = [css];
    this.shadowRoot.innerHTML = TEMPLATE;
    const started = startWizard(this.shadowRoot, this, {
      storage: this.hasAttribute("persist") ? this.getAttribute("persist") : null,
      fragmentPresets: this.hasAttribute("fragment-presets"),
      presets: () => this.#presetAttributes(),
      settings: this.#pendingSettings,
    });
    this.#wizard = started;
    this.#pendingSettings = null;
    started.ready.then(
      (detail) => {
        this.#version = detail.version;
        this.#resolveReady(detail);
      },
      (error) => this.#rejectReady(error),
    );
  }

  #presetAttributes() {
    const presets = {};
    for (const name of PRESET_NAMES) {
      if (this.hasAttribute(name)) presets[name] = this.getAttribute(name);
    }
    return presets;
  }

  attributeChangedCallback(name, oldValue, value) {
    // Before the engine is ready the attributes are read when it starts.
    if (value === null || value === oldValue || !this.#wizard || !this.#wizard.applyPresets) return;
    this.#wizard.applyPresets({ [name]: value });
  }

  /** Resolves to {version, settings} once the engine is loaded and the form filled. */
  get ready() {
    return this.#ready;
  }

  /** The core's version, once ready; otherwise null. */
  get version() {
    return this.#version;
  }

  /** The whole settings document the form holds (a copy); null until ready unless one was set. */
  get settings() {
    const current = this.#wizard && this.#wizard.getSettings ? this.#wizard.getSettings() : null;
    return current || (this.#pendingSettings ? structuredClone(this.#pendingSettings) : null);
  }

  /** Replaces the whole settings document (an object, or its JSON text); missing fields take the defaults. */
  set settings(value) {
    if (this.#wizard && this.#wizard.getSettings && this.#wizard.getSettings()) {
      this.#wizard.setSettings(value);
      return;
    }
    const parsed = typeof value === "string" ? JSON.parse(value) : value;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new TypeError("settings must be a settings document (an object, or its JSON text)");
    }
    this.#pendingSettings = structuredClone(parsed);
    if (this.#wizard && this.#wizard.ready) {
      // Started but not ready yet: apply once it is.
      this.#wizard.ready.then(() => {
        if (this.#pendingSettings) {
          this.#wizard.setSettings(this.#pendingSettings);
          this.#pendingSettings = null;
        }
      }, () => {});
    }
  }

  /**
   * Generates with what the form holds, as the Generate button does. Resolves
   * to the `generated` event's detail; rejects with the reason when nothing
   * was generated (the settings have errors, it was cancelled, the engine stopped).
   */
  async generate() {
    await this.#ready;
    const outcome = await this.#wizard.generate();
    if (outcome.detail) return outcome.detail;
    if (outcome.cancelled) throw new Error("cancelled");
    if (outcome.crashed) throw new Error("the certificate engine stopped");
    const error = new Error(outcome.failure.error);
    error.failure = outcome.failure;
    throw error;
  }
}

if (!customElements.get(TAG_NAME)) {
  customElements.define(TAG_NAME, InternalTlsWizardElement);
}
