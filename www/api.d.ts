// Types of the wizard's plain functional API (api.js, the package's "./api"
// export) and of the documents it shares with the <internal-tls-wizard>
// element. The shapes are those of the Rust core (src/values/, src/output/,
// src/wasm/): the settings document is the one `tls-wizard generate --config`
// reads and the page's Save settings writes.

// The documents the core takes and answers with are declared in
// core-types.d.ts, generated from the Rust types (src/api/typescript.rs).
import type {
  CertificateInfo,
  CheckReport,
  Diagnostic,
  InspectedItem,
  KeyAlgorithm,
  OutputFile,
  ServiceKey,
  Settings,
  CaCheck,
  Validation,
} from "./core-types.js";
export type * from "./core-types.js";

// ---------------------------------------------------------------- settings

/** Any part of a settings document; what it leaves out takes the defaults. */
export type PartialSettings = {
  [K in keyof Settings]?: Settings[K] extends object
    ? Settings[K] extends unknown[]
      ? Settings[K]
      : { [L in keyof Settings[K]]?: Settings[K][L] extends object ? Partial<Settings[K][L]> : Settings[K][L] }
    : Settings[K];
};

// ---------------------------------------------------------------- the bundle

/** What generateBundle returns. */
export interface Bundle {
  files: OutputFile[];
  /** Warnings and notes about the settings (errors stop generation instead). */
  diagnostics: Diagnostic[];
}

export interface GenerateOptions {
  /** Your CA's certificate (PEM), when the settings say `certificates.ca: "provided"`. */
  caCert?: string;
  /** Your CA's private key (PEM); used only for this call. */
  caKey?: string;
  /** The issuing time; default now. */
  now?: Date | number;
  /** Called after each certificate: `done` of `total` steps. */
  onProgress?: (done: number, total: number) => void;
}

/** Why generateBundle made nothing. */
export declare class GenerateError extends Error {
  name: "GenerateError";
  /** The input the problem is in (your CA's certificate or key), if one. */
  field: string | null;
  /** The settings' findings, when it was the settings. */
  diagnostics: Diagnostic[];
}

// ---------------------------------------------------------------- functions

/** What init takes: the .wasm's URL, a Response, its bytes, or a compiled module. */
export type WasmSource = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** Loads the WebAssembly once (default: the .wasm beside api.js; in Node, pass its bytes). */
export declare function init(source?: WasmSource): Promise<void>;

/** The core's version. */
export declare function version(): string;

/** A fresh default settings document. */
export declare function defaultSettings(): Settings;

/** The key algorithms the core makes. */
export declare function keyAlgorithms(): KeyAlgorithm[];

/** Validates a settings document (or its JSON text); never throws for bad settings. */
export declare function validateSettings(settings: Settings | string): Validation;

/** Checks your CA's certificate and key as Generate will use them, at `now` (default now). */
export declare function checkCa(certPem: string, keyPem: string, now?: Date | number): CaCheck;

/** Makes the CA (or uses yours), every certificate, the Secrets and values.yaml. Throws GenerateError. */
export declare function generateBundle(settings: Settings | string, options?: GenerateOptions): Bundle;

/** Zips generated files under `folder/`, as the page's "Download all" does, each entry dated `now` (default now). */
export declare function zipFiles(folder: string, files: OutputFile[], now?: Date | number): Uint8Array;

// ---------------------------------------------------------------- certificates: inspect and check

export interface CheckOptions {
  /** The private key (PEM: PKCS#8, encrypted PKCS#8, PKCS#1 or SEC1); checked to match. */
  key?: string;
  /** The key's passphrase, when it is encrypted. */
  passphrase?: string;
  /** The CA certificate(s) the Service will trust (PEM; several allowed). Empty: no chain check. */
  ca?: string;
  /** The names the certificate must cover (validateSettings' `services[].dns_names`). */
  dnsNames?: string[];
  /** Require clientAuth too (Keycloak's cluster mode). */
  clientAuth?: boolean;
  /** The Service it is for, named in the findings. */
  service?: ServiceKey | null;
  /** The time to check validity at; default now. */
  now?: Date | number;
}

/** Why checkCertificate or inspect could not read an input. */
export declare class InputError extends Error {
  name: "InputError";
  /** `certificate`, `key` or `ca`, when it is one of them. */
  field: string | null;
}

/** Describes every certificate and key in pasted PEM text or Secret manifests. */
export declare function inspect(text: string): InspectedItem[];

/** Checks a certificate and chain for a Service, as the page does. Throws InputError. */
export declare function checkCertificate(certificate: string, options?: CheckOptions): CheckReport;
