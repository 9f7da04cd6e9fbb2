#![cfg(not(target_arch = "wasm32"))] // runs real processes and native TLS
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Real TLS 1.3 handshakes (rustls with the ring provider, in memory) between
//! a server presenting a generated Secret's `tls.crt`/`tls.key` and a client
//! that trusts nothing but the generated `ca.crt`: every name a peer may use
//! for the Service connects, any other name fails on the certificate's names,
//! and the Keycloak cluster certificate works for mutual TLS between pods.
//! The bundles come from the library API (`bundle::generate`), as the page's
//! wasm build makes them.

mod support;

use std::io::{Read, Write};
use std::sync::{Arc, LazyLock};

use internal_tls_wizard::bundle::generate;
use internal_tls_wizard::pki::{CaSource, KeyAlgorithm};
use internal_tls_wizard::values::Settings;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
use rustls::server::WebPkiClientVerifier;
use rustls::{
    CertificateError, ClientConfig, ClientConnection, Connection, Error, RootCertStore,
    ServerConfig, ServerConnection,
};
use support::{
    existing_certificates, instance_of, parse_secrets, required_dns_names, service_name, Secret,
    SERVICES,
};

const RELEASE: &str = "acme";
const NAMESPACE: &str = "prod-tls";
const DOMAIN: &str = "cluster.local";
const POD: &str = "acme-keycloak-0";

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A bundle made by the library: the Secrets and the CA file.
struct Bundle {
    secrets: Vec<Secret>,
    /// values key → Secret name.
    mounts: std::collections::BTreeMap<String, String>,
    ca_pem: String,
}

impl Bundle {
    fn make(key: KeyAlgorithm, release: &str) -> Self {
        let mut settings = Settings::default();
        settings.release.name = release.into();
        settings.release.namespace = NAMESPACE.into();
        settings.release.cluster_domain = DOMAIN.into();
        settings.release.keycloak_cluster_mode = true;
        settings.certificates.key = key;
        // Every component the chart can run.
        settings.release.data_streamer_enabled = true;
        let generated = generate(
            &settings,
            CaSource::New,
            None,
            time::OffsetDateTime::now_utc(),
            &mut |_, _| {},
        )
        .unwrap_or_else(|e| panic!("generating a {key} bundle failed: {e:?}"));
        let file = |name: &str| {
            generated
                .files
                .iter()
                .find(|f| f.name == name)
                .unwrap_or_else(|| panic!("no {name} in the bundle"))
                .contents
                .clone()
        };
        let values: serde_yaml::Value = serde_yaml::from_str(&file("values.yaml")).unwrap();
        Self {
            secrets: parse_secrets(&file("secrets.yaml")),
            mounts: existing_certificates(&values),
            ca_pem: file("ca.crt"),
        }
    }

    /// The Secret a component mounts.
    fn secret(&self, key: &str) -> &Secret {
        let name = &self.mounts[key];
        self.secrets
            .iter()
            .find(|s| &s.name == name)
            .unwrap_or_else(|| panic!("no Secret {name} for {key}"))
    }

