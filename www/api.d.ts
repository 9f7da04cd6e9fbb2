// Types of the wizard's plain functional API (api.js, the package's "./api"
// export) and of the documents it shares with the <internal-tls-wizard>
// element. The shapes are those of the Rust core (src/values/, src/output/,
// src/wasm/): the settings document is the one `tls-wizard generate --config`
// reads and the page's Save settings writes.

// ---------------------------------------------------------------- settings

/** A key algorithm's spelling in settings (what `keyAlgorithms()` lists). */
export type KeyAlgorithm = "ecdsa-p256" | "ecdsa-p384" | "rsa-2048" | "rsa-3072" | "rsa-4096";

/** The chart components that serve TLS, by their values key. */
export type ServiceKey =
  | "frontend"
  | "keycloak"
  | "keycloak_cluster"
  | "redis"
  | "rabbitmq"
  | "data_streamer"
  | "artifacts";

/** The release the certificates are for. */
export interface ReleaseSettings {
  /** The Helm release name. */
  name: string;
  /** The release's namespace. */
  namespace: string;
  /** `general.nameOverride`; empty when not set. */
  name_override: string;
  /** The cluster's DNS domain, almost always `cluster.local`. */
  cluster_domain: string;
  /** `deployments.keycloak.clusterMode`. */
  keycloak_cluster_mode: boolean;
  /** `deployments.redis.external.enabled`. */
  redis_external: boolean;
  /** `general.mq.enabled` and `general.mq.local`. */
  rabbitmq_in_cluster: boolean;
  /** `general.data_streamer.enabled`. */
  data_streamer_enabled: boolean;
  /** DNS names or IP addresses added to every certificate. */
  extra_sans: string[];
  /** `general.lightrun_endpoint`: the public host name the main certificate carries. */
  lightrun_endpoint: string;
  /** `secrets.customCa` as your values set it (read from a values file). */
  custom_ca: { existing_ca_secret: string; custom_ca_certificate: string };
}

/**
 * The chart's main certificate, which the router checks for `<fullname>-backend`
 * with verification on. Its certificate and key, when brought, are passed
 * separately (never in settings).
 */
export interface MainCertificateSettings {
  /** null: not chosen (the one in your values, else issued here). */
  choice: "issue" | "bring-your-own" | "verification-off" | null;
  /** The Secret `certificate.existing_cert` names; empty: `<fullname>-main-tls`. */
  secret_name: string;
  /** What your values file says about it (read from a values file). */
  in_values: { existing_cert: string; certificate_pem: string };
}

/** The chart's `general.internal_tls` values, key for key. */
export interface InternalTlsValues {
  enabled: boolean;
  certificates: {
    verification: boolean;
    /** A Secret whose `ca.crt` the services trust; empty: the default name. */
    existing_ca_secret_name: string;
    source: "existing_certificates" | "generate_self_signed_certificates";
    /** The Secret each component mounts; empty: the default name. */
    existing_certificates: Record<ServiceKey, string>;
  };
}

/** How this wizard makes the certificates. */
export interface IssuanceSettings {
  /** `cert-manager`: Issuers and Certificates for cert-manager instead of certificates. */
  provider: "create" | "bring-your-own" | "cert-manager";
  /** A new CA, or yours (its certificate and key are passed separately, never in settings). */
  ca: "new" | "provided";
  /** The new CA's common name; empty: `<release>-internal-tls-ca`. */
  ca_common_name: string;
  key: KeyAlgorithm;
  /** Each service certificate's validity, in days. */
  days: number;
  /** A new CA's validity, in days. */
  ca_days: number;
  /** One certificate for every Service, used by every Secret. */
  shared_certificate: boolean;
  /** More CA certificates (PEM) for `ca.crt`, after the wizard's CA. */
  additional_trusted_cas?: string[];
  /** cert-manager mode (provider `cert-manager`). */
  cert_manager: CertManagerSettings;
}

/** cert-manager mode: which Issuer signs, and when cert-manager renews. */
export interface CertManagerSettings {
  /** `self-signed`: cert-manager makes a CA; `ca-secret`: a CA Issuer over your CA's Secret. */
  issuer: "self-signed" | "ca-secret";
  /** With `ca-secret`: the Secret holding your CA's `tls.crt` and `tls.key`. */
  ca_secret_name: string;
  /** `renewBefore` in days; null: a third of the validity, at most 30 days. */
  renew_before_days: number | null;
}

/** The whole settings document. It never holds key material. */
export interface Settings {
  version: 1;
  release: ReleaseSettings;
  internal_tls: InternalTlsValues;
  certificates: IssuanceSettings;
  main_certificate: MainCertificateSettings;
}

/** Any part of a settings document; what it leaves out takes the defaults. */
export type PartialSettings = {
  [K in keyof Settings]?: Settings[K] extends object
    ? Settings[K] extends unknown[]
      ? Settings[K]
      : { [L in keyof Settings[K]]?: Settings[K][L] extends object ? Partial<Settings[K][L]> : Settings[K][L] }
    : Settings[K];
};

// ---------------------------------------------------------------- findings

export type Severity = "error" | "warning" | "info";

/** One finding about the settings. */
export interface Diagnostic {
  /** error: nothing is generated until it is fixed; warning: it works, probably not as meant; info: worth knowing. */
  severity: Severity;
  /** A stable identifier of the rule. */
  code: string;
  /** The field: a values path (`general.internal_tls…`) or a settings path (`release.namespace`). */
  path: string;
  message: string;
  /** What to do about it. */
  hint: string;
}

