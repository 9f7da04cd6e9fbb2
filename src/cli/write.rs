//! Reading inputs and writing the bundle: size-capped reads, and atomic
//! writes (temporary file, then rename) with private files at mode 0600.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use internal_tls_wizard::output::OutputFile;

/// The most bytes read from any input file.
pub const MAX_INPUT_BYTES: u64 = internal_tls_wizard::limits::MAX_INPUT_BYTES as u64;

/// Why a file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The target exists and --force was not given.
    #[error("{0} already exists; pass --force to replace it, or choose another --out folder")]
    Exists(PathBuf),
    /// The filesystem refused.
    #[error("{path}: {reason}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said, and what to do.
        reason: String,
    },
}

fn io_error(path: &Path, e: std::io::Error) -> WriteError {
    WriteError::Io {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// Reads a text input, refusing anything over 1 MiB or not UTF-8.
pub fn read_input(path: &Path) -> Result<String, WriteError> {
    let meta = fs::metadata(path).map_err(|e| WriteError::Io {
        path: path.to_path_buf(),
        reason: format!("cannot read it ({e})"),
    })?;
    if meta.is_dir() {
        return Err(WriteError::Io {
            path: path.to_path_buf(),
            reason: "is a folder; give a file".into(),
        });
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(WriteError::Io {
            path: path.to_path_buf(),
            reason: format!(
                "is {} bytes; inputs are limited to 1 MiB. Is this the right file?",
                meta.len()
            ),
        });
    }
    let bytes = fs::read(path).map_err(|e| io_error(path, e))?;
    String::from_utf8(bytes).map_err(|_| WriteError::Io {
        path: path.to_path_buf(),
        reason: "is not text (UTF-8); give a PEM or YAML file, not DER or a binary".into(),
    })
}

/// Set while files are being written; Ctrl-C then waits for a clean stop.
static WRITING: AtomicBool = AtomicBool::new(false);
/// Set when Ctrl-C arrives while files are being written.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Exit code after Ctrl-C, as shells expect (128 + SIGINT).
pub const INTERRUPTED_EXIT: i32 = 130;

/// Makes Ctrl-C safe: before or after writing, the process stops at once
/// (nothing is half-written then); while writing, the write stops at a file
/// boundary and removes what it staged, or completes the renames it began.
pub fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| {
        if WRITING.load(Ordering::SeqCst) {
            INTERRUPTED.store(true, Ordering::SeqCst);
        } else {
            eprintln!("\ninterrupted: nothing was written.");
            std::process::exit(INTERRUPTED_EXIT);
        }
    });
}

/// Whether Ctrl-C arrived during the last write.
pub fn was_interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Fails when a bundle file already exists in `dir` and `force` is off.
pub fn check_targets(dir: &Path, force: bool) -> Result<(), WriteError> {
    for name in BUNDLE_FILES {
        let path = dir.join(name);
        match fs::symlink_metadata(&path) {
            Ok(meta) if !meta.is_file() => {
                return Err(WriteError::Io {
                    path,
                    reason: "is not a regular file (a folder or a link); move it away or choose another --out folder".into(),
                })
            }
            Ok(_) if !force => return Err(WriteError::Exists(path)),
            _ => {}
        }
    }
    Ok(())
}

/// The names a bundle may hold; with --force, those the new bundle does not
/// write are removed so no stale file (an old `ca.key`) sits beside it.
const BUNDLE_FILES: [&str; 7] = [
    "values.yaml",
    "secrets.yaml",
    "ca.crt",
    "ca.key",
    "APPLY.md",
    "RENEW.md",
    "cert-manager.yaml",
];

/// Writes every file into `dir` (created if missing) so that afterwards `dir`
/// holds either the whole previous bundle or the whole new one: each file is
/// staged as a temporary file; existing bundle files are moved aside; the new
/// ones are renamed into place; on any error the moves are undone.
pub fn write_bundle(dir: &Path, files: &[OutputFile], force: bool) -> Result<(), WriteError> {
    fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
    check_targets(dir, force)?;
    WRITING.store(true, Ordering::SeqCst);
    let pid = std::process::id();
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut backups: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut placed: Vec<PathBuf> = Vec::new();
    let result = (|| {
        for file in files {
            if was_interrupted() {
                return Err(WriteError::Io {
                    path: dir.to_path_buf(),
                    reason: "interrupted (Ctrl-C): nothing was written".into(),
                });
            }
            let target = dir.join(&file.name);
            let temp = dir.join(format!(".{}.tmp-{pid}", file.name));
            staged.push((temp.clone(), target));
            write_private_or_public(&temp, file.contents.as_bytes(), file.sensitive)?;
        }
        for name in BUNDLE_FILES {
            let target = dir.join(name);
            if target.exists() {
                let backup = dir.join(format!(".{name}.old-{pid}"));
                fs::rename(&target, &backup).map_err(|e| io_error(&target, e))?;
                backups.push((backup, target));
            }
        }
        for (temp, target) in &staged {
            fs::rename(temp, target).map_err(|e| io_error(target, e))?;
            placed.push(target.clone());
        }
        // The renames are the directory's to keep: without this a crash
        // right after could leave the old names on disk.
        sync_dir(dir)
    })();
    match &result {
        Ok(()) => {
            for (backup, _) in &backups {
                let _ = fs::remove_file(backup);
            }
        }
        Err(_) => {
            for target in &placed {
                let _ = fs::remove_file(target);
            }
            for (backup, target) in &backups {
                let _ = fs::rename(backup, target);
            }
            for (temp, _) in &staged {
                let _ = fs::remove_file(temp);
            }
        }
    }
    WRITING.store(false, Ordering::SeqCst);
    result
}

/// Makes a directory's entries (the renames into it) durable: fsync of the
/// directory on Unix; elsewhere the rename is as durable as it gets.
fn sync_dir(dir: &Path) -> Result<(), WriteError> {
    #[cfg(unix)]
    {
        fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| io_error(dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

fn write_private_or_public(path: &Path, bytes: &[u8], private: bool) -> Result<(), WriteError> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(if private { 0o600 } else { 0o644 });
    }
    let mut file = options.open(path).map_err(|e| io_error(path, e))?;
    file.write_all(bytes).map_err(|e| io_error(path, e))?;
    file.sync_all().map_err(|e| io_error(path, e))
}

/// Writes one public file atomically (a temporary file beside it, then a
/// rename), replacing what was there.
pub fn write_file(path: &Path, contents: &str) -> Result<(), WriteError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| WriteError::Io {
            path: path.to_path_buf(),
            reason: "is not a file name; give a path such as expiry.ics".into(),
        })?;
    let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = write_private_or_public(&temp, contents.as_bytes(), false)
        .and_then(|()| fs::rename(&temp, path).map_err(|e| io_error(path, e)))
        .and_then(|()| sync_dir(&dir));
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}