    /// The Secret's certificate chain and key, as rustls takes them.
    fn identity(&self, key: &str) -> (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>) {
        let s = self.secret(key);
        let chain = der_blocks(&s.text("tls.crt").unwrap(), "CERTIFICATE")
            .into_iter()
            .map(CertificateDer::from)
            .collect();
        let key_der = der_blocks(&s.text("tls.key").unwrap(), "PRIVATE KEY")
            .into_iter()
            .next()
            .expect("tls.key holds a PKCS#8 PRIVATE KEY");
        (
            chain,
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key_der)),
        )
    }

    /// A trust store holding only this bundle's ca.crt.
    fn roots(&self) -> RootCertStore {
        let mut roots = RootCertStore::empty();
        for der in der_blocks(&self.ca_pem, "CERTIFICATE") {
            roots
                .add(CertificateDer::from(der))
                .expect("ca.crt is a usable trust anchor");
        }
        assert!(!roots.is_empty(), "ca.crt holds no certificate");
        roots
    }

    /// A server presenting a component's certificate, without client auth.
    fn server(&self, key: &str) -> Arc<ServerConfig> {
        let (chain, private) = self.identity(key);
        Arc::new(
            ServerConfig::builder_with_provider(provider())
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_no_client_auth()
                .with_single_cert(chain, private)
                .unwrap_or_else(|e| panic!("rustls refuses the {key} certificate and key: {e}")),
        )
    }

    /// A server presenting a component's certificate and requiring a client
    /// certificate issued by this bundle's CA (Keycloak's mutual TLS).
    fn mutual_tls_server(&self, key: &str) -> Arc<ServerConfig> {
        let (chain, private) = self.identity(key);
        let verifier =
            WebPkiClientVerifier::builder_with_provider(Arc::new(self.roots()), provider())
                .build()
                .unwrap();
        Arc::new(
            ServerConfig::builder_with_provider(provider())
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_client_cert_verifier(verifier)
                .with_single_cert(chain, private)
                .unwrap(),
        )
    }

    /// A client trusting only this bundle's CA.
    fn client(&self) -> Arc<ClientConfig> {
        Arc::new(
            ClientConfig::builder_with_provider(provider())
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_root_certificates(self.roots())
                .with_no_client_auth(),
        )
    }

    /// A client trusting only `trust`'s CA and presenting a component's certificate.
    fn client_presenting(&self, key: &str, trust: &Bundle) -> Arc<ClientConfig> {
        let (chain, private) = self.identity(key);
        Arc::new(
            ClientConfig::builder_with_provider(provider())
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_root_certificates(trust.roots())
                .with_client_auth_cert(chain, private)
                .unwrap(),
        )
    }
}

/// The DER contents of every PEM block with `label`.
fn der_blocks(text: &str, label: &str) -> Vec<Vec<u8>> {
    pem::parse_many(text)
        .expect("valid PEM")
        .into_iter()
        .filter(|p| p.tag() == label)
        .map(|p| p.contents().to_vec())
        .collect()
}

static P256: LazyLock<Bundle> = LazyLock::new(|| Bundle::make(KeyAlgorithm::EcdsaP256, RELEASE));
static P384: LazyLock<Bundle> = LazyLock::new(|| Bundle::make(KeyAlgorithm::EcdsaP384, RELEASE));
static RSA2048: LazyLock<Bundle> = LazyLock::new(|| Bundle::make(KeyAlgorithm::Rsa2048, RELEASE));
/// A bundle for another release: another CA, with another name.
static OTHER: LazyLock<Bundle> = LazyLock::new(|| Bundle::make(KeyAlgorithm::EcdsaP256, "other"));

// ---------------------------------------------------------------------------
// An in-memory handshake
// ---------------------------------------------------------------------------

/// Which side gave up, and why.
#[derive(Debug)]
enum Failed {
    Client(Error),
    Server(Error),
}

/// Moves every pending TLS record from `from` to `to` and lets `to` process them.
fn transfer(from: &mut Connection, to: &mut Connection) -> Result<(), Error> {
    let mut bytes = Vec::new();
    while from.wants_write() {
        from.write_tls(&mut bytes).expect("writing to memory");
    }
    let mut rest = &bytes[..];
    while !rest.is_empty() {
        to.read_tls(&mut rest).expect("reading from memory");
        to.process_new_packets()?;
    }
    to.process_new_packets()?;
    Ok(())
}