/** A component as the settings deploy it. */
export interface ServiceView {
  key: ServiceKey;
  label: string;
  deployed: boolean;
  /** The Kubernetes Service name, when it can be derived. */
  service_name: string | null;
  /** The DNS names its certificate must carry. */
  dns_names: string[];
  /** The Secret it mounts (the default when the settings leave it empty). */
  secret_name: string;
  default_secret_name: string;
}

/** What validateSettings returns. */
export interface Validation {
  /** No errors: generateBundle will run. */
  ok: boolean;
  /** The document could not be read at all (then nothing else is filled). */
  parse_error: string | null;
  diagnostics: Diagnostic[];
  services: ServiceView[];
  /** values.yaml as generateBundle would write it, when there is no error. */
  values_yaml: string | null;
  /** Each value it sets that differs from the chart's default (empty with errors). */
  value_changes: ValueChange[];
}

/** One value of general.internal_tls that differs from the chart's default. */
export interface ValueChange {
  /** The values path, e.g. "general.internal_tls.certificates.verification". */
  path: string;
  /** The chart's default, as values.yaml spells it. */
  from: string;
  /** What the wizard writes. */
  to: string;
}

/** What checkCa returns. */
export interface CaCheck {
  ok: boolean;
  /** Which input the problem is in. */
  field: "ca_cert" | "ca_key" | null;
  error: string | null;
  subject: string | null;
  /** The CA's expiry date (YYYY-MM-DD). */
  not_after: string | null;
  key: string | null;
}

// ---------------------------------------------------------------- the bundle

/** One generated file. */
export interface OutputFile {
  /** `values.yaml`, `secrets.yaml`, `ca.crt`, `ca.key`, `APPLY.md`. */
  name: string;
  contents: string;
  /** It holds private keys (secrets.yaml, ca.key): keep it out of logs, storage and URLs. */
  sensitive: boolean;
}

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

/** Zips generated files under `folder/`, as the page's "Download all" does. */
export declare function zipFiles(folder: string, files: OutputFile[]): Uint8Array;

// ---------------------------------------------------------------- certificates: inspect and check

/** A certificate's public key. */
export interface PublicKeyInfo {
  /** `RSA`, `ECDSA`, `Ed25519`, … or the algorithm's OID. */
  algorithm: string;
  /** The size in bits (RSA's modulus, the ECDSA curve's). */
  bits: number | null;
  /** The named curve (`P-256`), for ECDSA. */
  curve: string | null;
  /** For people: `RSA 2048`, `ECDSA P-256`, `Ed25519`. */
  description: string;
}

/** Everything the wizard shows about one certificate. */
export interface CertificateInfo {
  /** RFC 4514. */
  subject: string;
  issuer: string;
  /** Colon-separated hex. */
  serial: string;
  /** RFC 3339. */
  not_before: string;
  not_after: string;
  dns_names: string[];
  ip_addresses: string[];
  /** Other subjectAltName entries (`email:…`, `URI:…`). */
  other_names: string[];
  public_key: PublicKeyInfo;
  /** `ecdsa-with-SHA256`, `sha256WithRSAEncryption`, … */
  signature_algorithm: string;
  /** keyUsage bits; empty when the extension is absent. */
  key_usage: string[];
  /** extendedKeyUsage purposes (`serverAuth`, `clientAuth`, …); empty when absent. */
  extended_key_usage: string[];
  is_ca: boolean;
  path_length: number | null;
  self_issued: boolean;
  /** SHA-256 of the DER certificate, colon-separated hex. */
  sha256_fingerprint: string;
}

/** A private key, as inspect describes it (never its contents). */
export interface KeySummary {
  format: "pkcs8" | "encrypted-pkcs8" | "pkcs1" | "sec1";
  encrypted: boolean;
  /** `ECDSA P-256`, `RSA 2048`, … when readable. */
  algorithm: string | null;
}

/** One PEM text or Secret key that inspect read. */
export interface InspectedItem {
  /** `PEM`, or `Secret NAME, tls.crt`. */
  source: string;
  certificates: CertificateInfo[];
  private_key: KeySummary | null;
  /** Why this item could not be read, when it could not. */
  error: string | null;
}

/** One thing a check found, naming the Service, the certificate, what is wrong and what to do. */
export interface Finding {
  severity: Severity;
  /** A stable rule name: `san-missing`, `expired`, `key-mismatch`, … */
  code: string;
  service: ServiceKey | null;
  /** The subject of the certificate concerned; empty when none is. */
  certificate: string;
  /** Where: a file, a Secret and key, or a values path. */
  path: string;
  message: string;
  hint: string;
  /** The names concerned (the missing DNS names, …), when there are any. */
  names?: string[];
}

/** What checkCertificate returns. */
export interface CheckReport {
  /** No finding is an error. */
  valid: boolean;
  service: ServiceKey | null;
  /** RFC 3339. */
  checked_at: string;
  dns_names: string[];
  client_auth: boolean;
  /** The subject of the CA the chain reaches, when it does. */
  trusted_by: string | null;
  /** The chain was given in another order than leaf first. */
  chain_reordered: boolean;
  /** Errors first. */
  findings: Finding[];
  /** Leaf first. */
  chain: CertificateInfo[];
  /** The chain as PEM, leaf first: the normalised `tls.crt`. */
  chain_pem: string;
}

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
