//! Documents the portal signed (the statement of the individual account, the
//! results of applications): verified against the pinned CA before anything is
//! written, then saved into the user's Downloads folder with the signature beside
//! them (`… .pdf.sig`, JSON), so they can be checked again later, offline.

use base64::Engine as _;
use kabinet_core::api::SignedFile;

use crate::pension::dto::SavedStatement;
use crate::platform::Kabinet;
use crate::platform::error::{AppError, AppResult, ClientCode};
use crate::platform::portal::unexpected;

/// `path`, or the first of `stem (2).ext`, `stem (3).ext`… that is free.
pub fn free_path(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let mut path = dir.join(name);
    let mut n = 1;
    while path.exists() {
        n += 1;
        path = dir.join(format!("{stem} ({n}).{ext}"));
    }
    path
}

/// A file name from the portal, kept to letters, digits, spaces, dots, dashes;
/// `fallback` when nothing of a PDF's name is left.
pub fn safe_name(name: &str, fallback: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '_'))
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    if cleaned.to_lowercase().ends_with(".pdf") && cleaned.len() > 4 {
        cleaned
    } else {
        fallback.to_owned()
    }
}

/// The folder documents are saved to: Downloads, else Documents, else home;
/// refused in guest mode (a saved file would outlive the session).
pub fn documents_dir(state: &Kabinet) -> Result<std::path::PathBuf, AppError> {
    if state.guest() {
        return Err(AppError::client(
            ClientCode::GuestNoFiles,
            "guest mode saves no files".to_owned(),
        ));
    }
    // The same folders tauri's path API gives (it uses `dirs` too), without an
    // AppHandle, which would make the command generic over the runtime.
    dirs::download_dir()
        .or_else(dirs::document_dir)
        .or_else(dirs::home_dir)
        .ok_or_else(|| {
            AppError::client(
                ClientCode::StoreFailed,
                "no Downloads, Documents or home folder".to_owned(),
            )
        })
}

/// Verifies the portal's signature over the file's bytes (the pinned CA, the
/// document-signing key) and writes the PDF into `dir` with the signature beside
/// it. Nothing is written when the signature or the file is wrong.
pub fn save_signed_pdf(
    file: &SignedFile,
    trust_pem: &[u8],
    dir: &std::path::Path,
    fallback_name: &str,
) -> AppResult<SavedStatement> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(&file.content_base64)
        .map_err(|_| unexpected("the document is not base64"))?;
    crate::pension::params::verify_bytes(
        &bytes,
        &file.signature_base64,
        &file.signer_chain_pem,
        file.signed_at,
        trust_pem,
    )?;
    if file.media_type != "application/pdf" || !bytes.starts_with(b"%PDF-") {
        return Err(unexpected("the document is not a PDF"));
    }
    let save = |e: std::io::Error| AppError::client(ClientCode::StoreFailed, e.to_string());
    std::fs::create_dir_all(dir).map_err(save)?;
    let path = free_path(dir, &safe_name(&file.file_name, fallback_name));
    let signed_at = file
        .signed_at
        .format(&time::format_description::well_known::Rfc3339)
        .map_err(|e| unexpected(&e.to_string()))?;
    let signature = serde_json::json!({
        "file": path.file_name().map(|n| n.to_string_lossy().into_owned()),
        "algorithm": "ECDSA P-256 SHA-256 over the file's bytes (DER signature)",
        "signature_base64": file.signature_base64,
        "signer_chain_pem": file.signer_chain_pem,
        "signed_at": signed_at,
    });
    std::fs::write(&path, &bytes).map_err(save)?;
    let mut sig = path.clone().into_os_string();
    sig.push(".sig");
    std::fs::write(&sig, signature.to_string()).map_err(save)?;
    Ok(SavedStatement {
        path: path.display().to_string(),
        signed_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_portals_file_name_is_kept_to_safe_characters() {
        let fallback = "Выписка из ИЛС.pdf";
        assert_eq!(
            safe_name("Выписка из ИЛС 2026-12-03.pdf", fallback),
            "Выписка из ИЛС 2026-12-03.pdf"
        );
        assert_eq!(
            safe_name("Результат услуги ЗЛ-2026-00000012.pdf", fallback),
            "Результат услуги ЗЛ-2026-00000012.pdf"
        );
        assert_eq!(safe_name("../../etc/passwd.pdf", fallback), "etcpasswd.pdf");
        assert_eq!(safe_name("evil.sh", fallback), fallback);
        assert_eq!(safe_name(".pdf", fallback), fallback);
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("a.pdf"), b"x").expect("write");
        assert_eq!(free_path(dir.path(), "a.pdf"), dir.path().join("a (2).pdf"));
        assert_eq!(free_path(dir.path(), "b.pdf"), dir.path().join("b.pdf"));
    }
}