/// Runs a full handshake for `name`, then sends data both ways.
/// Returns the client certificate the server saw, if any.
fn handshake(
    server: Arc<ServerConfig>,
    client: Arc<ClientConfig>,
    name: &str,
) -> Result<Option<CertificateDer<'static>>, Failed> {
    let server_name = ServerName::try_from(name.to_string())
        .unwrap_or_else(|e| panic!("{name:?} is not a name a TLS client can ask for: {e}"));
    let mut c = Connection::Client(ClientConnection::new(client, server_name).unwrap());
    let mut s = Connection::Server(ServerConnection::new(server).unwrap());
    for _ in 0..16 {
        if !c.is_handshaking() && !s.is_handshaking() {
            break;
        }
        transfer(&mut c, &mut s).map_err(Failed::Server)?;
        transfer(&mut s, &mut c).map_err(Failed::Client)?;
    }
    // Flush what is left (a TLS 1.3 server verifies the client's certificate
    // only after the client already considers itself done).
    transfer(&mut c, &mut s).map_err(Failed::Server)?;
    transfer(&mut s, &mut c).map_err(Failed::Client)?;
    assert!(
        !c.is_handshaking() && !s.is_handshaking(),
        "the handshake for {name} did not finish"
    );

    c.writer().write_all(b"ping from the client").unwrap();
    transfer(&mut c, &mut s).map_err(Failed::Server)?;
    let mut got = [0u8; 64];
    let n = s
        .reader()
        .read(&mut got)
        .expect("the server reads the client's data");
    assert_eq!(&got[..n], b"ping from the client");
    s.writer().write_all(b"pong from the server").unwrap();
    transfer(&mut s, &mut c).map_err(Failed::Client)?;
    let n = c
        .reader()
        .read(&mut got)
        .expect("the client reads the server's data");
    assert_eq!(&got[..n], b"pong from the server");

    Ok(s.peer_certificates()
        .and_then(|certs| certs.first().cloned())
        .map(|c| c.into_owned()))
}

fn is_name_error(e: &Error) -> bool {
    matches!(
        e,
        Error::InvalidCertificate(
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. }
        )
    )
}

/// The components in the bundle (all of them: the defaults deploy every optional one).
fn keys() -> impl Iterator<Item = &'static str> {
    SERVICES.iter().map(|(k, _)| *k)
}

/// The host names a client may ask for to reach a component (wildcards as one pod).
fn names_of(key: &str) -> Vec<String> {
    required_dns_names(&service_name(RELEASE, key), NAMESPACE, DOMAIN, key)
        .iter()
        .map(|n| instance_of(n, POD))
        .collect()
}

/// Names that are not the component's: other Services, other namespaces, the world.
fn names_outside(key: &str) -> Vec<String> {
    let svc = service_name(RELEASE, key);
    let mut names = vec![
        "example.com".to_string(),
        format!("{RELEASE}-backend"),
        format!("{svc}.default"),
        format!("{svc}.default.svc.{DOMAIN}"),
        format!("{svc}.{NAMESPACE}.svc.other.example"),
        "10.9.9.9".to_string(),
    ];
    for other in keys().filter(|k| *k != key) {
        names.push(service_name(RELEASE, other));
        names.push(format!(
            "{}.{NAMESPACE}.svc.{DOMAIN}",
            service_name(RELEASE, other)
        ));
    }
    if key == "keycloak_cluster" {
        names.push(format!("a.{POD}.{svc}.{NAMESPACE}.svc"));
    } else {
        names.push(format!("{POD}.{svc}.{NAMESPACE}.svc"));
    }
    names
}

