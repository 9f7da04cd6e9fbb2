// Generated from the Rust core's types by src/api/typescript.rs (ts-rs).
// Do not edit: change the Rust type, then run
// UPDATE_TYPES=1 cargo test --lib typescript


/**
 * The key algorithms the wizard makes keys with.
 */
export type KeyAlgorithm = "ecdsa-p256" | "ecdsa-p384" | "rsa-2048" | "rsa-3072" | "rsa-4096" | "ed25519";

/**
 * One entry of `general.internal_tls.certificates.existing_certificates`: a
 * component of the chart that serves TLS inside the cluster.
 */
export type ServiceKey = "frontend" | "keycloak" | "keycloak_cluster" | "redis" | "rabbitmq" | "data_streamer" | "artifacts";

/**
 * `secrets.customCa` of the user's values (certificates only, never keys).
 */
export type CustomCaValues = {
  /**
   * `existingCaSecret`: a Secret in the release's namespace.
   */
  existing_ca_secret: string,
  /**
   * `customCaCertificate`: base64 of PEM certificates.
   */
  custom_ca_certificate: string,
};

/**
 * The release context as typed by the user; checked when a plan is made.
 */
export type ReleaseSettings = {
  /**
   * The Helm release name.
   */
  name: string,
  /**
   * The release's namespace.
   */
  namespace: string,
  /**
   * `general.nameOverride`; empty when not set.
   */
  name_override: string,
  /**
   * The cluster's DNS domain.
   */
  cluster_domain: string,
  /**
   * `deployments.keycloak.clusterMode`.
   */
  keycloak_cluster_mode: boolean,
  /**
   * `deployments.redis.external.enabled`: Redis runs outside the cluster.
   */
  redis_external: boolean,
  /**
   * RabbitMQ runs in the cluster (`general.mq.enabled` and `general.mq.local`).
   */
  rabbitmq_in_cluster: boolean,
  /**
   * `general.data_streamer.enabled`.
   */
  data_streamer_enabled: boolean,
  /**
   * DNS names or IP addresses added to every certificate.
   */
  extra_sans: Array<string>,
  /**
   * `general.lightrun_endpoint`: the public host name users, IDE plugins
   * and agents reach the server by; the main certificate carries it.
   */
  lightrun_endpoint: string,
  /**
   * `secrets.customCa` as the user's own values set it: what Keycloak
   * trusts besides the wizard's CA. Read from `--values-in`; empty when not set.
   */
  custom_ca: CustomCaValues,
};

/**
 * The three honest ways to handle the chart's main certificate
 * (`certificate.existing_cert` / `certificate.tls.crt`) when the router
 * verifies the backend against `ca.crt` for the name `<fullname>-backend`.
 */
export type MainCertificateChoice = "issue" | "bring-your-own" | "verification-off";

/**
 * The main certificate as the user's values give it.
 */
export type MainCertificateInValues = {
  /**
   * `certificate.existing_cert`: a Secret the wizard cannot see.
   */
  existing_cert: string,
  /**
   * `certificate.tls.crt`, decoded: the certificate chain (PEM), never the key.
   */
  certificate_pem: string,
};

/**
 * The main certificate step.
 */
export type MainCertificateSettings = {
  /**
   * The choice; none means the user has not said, and the wizard decides
   * (and says so): the certificate in the user's values when there is
   * one, else a new one issued here.
   */
  choice: MainCertificateChoice | null,
  /**
   * The Secret the main certificate goes into (`certificate.existing_cert`);
   * empty means `<fullname>-main-tls`.
   */
  secret_name: string,
  /**
   * What the user's values already say about it (read from `--values-in`).
   */
  in_values: MainCertificateInValues,
};

/**
 * `general.internal_tls.certificates.source`.
 */
export type InternalTlsSource = "existing_certificates" | "generate_self_signed_certificates";

/**
 * `general.internal_tls.certificates.existing_certificates`: one Secret name a component.
 */
