//! The "all files" archive: a zip (stored, uncompressed) of the bundle, with
//! private files marked owner-only for unzip tools that honour modes; and
//! reading such an archive back, for renewal.

use std::io::{Cursor, Read, Write};

use zeroize::Zeroizing;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::OutputFile;

/// Packs files into a zip archive under the folder `folder/`, each entry
/// dated `made` (in UTC: a zip's times carry no zone), as the files on disk
/// would be.
pub fn zip_bundle(
    folder: &str,
    files: &[OutputFile],
    made: time::OffsetDateTime,
) -> Result<Vec<u8>, String> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let date = zip_time(made);
    for file in files {
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Stored)
            .last_modified_time(date)
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

/// A time as a zip entry's (1980 to 2107; outside that, zip's default).
fn zip_time(at: time::OffsetDateTime) -> zip::DateTime {
    let at = at.to_offset(time::UtcOffset::UTC);
    u16::try_from(at.year())
        .ok()
        .and_then(|year| {
            zip::DateTime::from_date_and_time(
                year,
                u8::from(at.month()),
                at.day(),
                at.hour(),
                at.minute(),
                at.second(),
            )
            .ok()
        })
        .unwrap_or_default()
}

/// The most bytes an archive may have; the wizard's are well under 100 KiB.
pub const MAX_ARCHIVE_BYTES: usize = 16 * 1024 * 1024;
/// The most bytes one entry may have, as for any other input.
pub const MAX_ENTRY_BYTES: u64 = crate::limits::MAX_INPUT_BYTES as u64;

/// What renewal needs from a bundle archive the wizard made.
pub struct BundleArchive {
    /// `ca.crt`.
    pub ca_cert: Zeroizing<String>,
    /// `ca.key`.
    pub ca_key: Zeroizing<String>,
    /// `secrets.yaml`.
    pub secrets: Zeroizing<String>,
    /// `values.yaml`, when the archive has one.
    pub values: Option<String>,
}

/// Why a bundle archive could not be read. Each message names the entry and
/// says what to do; the caller adds the archive's file name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArchiveError {
    /// Too big to be one of the wizard's archives.
    #[error("is {0} bytes; a bundle archive is well under 1 MiB. Is this the right file?")]
    TooLarge(usize),
    /// Not a zip archive at all.
    #[error("is not a zip archive ({0}). Give the .zip that Download all files made, or unzip it and use --from DIR")]
    NotZip(String),
    /// An entry renewal needs is not in it.
    #[error("has no {0}. Give the archive of a bundle made here with a new CA (it holds ca.crt, ca.key and secrets.yaml), or give the files with --ca-cert, --ca-key and --secrets")]
    Missing(&'static str),
    /// The same file name in two places.
    #[error("holds {name} twice ({first} and {second}). Give an archive of one bundle")]
    Duplicate {
        /// The file name.
        name: &'static str,
        /// The first path.
        first: String,
        /// The second path.
        second: String,
    },
    /// Compressed: this build reads stored entries, as the wizard writes them.
    #[error("stores {name} compressed ({method}); only the uncompressed archives the wizard writes are read. Unzip it and use --from DIR")]
    Compressed {
        /// The entry.
        name: String,
        /// The compression method.
        method: String,
    },
    /// Encrypted entries are not read.
    #[error("stores {0} encrypted. Unzip it and use --from DIR")]
    Encrypted(String),
    /// An entry is too big.
    #[error(
        "holds {name} of {size} bytes; inputs are limited to 1 MiB. Is this the right archive?"
    )]
    EntryTooLarge {
        /// The entry.
        name: String,
        /// Its size.
        size: u64,
    },
    /// An entry is not text.
    #[error("holds {0}, which is not text (UTF-8). Give the archive the wizard made")]
    NotText(String),
    /// An entry could not be read.
    #[error("could not read {name} from it ({reason})")]
    Read {
        /// The entry.
        name: String,
        /// What the zip reader said.
        reason: String,
    },
}

/// The entries renewal reads, by file name (in any one folder of the archive).
const WANTED: [&str; 4] = [
    super::names::CA_CERT,
    super::names::CA_KEY,
    super::names::SECRETS,
    super::names::VALUES,
];

