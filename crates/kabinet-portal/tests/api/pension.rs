//! The signed pension parameter table: served without an account, its signer
//! chained to the CA the client pins, the signature over the exact TOML bytes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use base64::Engine as _;
use kabinet_core::api::Signed;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, UnixTime};

use crate::support::T;

both_backends!(the_parameter_table_is_signed_by_a_key_the_pinned_ca_issued);

/// `id-kp-documentSigning`, 1.3.6.1.5.5.7.3.36, DER content octets.
const DOCUMENT_SIGNING: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x24];

fn verify(signed: &Signed, ca_pem: &str) -> Result<(), webpki::Error> {
    verify_bytes(
        signed.content.as_bytes(),
        &signed.signature_base64,
        &signed.signer_chain_pem,
        ca_pem,
    )
}

/// Do `signature_base64` and the signer chain vouch for `bytes` under the pinned CA?
pub fn verify_bytes(
    bytes: &[u8],
    signature_base64: &str,
    signer_chain_pem: &[String],
    ca_pem: &str,
) -> Result<(), webpki::Error> {
    let ca = CertificateDer::from_pem_slice(ca_pem.as_bytes()).unwrap();
    let anchor = webpki::anchor_from_trusted_cert(&ca).unwrap();
    let chain: Vec<CertificateDer<'static>> = signer_chain_pem
        .iter()
        .map(|p| CertificateDer::from_pem_slice(p.as_bytes()).unwrap())
        .collect();
    let leaf = webpki::EndEntityCert::try_from(&chain[0])?;
    leaf.verify_for_usage(
        &[webpki::ring::ECDSA_P256_SHA256],
        &[anchor],
        &chain[1..],
        UnixTime::now(),
        webpki::KeyUsage::required(DOCUMENT_SIGNING),
        None,
        None,
    )?;
    let signature = base64::engine::general_purpose::STANDARD
        .decode(signature_base64)
        .unwrap();
    leaf.verify_signature(webpki::ring::ECDSA_P256_SHA256, bytes, &signature)
}

async fn the_parameter_table_is_signed_by_a_key_the_pinned_ca_issued(t: T) {
    let r = t.get("/pension/params", None).await.expect(200);
    let signed: Signed = serde_json::from_value(r.json).unwrap();
    assert_eq!(signed.content, kabinet_core::pension::BUILT_IN_PARAMS_TOML);
    kabinet_core::pension::PensionParams::from_toml(&signed.content).unwrap();
    verify(&signed, &t.cert_pem).expect("the envelope verifies with the pinned CA");

    let mut tampered = signed.clone();
    tampered.content.push(' ');
    assert!(verify(&tampered, &t.cert_pem).is_err(), "one byte more");

    let dir = tempfile::tempdir().unwrap();
    let other = kabinet_portal::Application::build(kabinet_portal::PortalConfig::embedded(
        dir.path().join("other.db"),
        false,
    ))
    .await
    .unwrap();
    assert!(
        verify(&signed, &other.certificate_pem()).is_err(),
        "another portal's CA does not vouch for this signer"
    );
}