export type ExistingCertificates = {
  /**
   * Secret for `<fullname>-frontend`.
   */
  frontend: string,
  /**
   * Secret for `<fullname>-keycloak`.
   */
  keycloak: string,
  /**
   * Secret for `<fullname>-keycloak-headless` (cluster mode only; needs `ca.crt` too).
   */
  keycloak_cluster: string,
  /**
   * Secret for `<fullname>-redis`.
   */
  redis: string,
  /**
   * Secret for `<fullname>-mq`.
   */
  rabbitmq: string,
  /**
   * Secret for `<fullname>-data-streamer`.
   */
  data_streamer: string,
  /**
   * Secret for `<fullname>-artifacts`.
   */
  artifacts: string,
};

/**
 * `general.internal_tls.certificates`.
 */
export type InternalTlsCertificates = {
  /**
   * Whether services verify their peers' certificates.
   */
  verification: boolean,
  /**
   * A Secret in the release's namespace whose `ca.crt` holds the CA(s) to trust.
   */
  existing_ca_secret_name: string,
  /**
   * Who makes the certificates.
   */
  source: InternalTlsSource,
  /**
   * The Secret each component mounts, when `source` is `existing_certificates`.
   */
  existing_certificates: ExistingCertificates,
};

/**
 * `general.internal_tls`.
 */
export type InternalTlsValues = {
  /**
   * Turns TLS on for in-cluster traffic.
   */
  enabled: boolean,
  /**
   * Where the certificates come from and how peers check them.
   */
  certificates: InternalTlsCertificates,
};

/**
 * Where certificates come from when the chart is told `existing_certificates`.
 */
export type Provider = "create" | "bring-your-own" | "cert-manager";

/**
 * Which CA signs the certificates this wizard makes.
 */
export type CaChoice = "new" | "provided";

/**
 * Which Issuer signs the Certificates in cert-manager mode.
 */
export type CertManagerIssuer = "self-signed" | "ca-secret";

/**
 * cert-manager mode's own settings (used only when the provider is `cert-manager`).
 */
export type CertManagerSettings = {
  /**
   * The Issuer chain to write.
   */
  issuer: CertManagerIssuer,
  /**
   * The Secret holding the user's CA (`tls.crt`, `tls.key`) when the issuer
   * is `ca-secret`; ignored otherwise.
   */
  ca_secret_name: string,
  /**
   * `renewBefore` in days; none means a third of the validity, at most 30 days.
   */
  renew_before_days: number | null,
};

/**
 * How certificates are made.
 */
export type IssuanceSettings = {
  /**
   * Make them here, or bring your own.
   */
  provider: Provider,
  /**
   * A new CA, or the user's own.
   */
  ca: CaChoice,
  /**
   * The new CA's common name; empty means `<release>-internal-tls-ca`.
   */
  ca_common_name: string,
  /**
   * The key algorithm of every key made here.
   */
  key: KeyAlgorithm,
  /**
   * How long each service certificate is valid, in days.
   */
  days: number,
  /**
   * How long a new CA is valid, in days.
   */
  ca_days: number,
  /**
   * One certificate covering every Service, used by every Secret.
   */
  shared_certificate: boolean,
  /**
   * More CA certificates (PEM, one or several per entry) to put into `ca.crt`
   * after the wizard's CA: with verification on, the router also checks the
   * backend against that file, so the issuer of the chart's main certificate
   * belongs here. Certificates only: the settings never hold keys.
   */
  additional_trusted_cas?: Array<string>,
  /**
   * cert-manager mode: the Issuer chain and renewal.
   */
  cert_manager: CertManagerSettings,
};

/**
 * The whole settings document.
 */