/// Reads `ca.crt`, `ca.key`, `secrets.yaml` and (when present) `values.yaml`
/// from an archive made by [`zip_bundle`]: entries are found by file name,
/// each at most once, each stored and UTF-8.
pub fn read_bundle_archive(bytes: &[u8]) -> Result<BundleArchive, ArchiveError> {
    if bytes.len() > MAX_ARCHIVE_BYTES {
        return Err(ArchiveError::TooLarge(bytes.len()));
    }
    let mut archive =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| ArchiveError::NotZip(e.to_string()))?;
    let mut found: [Option<(String, Zeroizing<String>)>; 4] = Default::default();
    for index in 0..archive.len() {
        let mut entry = archive
            .by_index_raw(index)
            .map_err(|e| ArchiveError::Read {
                name: format!("entry {index}"),
                reason: e.to_string(),
            })?;
        if entry.is_dir() {
            continue;
        }
        let path = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let base = path.rsplit('/').next().unwrap_or_default();
        let Some(slot) = WANTED
            .iter()
            .position(|w| *w == base)
            .and_then(|i| found.get_mut(i).map(|slot| (i, slot)))
        else {
            continue;
        };
        let (wanted_index, slot) = slot;
        if let Some((first, _)) = slot {
            return Err(ArchiveError::Duplicate {
                name: WANTED.get(wanted_index).copied().unwrap_or_default(),
                first: first.clone(),
                second: path,
            });
        }
        if entry.encrypted() {
            return Err(ArchiveError::Encrypted(path));
        }
        if entry.compression() != CompressionMethod::Stored {
            return Err(ArchiveError::Compressed {
                name: path,
                method: entry.compression().to_string(),
            });
        }
        if entry.size() > MAX_ENTRY_BYTES {
            return Err(ArchiveError::EntryTooLarge {
                name: path,
                size: entry.size(),
            });
        }
        let mut data = Zeroizing::new(Vec::new());
        (&mut entry)
            .take(MAX_ENTRY_BYTES + 1)
            .read_to_end(&mut data)
            .map_err(|e| ArchiveError::Read {
                name: path.clone(),
                reason: e.to_string(),
            })?;
        let text = std::str::from_utf8(&data).map_err(|_| ArchiveError::NotText(path.clone()))?;
        *slot = Some((path, Zeroizing::new(text.to_string())));
    }
    let [ca_cert, ca_key, secrets, values] = found;
    let take = |slot: Option<(String, Zeroizing<String>)>, name: &'static str| {
        slot.map(|(_, text)| text)
            .ok_or(ArchiveError::Missing(name))
    };
    Ok(BundleArchive {
        ca_cert: take(ca_cert, super::names::CA_CERT)?,
        ca_key: take(ca_key, super::names::CA_KEY)?,
        secrets: take(secrets, super::names::SECRETS)?,
        values: values.map(|(_, text)| text.to_string()),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    fn file(name: &str, contents: &str) -> OutputFile {
        OutputFile {
            name: name.into(),
            contents: contents.into(),
            sensitive: false,
        }
    }

    fn made() -> time::OffsetDateTime {
        // 2026-12-03 17:45:12 UTC
        time::OffsetDateTime::from_unix_timestamp(1_796_319_912).unwrap()
    }

    #[test]
    fn every_entry_carries_the_time_the_bundle_was_made() {
        let zip = zip_bundle(
            "b",
            &[file("values.yaml", "v"), file("ca.key", "k")],
            made(),
        )
        .unwrap();
        let mut archive = ZipArchive::new(Cursor::new(zip)).unwrap();
        for index in 0..archive.len() {
            let entry = archive.by_index(index).unwrap();
            let at = entry.last_modified().expect("a modification time");
            assert_eq!(
                (
                    at.year(),
                    at.month(),
                    at.day(),
                    at.hour(),
                    at.minute(),
                    at.second()
                ),
                (2026, 12, 3, 17, 45, 12),
                "entry {index}"
            );
        }
        // Outside the years a zip can hold, the entry still gets a valid time.
        let late = time::OffsetDateTime::from_unix_timestamp(7_258_118_400).unwrap();
        assert!(zip_bundle("b", &[file("a", "a")], late).is_ok());
    }

    #[test]
    fn reads_back_what_zip_bundle_wrote() {
        let zip = zip_bundle(
            "acme-internal-tls",
            &[
                file("values.yaml", "v"),
                file("secrets.yaml", "s"),
                file("ca.crt", "c"),
                file("ca.key", "k"),
                file("APPLY.md", "a"),
            ],
            made(),
        )
        .unwrap();
        let read = read_bundle_archive(&zip).unwrap();
        assert_eq!(read.ca_cert.as_str(), "c");
        assert_eq!(read.ca_key.as_str(), "k");
        assert_eq!(read.secrets.as_str(), "s");
        assert_eq!(read.values.as_deref(), Some("v"));
    }

    #[test]
    fn names_the_missing_entry() {
        let zip = zip_bundle(
            "b",
            &[file("secrets.yaml", "s"), file("ca.crt", "c")],
            made(),
        )
        .unwrap();
        let error = read_bundle_archive(&zip).err().unwrap();
        assert_eq!(error, ArchiveError::Missing("ca.key"));
        assert!(error.to_string().starts_with("has no ca.key."));
    }

    #[test]
    fn refuses_a_file_that_is_not_a_zip() {
        assert!(matches!(
            read_bundle_archive(b"-----BEGIN CERTIFICATE-----"),
            Err(ArchiveError::NotZip(_))
        ));
    }

    #[test]
    fn refuses_the_same_file_in_two_folders() {
        let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
        for path in ["a/ca.key", "b/ca.key"] {
            writer
                .start_file(
                    path,
                    SimpleFileOptions::default().compression_method(CompressionMethod::Stored),
                )
                .unwrap();
            writer.write_all(b"k").unwrap();
        }
        let bytes = writer.finish().unwrap().into_inner();
        let error = read_bundle_archive(&bytes).err().unwrap();
        assert!(matches!(
            error,
            ArchiveError::Duplicate { name: "ca.key", .. }
        ));
        assert!(error.to_string().contains("a/ca.key and b/ca.key"));
    }

    #[test]
    fn refuses_compressed_entries_naming_them() {
        let mut zip = zip_bundle("b", &[file("ca.key", "k")], made()).unwrap();
        // Mark the entry deflated (method 8) in its local and central headers.
        for (signature, offset) in [(b"PK\x03\x04", 8), (b"PK\x01\x02", 10)] {
            let at = zip.windows(4).position(|w| w == signature).unwrap();
            zip[at + offset] = 8;
        }
        let error = read_bundle_archive(&zip).err().unwrap();
        assert!(matches!(error, ArchiveError::Compressed { .. }), "{error}");
        assert!(error.to_string().contains("b/ca.key"));
    }
}
