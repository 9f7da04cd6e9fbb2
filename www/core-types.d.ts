// Generated from the Rust core's types by src/output/typescript.rs (ts-rs).
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
custom_ca_certificate: string, };

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
custom_ca: CustomCaValues, };

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
certificate_pem: string, };

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
in_values: MainCertificateInValues, };

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
artifacts: string, };

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
existing_certificates: ExistingCertificates, };

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
certificates: InternalTlsCertificates, };

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
renew_before_days: number | null, };

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
cert_manager: CertManagerSettings, };

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
main_certificate: MainCertificateSettings, };

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
names?: Array<string>, };

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
default_secret_name: string, };

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
to: string, };

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
backend_name: string | null, };

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
keycloak_trust: string | null, };

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
key: string | null, };

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
sensitive: boolean, };

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
description: string, };

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
sha256_fingerprint: string, };

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
algorithm: string | null, };

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
error: string | null, };

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
chain_pem: string, };