export type Settings = {
  /**
   * Always 1 for now.
   */
  version: number,
  /**
   * The release the certificates are for.
   */
  release: ReleaseSettings,
  /**
   * The chart's `general.internal_tls` values. An empty Secret name means
   * "use the default derived from the Service name".
   */
  internal_tls: InternalTlsValues,
  /**
   * How this wizard makes the certificates when the source is `existing_certificates`.
   */
  certificates: IssuanceSettings,
  /**
   * The chart's main certificate, which the router checks the backend
   * against when verification is on.
   */
  main_certificate: MainCertificateSettings,
};

/**
 * How serious a finding is.
 */
export type Severity = "error" | "warning" | "info";

/**
 * One finding.
 */
export type Diagnostic = {
  /**
   * How serious it is.
   */
  severity: Severity,
  /**
   * A stable identifier of the rule (`san-missing`, `expired`, …), for scripts and tests.
   */
  code: string,
  /**
   * The service it concerns, when known.
   */
  service: ServiceKey | null,
  /**
   * The subject of the certificate concerned, empty when none is.
   */
  certificate: string,
  /**
   * Where: a values path (`general.internal_tls…`), a settings path
   * (`release.namespace`), a file, or a Secret and key
   * (`Secret acme-redis-tls, tls.crt`).
   */
  path: string,
  /**
   * What is wrong.
   */
  message: string,
  /**
   * What to do about it.
   */
  hint: string,
  /**
   * The names concerned (missing DNS names, …), for a page to list.
   */
  names?: Array<string>,
};

/**
 * A finding about a certificate, key or Secret: the same type as a diagnostic.
 */
export type Finding = Diagnostic;

/**
 * What the page shows about each component as the user types.
 */
export type ServiceView = {
  /**
   * The values key.
   */
  key: ServiceKey,
  /**
   * A name for people.
   */
  label: string,
  /**
   * Whether the release deploys it.
   */
  deployed: boolean,
  /**
   * The Kubernetes Service name, when it can be derived.
   */
  service_name: string | null,
  /**
   * The DNS names its certificate must cover.
   */
  dns_names: Array<string>,
  /**
   * The Secret it will mount (the default when the user left it empty).
   */
  secret_name: string,
  /**
   * The default Secret name, shown as a placeholder.
   */
  default_secret_name: string,
};

/**
 * One value the wizard writes that differs from the chart's default.
 */
export type ValueChange = {
  /**
   * The values path, e.g. `general.internal_tls.certificates.verification`.
   */
  path: string,
  /**
   * The chart's default, as values.yaml spells it.
   */
  from: string,
  /**
   * What the wizard writes.
   */
  to: string,
};

/**
 * The main certificate as the plan has it, for the page.
 */
export type MainSummary = {
  /**
   * `issue`, `bring-your-own`, `from-values`, or `unchecked`.
   */
  source: string,
  /**
   * The Secret `certificate.existing_cert` names, when the bundle holds it.
   */
  secret: string | null,
  /**
   * The names it carries or must carry.
   */
  names: Array<string>,
  /**
   * The name the router checks it for.
   */
  backend_name: string | null,
};

/**
 * What the page shows as the user types (the answer of `validate`).
 */
export type Validation = {
  /**
   * Whether Generate may run (no errors).
   */
  ok: boolean,
  /**
   * The settings could not be read at all.
   */
  parse_error: string | null,
  /**
   * Every finding about the settings, errors first.
   */
  diagnostics: Array<Diagnostic>,
  /**
   * Each component: deployed or not, its Service, DNS names and Secret.
   */
  services: Array<ServiceView>,
  /**
   * values.yaml as it would be written, when there is no error.
   */
  values_yaml: string | null,
  /**
   * The values it sets that differ from the chart's defaults.
   */
  value_changes: Array<ValueChange>,
  /**
   * The main certificate step's outcome, when there is a plan.
   */
  main_certificate: MainSummary | null,
  /**
   * What Keycloak is made to trust, in a sentence, when there is a plan.
   */
  keycloak_trust: string | null,
};

/**
 * Whether a pasted CA can sign (the answer of `checkCa`).
 */
