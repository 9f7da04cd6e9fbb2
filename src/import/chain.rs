//! Certificates from PEM text: one certificate, a chain, or a CA bundle; and
//! the ordering of a chain leaf first, whatever order it was pasted in.

use crate::pki::ParsedCertificate;

use super::error::ImportError;
use super::limits::check_input;

/// Reads every certificate of a PEM text in the order given. LF or CRLF line
/// ends, and text around the blocks (openssl's "Bag Attributes", comments),
/// are accepted; other PEM blocks (keys) are skipped.
pub fn read_certificates(text: &str) -> Result<Vec<ParsedCertificate>, ImportError> {
    check_input(text)?;
    Ok(ParsedCertificate::parse_pem_chain(text)?)
}

/// Reads a CA file: one or several CA certificates, in any order.
pub fn read_ca_bundle(text: &str) -> Result<Vec<ParsedCertificate>, ImportError> {
    read_certificates(text)
}

/// Reads a certificate and its chain, and orders it leaf first.
pub fn read_chain(text: &str) -> Result<Chain, ImportError> {
    Ok(order_chain(read_certificates(text)?))
}

/// A certificate chain, leaf first, each certificate followed by its issuer.
#[derive(Debug, Clone)]
pub struct Chain {
    /// Leaf first, then each issuer in turn. Never empty when made by [`order_chain`]
    /// from a non-empty list.
    pub certificates: Vec<ParsedCertificate>,
    /// Whether the input was in another order (root first, for example).
    pub reordered: bool,
    /// Certificates of the input that are not on the leaf's chain.
    pub unrelated: Vec<ParsedCertificate>,
}

impl Chain {
    /// The end-entity certificate.
    pub fn leaf(&self) -> Option<&ParsedCertificate> {
        self.certificates.first()
    }

    /// The certificates after the leaf.
    pub fn intermediates(&self) -> &[ParsedCertificate] {
        self.certificates.get(1..).unwrap_or(&[])
    }

    /// The chain as PEM, leaf first, LF line ends: the normalised form that goes
    /// into `tls.crt`.
    pub fn to_pem(&self) -> String {
        self.certificates.iter().map(|c| c.to_pem()).collect()
    }
}

/// Whether `child` names `parent` as its issuer (and is not `parent` itself).
fn issued_by(child: &ParsedCertificate, parent: &ParsedCertificate) -> bool {
    !std::ptr::eq(child, parent)
        && child.der != parent.der
        && !child.is_self_issued()
        && child.issuer_der() == parent.subject_der()
}

/// Orders certificates leaf first. The leaf is the certificate that issued no
/// other one in the list (the first such non-CA certificate, when several);
/// then each certificate's issuer follows it. Certificates on no path from the
/// leaf are kept apart in [`Chain::unrelated`].
pub fn order_chain(certificates: Vec<ParsedCertificate>) -> Chain {
    let count = certificates.len();
    let issues_another = |i: usize| -> bool {
        certificates
            .get(i)
            .is_some_and(|parent| certificates.iter().any(|child| issued_by(child, parent)))
    };
    let candidates: Vec<usize> = (0..count).filter(|i| !issues_another(*i)).collect();
    let leaf = candidates
        .iter()
        .copied()
        .find(|i| certificates.get(*i).is_some_and(|c| !c.is_ca()))
        .or_else(|| candidates.first().copied())
        .unwrap_or(0);

    let mut used = vec![false; count];
    let mut order = Vec::with_capacity(count);
    let mut current = Some(leaf);
    while let Some(index) = current {
        match used.get_mut(index) {
            Some(slot) if !*slot => *slot = true,
            _ => break,
        }
        order.push(index);
        current = certificates.get(index).and_then(|cert| {
            (0..count).find(|j| {
                !used.get(*j).copied().unwrap_or(true)
                    && certificates.get(*j).is_some_and(|p| issued_by(cert, p))
            })
        });
    }
    let reordered = order.iter().enumerate().any(|(pos, index)| pos != *index);
    let mut slots: Vec<Option<ParsedCertificate>> = certificates.into_iter().map(Some).collect();
    let ordered: Vec<ParsedCertificate> = order
        .iter()
        .filter_map(|i| slots.get_mut(*i).and_then(Option::take))
        .collect();
    let unrelated: Vec<ParsedCertificate> = slots.into_iter().flatten().collect();
    Chain {
        certificates: ordered,
        reordered,
        unrelated,
    }
}
