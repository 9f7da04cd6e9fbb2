//! The "all files" archive: a zip (stored, uncompressed) of the bundle, with
//! private files marked owner-only for unzip tools that honour modes.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::OutputFile;

/// Packs files into a zip archive under the folder `folder/`.
pub fn zip_bundle(folder: &str, files: &[OutputFile]) -> Result<Vec<u8>, String> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for file in files {
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Stored)
            .unix_permissions(if file.sensitive { 0o600 } else { 0o644 });
        writer
            .start_file(format!("{folder}/{}", file.name), options)
            .map_err(|e| format!("could not add {} to the archive: {e}", file.name))?;
        writer
            .write_all(file.contents.as_bytes())
            .map_err(|e| format!("could not add {} to the archive: {e}", file.name))?;
    }
    let cursor = writer
        .finish()
        .map_err(|e| format!("could not finish the archive: {e}"))?;
    Ok(cursor.into_inner())
}