export type CaCheck = {
  /**
   * It can sign: a CA, its key matches, valid now.
   */
  ok: boolean,
  /**
   * Which input the problem is in: `ca_cert` or `ca_key`.
   */
  field: string | null,
  /**
   * What is wrong, when something is.
   */
  error: string | null,
  /**
   * The CA's subject (RFC 4514), when it can sign.
   */
  subject: string | null,
  /**
   * The CA's expiry date (YYYY-MM-DD), when it can sign.
   */
  not_after: string | null,
  /**
   * Unused; kept for callers that read it.
   */
  key: string | null,
};

/**
 * One file of the bundle.
 */
export type OutputFile = {
  /**
   * The file name (`values.yaml`, …).
   */
  name: string,
  /**
   * Its text.
   */
  contents: string,
  /**
   * Whether it holds private key material (secrets.yaml, ca.key).
   */
  sensitive: boolean,
};

/**
 * A certificate's public key.
 */
export type PublicKeyInfo = {
  /**
   * `RSA`, `ECDSA`, `Ed25519`, … or the algorithm's OID.
   */
  algorithm: string,
  /**
   * The key size in bits (the modulus for RSA, the curve's size for ECDSA).
   */
  bits: number | null,
  /**
   * The named curve (`P-256`), for ECDSA.
   */
  curve: string | null,
  /**
   * For people: `RSA 2048`, `ECDSA P-256`, `Ed25519`.
   */
  description: string,
};

/**
 * Everything the wizard shows about one certificate.
 */
export type CertificateInfo = {
  /**
   * The subject, RFC 4514.
   */
  subject: string,
  /**
   * The issuer, RFC 4514.
   */
  issuer: string,
  /**
   * The serial number, colon-separated hex.
   */
  serial: string,
  /**
   * Start of validity, RFC 3339.
   */
  not_before: string,
  /**
   * End of validity, RFC 3339.
   */
  not_after: string,
  /**
   * DNS names of the subjectAltName extension.
   */
  dns_names: Array<string>,
  /**
   * IP addresses of the subjectAltName extension.
   */
  ip_addresses: Array<string>,
  /**
   * Other subjectAltName entries (`email:…`, `URI:…`, …).
   */
  other_names: Array<string>,
  /**
   * The public key.
   */
  public_key: PublicKeyInfo,
  /**
   * The signature algorithm (`sha256WithRSAEncryption`, `ecdsa-with-SHA256`, …).
   */
  signature_algorithm: string,
  /**
   * keyUsage bits (`digitalSignature`, `keyCertSign`, …); empty when the extension is absent.
   */
  key_usage: Array<string>,
  /**
   * extendedKeyUsage purposes (`serverAuth`, `clientAuth`, …); empty when absent.
   */
  extended_key_usage: Array<string>,
  /**
   * basicConstraints cA.
   */
  is_ca: boolean,
  /**
   * basicConstraints pathLenConstraint.
   */
  path_length: number | null,
  /**
   * Subject and issuer are the same name (a root, normally).
   */
  self_issued: boolean,
  /**
   * SHA-256 of the DER certificate, colon-separated hex.
   */
  sha256_fingerprint: string,
};

/**
 * How a key was written.
 */
export type KeyFormat = "pkcs8" | "encrypted-pkcs8" | "pkcs1" | "sec1";

/**
 * A private key as the page and `inspect` describe it.
 */
export type KeySummary = {
  /**
   * How it was written.
   */
  format: KeyFormat,
  /**
   * Whether it is encrypted (its algorithm is then unknown until decrypted).
   */
  encrypted: boolean,
  /**
   * `ECDSA P-256`, `RSA 2048`, … when readable.
   */
  algorithm: string | null,
};

/**
 * One thing found in an input: a PEM text, or one key of a Secret.
 */
