//! Reading a scenario file's text: a regular file (or a pipe), at most
//! [`MAX_FILE_BYTES`], UTF-8.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::limits::MAX_FILE_BYTES;
use crate::error::{Error, Result, ScenarioError};

/// The text of the file at `path`.
///
/// A directory, a device or a socket is refused by name; a file whose size the system
/// reports above the limit is refused before it is read, and a pipe is read only up to
/// the limit. Bytes that are not UTF-8 are reported at their line and column.
pub(super) fn read_text(path: &Path) -> Result<String> {
    let bytes = read_bytes(path)?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let (line, column) = super::line_column(&String::from_utf8_lossy(&bytes[..valid]), valid);
        Error::parse(
            path.display().to_string(),
            None,
            line,
            column,
            format!(
                "byte 0x{:02x} is not UTF-8: a scenario file must be UTF-8 text",
                bytes[valid]
            ),
        )
    })
}

/// The bytes of the file at `path`, refused as [`read_text`] refuses them (not a
/// regular file or a pipe, larger than the limit): another tool's file may be in
/// another encoding than UTF-8.
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let metadata = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if let Some(what) = not_a_file(&metadata.file_type()) {
        return Err(ScenarioError::NotAFile {
            path: path.to_path_buf(),
            what,
        }
        .into());
    }
    let too_large = || -> Error {
        ScenarioError::TooLarge {
            path: path.to_path_buf(),
            limit: MAX_FILE_BYTES,
        }
        .into()
    };
    if metadata.is_file() && metadata.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// What a path that cannot hold a scenario is, if it is one: pipes and regular files
/// pass.
fn not_a_file(kind: &std::fs::FileType) -> Option<&'static str> {
    if kind.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("detente-file-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir is writable");
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("temp file is writable");
        path
    }

    #[test]
    fn a_directory_is_named_as_one() {
        let dir = std::env::temp_dir();
        let e = read_text(&dir).expect_err("a directory");
        assert!(
            e.to_string()
                .ends_with("is a directory, not a scenario file"),
            "{e}"
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_are_placed() {
        let path = temp("latin1.json", b"{\n  \"name\": \"caf\xe9\"\n}");
        let e = read_text(&path).expect_err("latin-1");
        assert!(
            e.to_string().ends_with(
                "byte 0xe9 is not UTF-8: a scenario file must be UTF-8 text (line 2, column 15)"
            ),
            "{e}"
        );
    }

    #[test]
    fn a_file_over_the_limit_is_refused_before_it_is_read() {
        let path = temp("big.json", b"");
        let f = File::options().write(true).open(&path).expect("just made");
        f.set_len(MAX_FILE_BYTES + 1).expect("sparse file");
        let e = read_text(&path).expect_err("too large");
        assert!(
            e.to_string()
                .contains("larger than the limit of 16777216 bytes (16 MiB)"),
            "{e}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_named_as_one() {
        let e = read_text(Path::new("/dev/zero")).expect_err("a device");
        assert!(
            e.to_string().ends_with("is a device, not a scenario file"),
            "{e}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_endless_pipe_stops_at_the_limit() {
        use std::io::Write;
        let dir = std::env::temp_dir().join(format!("detente-fifo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir is writable");
        let fifo = dir.join("endless.json");
        let _ = std::fs::remove_file(&fifo);
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        let writer_path = fifo.clone();
        let writer = std::thread::spawn(move || {
            let mut w = File::options()
                .write(true)
                .open(&writer_path)
                .expect("the reader opens the other end");
            let block = vec![b' '; 1 << 16];
            // Writes until the reader stops reading and the pipe breaks.
            while w.write_all(&block).is_ok() {}
        });
        let e = read_text(&fifo).expect_err("endless");
        assert!(e.to_string().contains("larger than the limit"), "{e}");
        writer.join().expect("the writer ends when the pipe breaks");
    }
}
