// Types of <internal-tls-wizard> (element.js, the package's main export).
// Importing the module registers the element:
//
//   import "internal-tls-wizard";
//   const wizard = document.createElement("internal-tls-wizard");
//   wizard.setAttribute("release-name", "acme");
//   wizard.addEventListener("generated", (event) => save(event.detail.files));

import type { Diagnostic, OutputFile, PartialSettings, Settings } from "./api.js";

export type { Diagnostic, OutputFile, PartialSettings, Settings } from "./api.js";

/**
 * The attributes that preset the form. The same names (and values) work in
 * the page's URL fragment when the element has `fragment-presets`.
 */
export type PresetName =
  | "release-name"
  | "namespace"
  | "name-override"
  | "cluster-domain"
  | "enabled"
  | "source"
  | "ca"
  | "ca-common-name"
  | "key"
  | "days"
  | "ca-days"
  | "shared-certificate"
  | "verification"
  | "ca-secret-name"
  | "keycloak-cluster"
  | "redis-external"
  | "rabbitmq-in-cluster"
  | "data-streamer"
  | "extra-sans"
  | "lightrun-endpoint"
  | "main-certificate";

/** A yes/no attribute: present (or "true", "1", "yes", "on") is yes; "false", "0", "no", "off" is no. */
type Flag = "" | "true" | "false" | "1" | "0" | "yes" | "no" | "on" | "off";

/** Every attribute the element reads, with the values it takes. */
export interface InternalTlsWizardAttributes {
  "release-name"?: string;
  namespace?: string;
  "name-override"?: string;
  "cluster-domain"?: string;
  enabled?: Flag;
  /** How certificates are made: here (create), by the chart (chart), yours (bring-your-own), or by cert-manager in the cluster (cert-manager); the chart's existing_certificates and generate_self_signed_certificates work too. */
  source?: "create" | "chart" | "bring-your-own" | "byo" | "cert-manager" | "existing_certificates" | "generate_self_signed_certificates";
  /** A new CA, or yours (pasted into the form, never into an attribute). */
  ca?: "new" | "provided";
  "ca-common-name"?: string;
  key?: "ecdsa-p256" | "ecdsa-p384" | "rsa-2048" | "rsa-3072" | "rsa-4096";
  /** Whole days. */
  days?: string;
  "ca-days"?: string;
  "shared-certificate"?: Flag;
  verification?: Flag;
  "ca-secret-name"?: string;
  "keycloak-cluster"?: Flag;
  "redis-external"?: Flag;
  "rabbitmq-in-cluster"?: Flag;
  "data-streamer"?: Flag;
  /** Comma-separated DNS names or IP addresses. */
  "extra-sans"?: string;
  /** `general.lightrun_endpoint`: the public host name the main certificate carries. */
  "lightrun-endpoint"?: string;
  /** The main certificate's path: issued here, yours (pasted into the form), or verification off. */
  "main-certificate"?: "issue" | "bring-your-own" | "verification-off";
  /** A reduced layout: no help texts, settings toolbar, per-service Secret names and DNS-name table, or changed-values list. */
  compact?: "" | boolean;
  /** Keep the settings (never a key) in sessionStorage across reloads; a value names the slot when several wizards persist. */
  persist?: string;
  /** Read presets from the page's #fragment (never the query string) and offer Copy link. */
  "fragment-presets"?: "" | boolean;
  /** Fix the colour scheme instead of following prefers-color-scheme. */
  scheme?: "light" | "dark";
}

/** `ready`: the engine is loaded and the form filled. */
export interface ReadyDetail {
  version: string;
  settings: Settings;
}

/** `change`: the settings document changed (the user, an attribute, or the `settings` property). */
export interface ChangeDetail {
  settings: Settings;
  /** No errors: Generate can run. */
  valid: boolean;
  /** Every current finding, errors first. */
  diagnostics: Diagnostic[];
}

/**
 * `generated`: a bundle was made. The host page gets every file with its
 * contents, private keys included (`sensitive: true` on secrets.yaml and
 * ca.key): it asked for them by listening, so keep them out of logs, storage
 * and URLs, as the element does.
 */
export interface GeneratedDetail {
  files: OutputFile[];
  /** The folder name inside the archive, `internal-tls-<release>-<namespace>`. */
  folder: string;
  /** Every file zipped under `folder/`, as "Download all" saves it. */
  zip: Uint8Array;
  diagnostics: Diagnostic[];
  /** The settings it was made from. */
  settings: Settings;
}

export interface InternalTlsWizardEventMap extends HTMLElementEventMap {
  ready: CustomEvent<ReadyDetail>;
  change: CustomEvent<ChangeDetail>;
  generated: CustomEvent<GeneratedDetail>;
}

/** Generation did not happen: the settings have errors, it was cancelled, or the engine stopped. */
export interface GenerateFailureError extends Error {
  failure?: { error: string; field: string | null; diagnostics: Diagnostic[] };
}

export declare class InternalTlsWizardElement extends HTMLElement {
  static readonly observedAttributes: readonly PresetName[];
  /** Resolves once the engine is loaded and the form filled. */
  readonly ready: Promise<ReadyDetail>;
  /** The core's version, once ready; otherwise null. */
  readonly version: string | null;
  /** The settings document the form holds (a copy); null before ready unless one was set. */
  get settings(): Settings | null;
  /** Replaces the whole settings document (or its JSON text); what it leaves out takes the defaults. */
  set settings(value: PartialSettings | Settings | string);
  /** Generates as the Generate button does; rejects (GenerateFailureError) when nothing was made. */
  generate(): Promise<GeneratedDetail>;

  addEventListener<K extends keyof InternalTlsWizardEventMap>(
    type: K,
    listener: (this: InternalTlsWizardElement, event: InternalTlsWizardEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof InternalTlsWizardEventMap>(
    type: K,
    listener: (this: InternalTlsWizardElement, event: InternalTlsWizardEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

/** "internal-tls-wizard". */
export declare const TAG_NAME: "internal-tls-wizard";

declare global {
  interface HTMLElementTagNameMap {
    "internal-tls-wizard": InternalTlsWizardElement;
  }
}