export type InspectedItem = {
  /**
   * Where it came from: `PEM`, or `Secret NAME, tls.crt`.
   */
  source: string,
  /**
   * The certificates, in the order given.
   */
  certificates: Array<CertificateInfo>,
  /**
   * The private key, when the item holds one.
   */
  private_key: KeySummary | null,
  /**
   * Why this item could not be read, when it could not.
   */
  error: string | null,
};

/**
 * The outcome of a check.
 */
export type CheckReport = {
  /**
   * No finding is an error.
   */
  valid: boolean,
  /**
   * The service checked for, when known.
   */
  service: ServiceKey | null,
  /**
   * The time validity was checked at, RFC 3339.
   */
  checked_at: string,
  /**
   * The names checked.
   */
  dns_names: Array<string>,
  /**
   * Whether clientAuth was required.
   */
  client_auth: boolean,
  /**
   * The subject of the CA the chain reaches, when it does.
   */
  trusted_by: string | null,
  /**
   * Whether the chain was given in another order than leaf first.
   */
  chain_reordered: boolean,
  /**
   * Every finding, errors first.
   */
  findings: Array<Diagnostic>,
  /**
   * The chain, leaf first, described.
   */
  chain: Array<CertificateInfo>,
  /**
   * The chain as PEM, leaf first: the normalised `tls.crt`.
   */
  chain_pem: string,
};

/**
 * Why a call made nothing: what the core throws (as an object) for an
 * input it refuses. A bug is never one of these: it is a JavaScript error.
 */
export type Failure = {
  /**
   * What is wrong and what to do.
   */
  error: string,
  /**
   * The input it is in (`ca_cert`, `ca_key`, `certificate`, `key`, `ca`,
   * `main_certificate`, `values`, `secrets`, `archive`), when it is one.
   */
  field: string | null,
  /**
   * The line of that input, when it is a values file.
   */
  line: number | null,
  /**
   * The settings' findings, when it was the settings.
   */
  diagnostics: Array<Diagnostic>,
  /**
   * The certificates' findings (each naming its service), when it was them.
   */
  findings: Array<Diagnostic>,
};

/**
 * The settings read from a values file that decide names and components;
 * `None` where the file does not set them.
 */
export type ValuesContext = {
  /**
   * `general.nameOverride`, when set and not empty.
   */
  name_override: string | null,
  /**
   * `deployments.keycloak.clusterMode`.
   */
  keycloak_cluster_mode: boolean | null,
  /**
   * `deployments.redis.external.enabled`.
   */
  redis_external: boolean | null,
  /**
   * `general.mq.enabled`.
   */
  mq_enabled: boolean | null,
  /**
   * `general.mq.local`.
   */
  mq_local: boolean | null,
  /**
   * `general.data_streamer.enabled`.
   */
  data_streamer_enabled: boolean | null,
  /**
   * `general.lightrun_endpoint`, when set and not empty.
   */
  lightrun_endpoint: string | null,
  /**
   * `secrets.customCa.existingCaSecret`, when set and not empty.
   */
  custom_ca_secret: string | null,
  /**
   * `secrets.customCa.customCaCertificate` (base64 of PEM), when set.
   */
  custom_ca_certificate: string | null,
  /**
   * `certificate.existing_cert`, when set and not empty.
   */
  main_existing_cert: string | null,
  /**
   * `certificate.tls.crt`, decoded from base64, when set.
   */
  main_certificate_pem: string | null,
};

/**
 * Where the new `internal_tls` went.
 */
export type MergeAction = "replaced" | "inserted" | "appended";

/**
 * A merged values file.
 */
export type Merged = {
  /**
   * The user's file with only `general.internal_tls` changed.
   */
  merged_text: string,
  /**
   * The release settings read from it.
   */
  read_context: ValuesContext,
  /**
   * What changed, as unified diff lines (no line ends).
   */
  diff: Array<string>,
  /**
   * Where the new block went.
   */
  action: MergeAction,
};

/**
 * A certificate and key the user brings for one component (and every other
 * component that shares its Secret).
 */
