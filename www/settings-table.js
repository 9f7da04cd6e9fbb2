// Generated from the one table of settings (src/values/options.rs).
// Do not edit: change the table, then run
// UPDATE_TYPES=1 cargo test --lib options
//
// Each setting an attribute or a link may preset: its name (the page's
// field, the attribute, the fragment's key), its path in the settings
// document, its kind (text, flag, days, choice, names) and its help.

export const SETTINGS = [
  { name: "release-name", path: "release.name", kind: "text",
    help: "The Helm release name [default: lightrun]" },
  { name: "namespace", path: "release.namespace", kind: "text",
    help: "The release's namespace, where the Secrets go [default: lightrun]" },
  { name: "name-override", path: "release.name_override", kind: "text",
    help: "The chart's general.nameOverride, if your values set one" },
  { name: "cluster-domain", path: "release.cluster_domain", kind: "text",
    help: "The cluster's DNS domain [default: cluster.local]" },
  { name: "enabled", path: "internal_tls.enabled", kind: "flag",
    help: "Internal TLS is on (general.internal_tls.enabled)" },
  { name: "source", path: "internal_tls.certificates.source", kind: "choice", choices: ["create","chart","bring-your-own","cert-manager"],
    help: "How certificates are made: here (create), by the chart (chart), yours (bring-your-own), or by cert-manager in the cluster (cert-manager)" },
  { name: "ca", path: "certificates.ca", kind: "choice", choices: ["new","provided"],
    help: "A new CA, or yours (its certificate and key are pasted, never preset)" },
  { name: "ca-common-name", path: "certificates.ca_common_name", kind: "text",
    help: "The common name of a new CA" },
  { name: "key", path: "certificates.key", kind: "choice", choices: ["ecdsa-p256","ecdsa-p384","rsa-2048","rsa-3072","rsa-4096","ed25519"],
    help: "Key algorithm for every new key [default: ecdsa-p256]" },
  { name: "days", path: "certificates.days", kind: "days",
    help: "Validity of each service certificate in days [default: 3650]" },
  { name: "ca-days", path: "certificates.ca_days", kind: "days",
    help: "Validity of a new CA in days [default: 3650]" },
  { name: "shared-certificate", path: "certificates.shared_certificate", kind: "flag",
    help: "Make one certificate covering every Service, used by every Secret" },
  { name: "verification", path: "internal_tls.certificates.verification", kind: "flag",
    help: "Clients verify the certificates they are served (general.internal_tls.certificates.verification)" },
  { name: "ca-secret-name", path: "internal_tls.certificates.existing_ca_secret_name", kind: "text",
    help: "The Secret holding the CA certificate the services trust (existing_ca_secret_name)" },
  { name: "keycloak-cluster", path: "release.keycloak_cluster_mode", kind: "flag",
    help: "Keycloak runs in cluster mode (deployments.keycloak.clusterMode, on in the chart's defaults): the keycloak_cluster certificate is made" },
  { name: "redis-external", path: "release.redis_external", kind: "flag",
    help: "Redis runs outside the cluster (deployments.redis.external.enabled): no Redis certificate" },
  { name: "rabbitmq-in-cluster", path: "release.rabbitmq_in_cluster", kind: "flag",
    help: "RabbitMQ runs in the cluster (general.mq.enabled and general.mq.local, the chart's defaults): its certificate is made" },
  { name: "data-streamer", path: "release.data_streamer_enabled", kind: "flag",
    help: "The data streamer is enabled (general.data_streamer.enabled; off in the chart's defaults): adds its certificate" },
  { name: "extra-sans", path: "release.extra_sans", kind: "names",
    help: "Add a DNS name or IP address to every certificate (repeatable)" },
  { name: "lightrun-endpoint", path: "release.lightrun_endpoint", kind: "text",
    help: "The public host name (general.lightrun_endpoint) the main certificate carries [default: lightrun.example.com, or your values']" },
  { name: "main-certificate", path: "main_certificate.choice", kind: "choice", choices: ["issue","bring-your-own","verification-off"],
    help: "The chart's main certificate, which the router checks for <fullname>-backend when verification is on: issue (from the CA that signs the rest; browsers, plugins and agents must trust it), bring-your-own (--main-cert/--main-key) or verification-off [default: the one in --values-in, else issue]" },
];
