//! Files attached to an application (a scan of a certificate, a photo): PDF, JPEG
//! or PNG, at most [`MAX_BYTES`], the type read from the content (its signature
//! bytes, with the `infer` crate), never from the name. The app checks a file
//! before sending it, the portal again on receipt — the same function.
//!
//! In a form, an attachment is a field with `"x-widget": "attachment"` whose answer
//! is the id the portal gave the uploaded file; [`ids_in`] finds them in answers.

use serde_json::Value;

use crate::api::ErrorCode;
pub use crate::api::applications::AttachmentKind;

/// The largest file accepted: 5 MiB, enough for a scanned page or a phone photo.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// The `x-widget` of an attachment field.
pub const WIDGET: &str = "attachment";

/// What the content is, or why it is not accepted: `required` (empty),
/// `file_too_large`, `file_type_not_allowed`.
pub fn sniff(bytes: &[u8]) -> Result<AttachmentKind, ErrorCode> {
    if bytes.is_empty() {
        return Err(ErrorCode::Required);
    }
    if bytes.len() > MAX_BYTES {
        return Err(ErrorCode::FileTooLarge);
    }
    match infer::get(bytes).map(|t| t.mime_type()) {
        Some("application/pdf") => Ok(AttachmentKind::Pdf),
        Some("image/jpeg") => Ok(AttachmentKind::Jpeg),
        Some("image/png") => Ok(AttachmentKind::Png),
        _ => Err(ErrorCode::FileTypeNotAllowed),
    }
}

impl AttachmentKind {
    pub fn mime_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Jpeg => "jpeg",
            Self::Png => "png",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Some(match key {
            "pdf" => Self::Pdf,
            "jpeg" => Self::Jpeg,
            "png" => Self::Png,
            _ => return None,
        })
    }
}

/// A file name as kept and shown: the last path part, control characters
/// dropped, at most 120 characters; «файл» if nothing is left.
pub fn clean_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let kept: String = last.chars().filter(|c| !c.is_control()).take(120).collect();
    let kept = kept.trim();
    if kept.is_empty() {
        "файл".to_owned()
    } else {
        kept.to_owned()
    }
}

/// Every attachment answered in `answers` (checked against `schema`): its field
/// path (`form.benefit_document`) and the id.
pub fn ids_in(schema: &Value, answers: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    walk(schema, answers, super::forms::ROOT, &mut out);
    out
}

fn walk(node: &Value, answer: &Value, path: &str, out: &mut Vec<(String, String)>) {
    if node.get("x-widget").and_then(Value::as_str) == Some(WIDGET) {
        if let Some(id) = answer.as_str() {
            out.push((path.to_owned(), id.to_owned()));
        }
        return;
    }
    if let (Some(props), Some(given)) = (
        node.get("properties").and_then(Value::as_object),
        answer.as_object(),
    ) {
        for (name, p) in props {
            if let Some(a) = given.get(name) {
                walk(p, a, &format!("{path}.{name}"), out);
            }
        }
    }
    if let (Some(items), Some(given)) = (node.get("items"), answer.as_array()) {
        for (i, a) in given.iter().enumerate() {
            walk(items, a, &format!("{path}.{i}"), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_type_is_read_from_the_content() {
        let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n".to_vec();
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0].to_vec();
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        let gif = b"GIF89a\x01\0\x01\0".to_vec();
        let zip = b"PK\x03\x04\x14\0\0\0".to_vec();
        let exe = b"MZ\x90\0\x03\0\0\0".to_vec();
        for (what, bytes, expected) in [
            ("a PDF", pdf, Ok(AttachmentKind::Pdf)),
            ("a JPEG", jpeg, Ok(AttachmentKind::Jpeg)),
            ("a PNG", png, Ok(AttachmentKind::Png)),
            ("a GIF", gif, Err(ErrorCode::FileTypeNotAllowed)),
            (
                "a ZIP (a .docx too)",
                zip,
                Err(ErrorCode::FileTypeNotAllowed),
            ),
            ("a program", exe, Err(ErrorCode::FileTypeNotAllowed)),
            (
                "plain text",
                b"hello".to_vec(),
                Err(ErrorCode::FileTypeNotAllowed),
            ),
            ("nothing", Vec::new(), Err(ErrorCode::Required)),
        ] {
            assert_eq!(sniff(&bytes), expected, "{what}");
        }
    }

    #[test]
    fn a_file_over_the_limit_is_refused_at_the_first_byte_over() {
        let mut at = b"%PDF-1.4\n".to_vec();
        at.resize(MAX_BYTES, b' ');
        assert_eq!(sniff(&at), Ok(AttachmentKind::Pdf));
        at.push(b' ');
        assert_eq!(sniff(&at), Err(ErrorCode::FileTooLarge));
    }

    #[test]
    fn names_are_kept_short_and_without_paths() {
        for (given, kept) in [
            ("справка.pdf", "справка.pdf"),
            ("C:\\Users\\Мария\\скан.jpg", "скан.jpg"),
            ("../../etc/passwd", "passwd"),
            ("  \u{7}  ", "файл"),
            ("", "файл"),
        ] {
            assert_eq!(clean_name(given), kept, "{given:?}");
        }
        assert_eq!(clean_name(&"я".repeat(300)).chars().count(), 120);
    }

    #[test]
    fn attachments_are_found_in_answers_by_their_widget() {
        let schema = json!({"type": "object", "properties": {
            "doc": {"type": "string", "x-widget": "attachment"},
            "note": {"type": "string"},
            "children": {"type": "array", "items": {"type": "object", "properties": {
                "certificate": {"type": "string", "x-widget": "attachment"}}}}
        }});
        let answers = json!({"doc": "a1", "note": "b2",
            "children": [{"certificate": "c3"}, {}, {"certificate": "d4"}]});
        assert_eq!(
            ids_in(&schema, &answers),
            [
                ("form.doc".to_owned(), "a1".to_owned()),
                ("form.children.0.certificate".to_owned(), "c3".to_owned()),
                ("form.children.2.certificate".to_owned(), "d4".to_owned()),
            ]
        );
    }
}