export type BroughtCertificate = {
  /**
   * The component it is for.
   */
  service: ServiceKey | null,
  /**
   * The certificate, then any intermediates (PEM, any order).
   */
  certificate: string,
  /**
   * The private key (PEM: PKCS#8, encrypted PKCS#8, PKCS#1 or SEC1).
   */
  key: string,
  /**
   * The key's passphrase, when it is encrypted.
   */
  passphrase: string,
};

/**
 * Everything the user brings: one certificate per Secret and the CA bundle
 * the services will trust.
 */
export type BroughtCertificates = {
  /**
   * One per Secret (found by any of the Secret's components).
   */
  certificates: Array<BroughtCertificate>,
  /**
   * The CA certificate(s) for `ca.crt` (PEM; several allowed).
   */
  ca_bundle: string,
  /**
   * The chart's main certificate, when it is brought too.
   */
  main_certificate: BroughtCertificate | null,
};

/**
 * Where a bundle's certificates come from.
 */
export type GenerateSource = { "kind": "issue",
  /**
   * The user's CA certificate (PEM).
   */
  ca_cert?: string | null,
  /**
   * The user's CA key (PEM).
   */
  ca_key?: string | null,
  /**
   * Keys made by the caller (the page makes RSA keys with WebCrypto):
   * unencrypted PKCS#8, PEM or base64 DER, in issuance order, as many
   * as `keysWanted` says. Absent: the core makes them.
   */
  keys?: Array<string> | null,
  /**
   * The chart's main certificate, when the user brings it.
   */
  main_certificate?: BroughtCertificate | null,
} | { "kind": "bring-your-own" } & BroughtCertificates;

/**
 * What `generate` takes: the settings, where the certificates come from,
 * and the user's values file to merge into.
 */
export type GenerateRequest = {
  /**
   * The settings document (as `validate` takes it).
   */
  settings: Settings | string,
  /**
   * Where the certificates come from.
   */
  source: GenerateSource,
  /**
   * The user's whole values file: values.yaml then becomes it with only
   * the wizard's values changed.
   */
  values?: string | null,
  /**
   * The issuing time, in milliseconds since the epoch (`Date.now()`); default now.
   */
  now?: number | null,
};

/**
 * What `generate` answers.
 */
export type GenerateAnswer = {
  /**
   * The bundle's files, in the order the page lists them.
   */
  files: Array<OutputFile>,
  /**
   * Warnings and notes about the settings (errors refuse instead).
   */
  diagnostics: Array<Diagnostic>,
  /**
   * Warnings and notes about the certificates brought.
   */
  findings: Array<Diagnostic>,
  /**
   * The main certificate's SHA-256 SPKI pin, when the bundle holds it.
   */
  main_pin: string | null,
  /**
   * The merge into the user's values file, when one was given.
   */
  merge: Merged | null,
};

/**
 * The keys `generate` takes from the caller for some settings.
 */
export type KeysWanted = {
  /**
   * The algorithm; null when no keys are made.
   */
  algorithm: KeyAlgorithm | null,
  /**
   * The RSA modulus size in bits, for RSA algorithms.
   */
  rsa_bits: number | null,
  /**
   * How many keys; 0 when the settings hold errors or make none (then
   * `generate` says why).
   */
  count: number,
};

/**
 * What `checkCertificate` takes: a certificate (and key) for a Service.
 */
export type CheckRequest = {
  /**
   * The certificate, then any intermediates (PEM).
   */
  certificate: string,
  /**
   * The private key (PEM), checked to match; empty: not checked.
   */
  key: string,
  /**
   * The key's passphrase, when it is encrypted.
   */
  passphrase: string,
  /**
   * The CA certificate(s) the Service will trust (PEM); empty: no chain check.
   */
  ca: string,
  /**
   * The names the certificate must cover.
   */
  dns_names: Array<string>,
  /**
   * Whether clientAuth is required too (Keycloak's cluster mode).
   */
  client_auth: boolean,
  /**
   * The Service it is for, named in the findings.
   */
  service?: ServiceKey | null,
  /**
   * The time validity is checked at; default now.
   */
  now?: number | null,
};

