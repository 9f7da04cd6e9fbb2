#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
// Native only: wasm-pack test builds every test target for wasm32 too.
#![cfg(not(target_arch = "wasm32"))]
//! Serial numbers of issued certificates: from the CSPRNG, positive, at least
//! 64 bits (CA/Browser Forum baseline: 64 bits of randomness) and unique, read
//! back from 10,000 real certificates rather than from the generator alone.
//! Ed25519 keys, the fastest to make and sign with: serials do not depend on
//! the algorithm.

use std::collections::HashSet;

use internal_tls_wizard::pki::{CertificateAuthority, KeyAlgorithm, PrivateKey};
use internal_tls_wizard::values::{plan, Settings, Work};
use time::OffsetDateTime;

#[test]
fn ten_thousand_issued_serials_are_positive_long_and_unique() {
    let now = OffsetDateTime::now_utc();
    let planned = plan(&Settings::default());
    let Some(Work::Issue(issue)) = planned.plan.map(|p| p.work) else {
        panic!("the default settings issue certificates");
    };
    let leaf = &issue.leaves[0];
    let ca_key = PrivateKey::generate(KeyAlgorithm::Ed25519).unwrap();
    let ca = CertificateAuthority::create("serials test CA", 30, ca_key, now).unwrap();

    let mut seen = HashSet::new();
    seen.insert(
        ca.certificate
            .cert
            .tbs_certificate
            .serial_number
            .as_bytes()
            .to_vec(),
    );
    for _ in 0..10_000 {
        let key = PrivateKey::generate(KeyAlgorithm::Ed25519).unwrap();
        let issued = ca.issue(leaf, key, 1, now).unwrap();
        // The DER INTEGER's content octets, as written in the certificate.
        let serial = issued
            .certificate
            .cert
            .tbs_certificate
            .serial_number
            .as_bytes()
            .to_vec();
        assert!(
            !serial.is_empty() && serial.len() <= 20,
            "RFC 5280 allows 1 to 20 octets: {serial:02x?}"
        );
        assert_eq!(serial[0] & 0x80, 0, "negative serial {serial:02x?}");
        assert!(serial.iter().any(|b| *b != 0), "zero serial");
        let leading_zero_bits = serial.iter().take_while(|b| **b == 0).count() * 8
            + serial
                .iter()
                .find(|b| **b != 0)
                .map_or(0, |b| b.leading_zeros() as usize);
        let bits = serial.len() * 8 - leading_zero_bits;
        assert!(bits >= 64, "a {bits}-bit serial {serial:02x?}");
        assert!(
            seen.insert(serial.clone()),
            "duplicate serial {serial:02x?}"
        );
    }
    assert_eq!(seen.len(), 10_001);
}