fn every_service_name_completes_a_handshake(bundle: &Bundle) {
    let client = bundle.client();
    let mut failures = vec![];
    for key in keys() {
        let server = bundle.server(key);
        for name in names_of(key) {
            if let Err(e) = handshake(server.clone(), client.clone(), &name) {
                failures.push(format!("{key} as {name}: {e:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "handshakes failed:\n  {}",
        failures.join("\n  ")
    );
}

fn names_outside_a_certificate_fail_on_its_names(bundle: &Bundle) {
    let client = bundle.client();
    let mut failures = vec![];
    for key in keys() {
        let server = bundle.server(key);
        for name in names_outside(key) {
            match handshake(server.clone(), client.clone(), &name) {
                Err(Failed::Client(e)) if is_name_error(&e) => {}
                other => failures.push(format!(
                    "{key} as {name}: expected a certificate name error, got {other:?}"
                )),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn keycloak_pods_authenticate_each_other(bundle: &Bundle) {
    let (own, _) = bundle.identity("keycloak_cluster");
    for name in names_of("keycloak_cluster") {
        let seen = handshake(
            bundle.mutual_tls_server("keycloak_cluster"),
            bundle.client_presenting("keycloak_cluster", bundle),
            &name,
        )
        .unwrap_or_else(|e| panic!("mutual TLS to {name} failed: {e:?}"));
        assert_eq!(
            seen.as_ref(),
            own.first(),
            "the server saw the keycloak_cluster certificate"
        );
    }
}

macro_rules! handshake_tests {
    ($bundle:ident, $positive:ident, $negative:ident, $mutual:ident) => {
        #[test]
        fn $positive() {
            every_service_name_completes_a_handshake(&$bundle);
        }

        #[test]
        fn $negative() {
            names_outside_a_certificate_fail_on_its_names(&$bundle);
        }

        #[test]
        fn $mutual() {
            keycloak_pods_authenticate_each_other(&$bundle);
        }
    };
}

handshake_tests!(
    P256,
    with_ecdsa_p256_keys_every_service_name_completes_a_handshake,
    with_ecdsa_p256_keys_names_outside_a_certificate_fail_with_a_name_error,
    with_ecdsa_p256_keys_keycloak_pods_authenticate_each_other_with_mutual_tls
);
handshake_tests!(
    P384,
    with_ecdsa_p384_keys_every_service_name_completes_a_handshake,
    with_ecdsa_p384_keys_names_outside_a_certificate_fail_with_a_name_error,
    with_ecdsa_p384_keys_keycloak_pods_authenticate_each_other_with_mutual_tls
);
handshake_tests!(
    RSA2048,
    with_rsa_2048_keys_every_service_name_completes_a_handshake,
    with_rsa_2048_keys_names_outside_a_certificate_fail_with_a_name_error,
    with_rsa_2048_keys_keycloak_pods_authenticate_each_other_with_mutual_tls
);

#[test]
fn keycloak_refuses_a_peer_without_a_client_certificate() {
    let name = names_of("keycloak_cluster")[0].clone();
    match handshake(
        P256.mutual_tls_server("keycloak_cluster"),
        P256.client(),
        &name,
    ) {
        Err(Failed::Server(Error::NoCertificatesPresented)) => {}
        other => {
            panic!("expected the server to refuse a client without a certificate, got {other:?}")
        }
    }
}

#[test]
fn keycloak_refuses_a_client_certificate_from_another_ca() {
    let name = names_of("keycloak_cluster")[0].clone();
    // The client trusts the server's CA, so only its own certificate is wrong.
    match handshake(
        P256.mutual_tls_server("keycloak_cluster"),
        OTHER.client_presenting("keycloak_cluster", &P256),
        &name,
    ) {
        Err(Failed::Server(Error::InvalidCertificate(CertificateError::UnknownIssuer))) => {}
        other => panic!(
            "expected the server to refuse a client certificate from another CA, got {other:?}"
        ),
    }
}

#[test]
fn keycloak_refuses_a_client_certificate_from_an_earlier_ca_of_the_same_release() {
    let name = names_of("keycloak_cluster")[0].clone();
    // Every bundle for release `acme` names its CA `acme-internal-tls-ca`, so a
    // certificate from an earlier bundle names the right issuer: the
    // signature is what gives it away.
    match handshake(
        P256.mutual_tls_server("keycloak_cluster"),
        P384.client_presenting("keycloak_cluster", &P256),
        &name,
    ) {
        Err(Failed::Server(Error::InvalidCertificate(CertificateError::BadSignature))) => {}
        other => panic!(
            "expected the server to refuse a client certificate from an earlier CA, got {other:?}"
        ),
    }
}

#[test]
fn a_client_that_trusts_another_ca_rejects_every_server() {
    let client = OTHER.client();
    for key in keys() {
        let name = names_of(key)[0].clone();
        match handshake(P256.server(key), client.clone(), &name) {
            Err(Failed::Client(Error::InvalidCertificate(CertificateError::UnknownIssuer))) => {}
            other => panic!("{key}: expected an unknown-issuer error, got {other:?}"),
        }
    }
}

#[test]
fn a_client_that_trusts_an_earlier_ca_of_the_same_release_rejects_every_server() {
    let client = P384.client();
    for key in keys() {
        let name = names_of(key)[0].clone();
        match handshake(P256.server(key), client.clone(), &name) {
            Err(Failed::Client(Error::InvalidCertificate(CertificateError::BadSignature))) => {}
            other => panic!("{key}: expected a bad-signature error, got {other:?}"),
        }
    }
}