/**
 * A file given by name and text.
 */
export type NamedText = {
  /**
   * Its name, for findings (`values.yaml`, `secrets.yaml`, …).
   */
  name: string,
  /**
   * Its text.
   */
  text: string,
};

/**
 * What `audit` and `expiryCalendar` take: the release and its files.
 */
export type AuditRequest = {
  /**
   * The Helm release name; empty: `lightrun`.
   */
  release_name: string,
  /**
   * The namespace; empty: `lightrun`.
   */
  namespace: string,
  /**
   * `general.nameOverride`; absent or empty: what the values say.
   */
  name_override?: string | null,
  /**
   * The cluster's DNS domain; empty: `cluster.local`.
   */
  cluster_domain: string,
  /**
   * Keycloak's cluster mode; absent: what the values say, else the
   * chart's default (on).
   */
  keycloak_cluster?: boolean | null,
  /**
   * A values.yaml and Secret manifests (or `kubectl get secret -o yaml`).
   */
  files: Array<NamedText>,
  /**
   * The time validity is checked at; default now.
   */
  now?: number | null,
};

/**
 * How one service fares.
 */
export type ServiceStatus = "ok" | "warning" | "error" | "not-deployed";

/**
 * How close a certificate is to its end.
 */
export type ExpiryBand = "ok" | "warning" | "expired";

/**
 * The audit of one service.
 */
export type ServiceAudit = {
  /**
   * The values key.
   */
  key: ServiceKey,
  /**
   * A name for people.
   */
  label: string,
  /**
   * The verdict.
   */
  status: ServiceStatus,
  /**
   * The Kubernetes Service name, when it can be derived.
   */
  service_name: string | null,
  /**
   * The Secret the values name for it (empty when none).
   */
  secret_name: string,
  /**
   * The names its certificate must cover.
   */
  dns_names: Array<string>,
  /**
   * The subject of the CA its chain reaches, when it does.
   */
  trusted_by: string | null,
  /**
   * The leaf certificate, described.
   */
  certificate: CertificateInfo | null,
  /**
   * Whole days until the leaf expires (negative once expired), when there is one.
   */
  days_left: bigint | null,
  /**
   * How close the leaf is to its end, when there is one.
   */
  expiry: ExpiryBand | null,
  /**
   * What was found, errors first.
   */
  findings: Array<Diagnostic>,
};

/**
 * One CA certificate of the CA Secret, with its expiry.
 */
export type CaExpiry = {
  /**
   * The Secret whose `ca.crt` holds it.
   */
  secret: string,
  /**
   * Its subject.
   */
  subject: string,
  /**
   * End of validity, RFC 3339.
   */
  not_after: string,
  /**
   * Whole days left (negative once expired).
   */
  days_left: bigint,
  /**
   * The band.
   */
  band: ExpiryBand,
  /**
   * SHA-256 fingerprint, colon-separated hex.
   */
  sha256_fingerprint: string,
};

/**
 * The whole audit.
 */
export type AuditReport = {
  /**
   * No finding anywhere is an error.
   */
  ok: boolean,
  /**
   * The chart's fullname.
   */
  fullname: string,
  /**
   * The namespace.
   */
  namespace: string,
  /**
   * The time validity was checked at, RFC 3339.
   */
  checked_at: string,
  /**
   * Findings about the values and the CA Secret.
   */
  findings: Array<Diagnostic>,
  /**
   * One entry a service, in values order.
   */
  services: Array<ServiceAudit>,
  /**
   * Each CA certificate of the CA Secret, with its expiry.
   */
  cas: Array<CaExpiry>,
};

/**
 * What `renew` takes: the CA, the current Secrets, and what to change.
 */
export type RenewRequest = {
  /**
   * The CA certificate (PEM, the signing CA first).
   */
  ca_cert: string,
  /**
   * The CA's private key (PEM).
   */
  ca_key: string,
  /**
   * The current `secrets.yaml` (or `kubectl get secret -o yaml` output).
   */
  secrets: string,
  /**
   * The bundle's values.yaml, copied unchanged when given.
   */
  values?: string | null,
  /**
   * The new validity in days; absent keeps each certificate's old length.
   */
  days?: number | null,
  /**
   * The new keys' algorithm; absent keeps each Secret's own.
   */
  key?: KeyAlgorithm | null,
  /**
   * The namespace of Secrets whose manifest names none.
   */
  namespace?: string | null,
  /**
   * The release name, for the restart command.
   */
  release_name?: string | null,
  /**
   * The issuing time; default now.
   */
  now?: number | null,
};

/**
 * One renewed Secret: the old and the new certificate side by side.
 */
export type RenewedSecret = {
  /**
   * The Secret's name (unchanged).
   */
  secret: string,
  /**
   * Its namespace (unchanged).
   */
  namespace: string,
  /**
   * The chart components recognised in its names.
   */
  services: Array<ServiceKey>,
  /**
   * The Deployments that mount it.
   */
  workloads: Array<string>,
  /**
   * The common name (unchanged).
   */
  common_name: string,
  /**
   * The DNS names and IP addresses, as the new certificate carries them:
   * the old ones, DNS names in lowercase without a final dot, once each.
   */
  sans: Array<string>,
  /**
   * Whether the new certificate carries exactly those names (always, by construction; checked).
   */
  sans_unchanged: boolean,
  /**
   * The new key's algorithm.
   */
  key: KeyAlgorithm,
  /**
   * The old certificate's serial, colon-separated hex.
   */
  old_serial: string,
  /**
   * The new certificate's serial.
   */
  new_serial: string,
  /**
   * The old end of validity, RFC 3339.
   */
  old_not_after: string,
  /**
   * The new end of validity, RFC 3339.
   */
  new_not_after: string,
  /**
   * Whether the Secret also carries `ca.crt`.
   */
  carries_ca: boolean,
};

/**
 * What a renewal did.
 */
export type RenewReport = {
  /**
   * The signing CA's subject.
   */
  ca_subject: string,
  /**
   * When the CA expires, RFC 3339: no renewed certificate outlives it.
   */
  ca_not_after: string,
  /**
   * One entry per renewed Secret, in input order.
   */
  renewed: Array<RenewedSecret>,
  /**
   * Secrets copied unchanged (no `tls.crt`: the CA Secret).
   */
  kept: Array<string>,
  /**
   * The commands that restart the workloads so they read the new certificates.
   */
  restart_commands: Array<string>,
  /**
   * Things the operator should know (a renewal capped at the CA's end, …).
   */
  notes: Array<string>,
};

/**
 * What `renew` answers.
 */
export type RenewAnswer = {
  /**
   * `secrets.yaml`, `ca.crt`, `values.yaml` (when given), `RENEW.md`.
   */
  files: Array<OutputFile>,
  /**
   * What was renewed, kept and what to run.
   */
  report: RenewReport,
};

/**
 * What `readValuesContext` answers.
 */
export type ValuesRead = {
  /**
   * The settings with what the file decides applied.
   */
  settings: Settings,
  /**
   * What the file sets (null where it is silent).
   */
  context: ValuesContext,
  /**
   * One line per setting read from it, for the page to say.
   */
  read: Array<string>,
};

/**
 * What `readBundleArchive` answers: the three files renewing needs.
 */
export type BundleArchive = {
  /**
   * `ca.crt`.
   */
  ca_cert: string,
  /**
   * `ca.key`.
   */
  ca_key: string,
  /**
   * `secrets.yaml`.
   */
  secrets: string,
};
