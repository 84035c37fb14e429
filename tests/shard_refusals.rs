//! `detente merge` refuses, with exit status 2 and one line naming the file, shards
//! that do not make one whole sweep or that are damaged.

mod shards;

use std::path::{Path, PathBuf};

use shards::*;

const FLAGS: [&str; 4] = ["--samples", "40", "--seed", "7"];

fn shard(dir: &Path, file: &str, extra: &[&str], spec: &str, name: &str) -> PathBuf {
    let out = dir.join(name);
    let mut args = vec!["sweep", file];
    args.extend_from_slice(&FLAGS);
    args.extend_from_slice(extra);
    args.extend(["--shard", spec, "--out-shard", path(&out)]);
    ok(&detente(&args));
    out
}

/// Merge `files`: exit 2, one line on stderr that names `culprit` and says `what`.
fn refused(files: &[&Path], culprit: &Path, what: &str) {
    let mut args = vec!["merge"];
    args.extend(files.iter().map(|f| path(f)));
    let out = detente(&args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(out.stdout.is_empty());
    assert_eq!(err.lines().count(), 1, "{err}");
    let want = format!("detente: {}: ", culprit.display());
    assert!(err.starts_with(&want), "{err}");
    assert!(err.contains(what), "{what}: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// The documented frame checksum (src/sweep/shard/mod.rs), written out again here
/// so that a change to it, or to its documentation, shows.
fn checksum(bytes: &[u8]) -> u64 {
    fn fmix64(mut k: u64) -> u64 {
        k ^= k >> 33;
        k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
        k ^= k >> 33;
        k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        k ^ (k >> 33)
    }
    let mut h = fmix64(0x9e37_79b9_7f4a_7c15 ^ bytes.len() as u64);
    for w in bytes.chunks(8) {
        let mut word = [0_u8; 8];
        word[..w.len()].copy_from_slice(w);
        h = fmix64(h ^ u64::from_le_bytes(word));
    }
    h
}

/// The shard at `from` as if written by detente 0.0.0: the version in its header
/// replaced and the header frame's checksum made right again.
fn from_another_version(from: &Path, to: &Path) {
    let mut b = std::fs::read(from).expect("shard");
    assert_eq!(&b[..8], b"DTNTSHRD");
    let len = u64::from_le_bytes(b[13..21].try_into().expect("8 bytes")) as usize;
    let ours = env!("CARGO_PKG_VERSION").as_bytes();
    let other = format!("{:0<width$}", "0.0.", width = ours.len());
    let version = 21 + 4;
    assert_eq!(&b[version..version + ours.len()], ours);
    b[version..version + ours.len()].copy_from_slice(other.as_bytes());
    let end = 12 + 9 + len;
    let sum = checksum(&b[12..end]);
    b[end..end + 8].copy_from_slice(&sum.to_le_bytes());
    std::fs::write(to, b).expect("written");
}

#[test]
fn shards_of_another_sweep_are_refused() {
    let file = data("tests/data/contract/leverage_set.json");
    let dir = scratch("refuse-sweep");
    let s: Vec<PathBuf> = (1..=3)
        .map(|k| shard(&dir, &file, &[], &format!("{k}/3"), &format!("s{k}.shard")))
        .collect();
    let others: [(&[&str], &str); 4] = [
        (
            &["--concept", "kalai"],
            "flags --concept kalai, not --concept nash",
        ),
        (&["--vary", "support=0:1:4"], "--vary support=0:1:4"),
        (&["--weight-noise", "5"], "--weight-noise 5"),
        (&["--set", "support=0.5"], "--set support=0.5"),
    ];
    for (i, (extra, what)) in others.iter().enumerate() {
        let x = shard(&dir, &file, extra, "2/3", &format!("x{i}.shard"));
        refused(&[&s[0], &x, &s[2]], &x, what);
    }
    for (samples, seed, what) in [
        ("41", "7", "--samples 41, not 40"),
        ("40", "8", "seed 8, not 7"),
    ] {
        let x = dir.join(format!("n{samples}s{seed}.shard"));
        let out = detente(&[
            "sweep",
            &file,
            "--samples",
            samples,
            "--seed",
            seed,
            "--shard",
            "2/3",
            "--out-shard",
            path(&x),
        ]);
        ok(&out);
        refused(&[&s[0], &x, &s[2]], &x, what);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn shards_of_another_scenario_content_or_version_are_refused() {
    let file = data("tests/data/contract/leverage_set.json");
    let dir = scratch("refuse-content");
    let s: Vec<PathBuf> = (1..=3)
        .map(|k| shard(&dir, &file, &[], &format!("{k}/3"), &format!("s{k}.shard")))
        .collect();
    // Another content: the name changed. The same content reformatted is no change.
    let text = std::fs::read_to_string(&file).expect("scenario");
    let value: serde_json::Value = serde_json::from_str(&text).expect("json");
    let compact = dir.join("compact.json");
    std::fs::write(&compact, value.to_string()).expect("written");
    let same = shard(&dir, path(&compact), &[], "2/3", "same.shard");
    let merged = detente(&["merge", path(&s[0]), path(&same), path(&s[2])]);
    ok(&merged);
    let changed = dir.join("changed.json");
    std::fs::write(
        &changed,
        value.to_string().replacen("\"name\":\"", "\"name\":\"x", 1),
    )
    .expect("written");
    let x = shard(&dir, path(&changed), &[], "2/3", "changed.shard");
    refused(&[&s[0], &x, &s[2]], &x, "scenario content hash");
    let old = dir.join("old.shard");
    from_another_version(&s[1], &old);
    refused(&[&s[0], &old, &s[2]], &old, "written by detente 0.0.");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_repeated_and_overlapping_shards_are_refused() {
    let file = data("tests/data/contract/leverage_set.json");
    let dir = scratch("refuse-tiling");
    let s: Vec<PathBuf> = (1..=4)
        .map(|k| shard(&dir, &file, &[], &format!("{k}/4"), &format!("s{k}.shard")))
        .collect();
    refused(
        &[&s[0], &s[1], &s[3]],
        &s[1],
        "samples 20 to 29 of 40 are in no shard given (shard 3/4 is missing)",
    );
    refused(&[&s[1], &s[2], &s[3]], &s[1], "samples 0 to 9 of 40");
    refused(&[&s[0], &s[1], &s[2]], &s[2], "samples 30 to 39 of 40");
    refused(
        &[&s[0], &s[1], &s[1], &s[2], &s[3]],
        &s[1],
        "repeats shard 2/4",
    );
    let copy = dir.join("copy.shard");
    std::fs::copy(&s[2], &copy).expect("copied");
    refused(
        &[&s[0], &s[1], &s[2], &copy, &s[3]],
        &copy,
        "repeats shard 3/4",
    );
    let third = shard(&dir, &file, &[], "2/3", "t2.shard");
    refused(
        &[&s[0], &s[1], &third, &s[2], &s[3]],
        &third,
        "share samples",
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn damaged_files_are_refused() {
    let file = data("examples/data/ukraine_2025.json");
    let dir = scratch("refuse-damage");
    let s: Vec<PathBuf> = (1..=2)
        .map(|k| shard(&dir, &file, &[], &format!("{k}/2"), &format!("s{k}.shard")))
        .collect();
    let bytes = std::fs::read(&s[1]).expect("shard");
    let cut = dir.join("cut.shard");
    for at in [0, 5, 12, 30, bytes.len() / 2, bytes.len() - 1] {
        std::fs::write(&cut, &bytes[..at]).expect("written");
        refused(&[&s[0], &cut], &cut, "truncated shard file");
    }
    // Every byte flipped in turn: never accepted, never a panic.
    let bad = dir.join("bad.shard");
    for at in (0..bytes.len()).step_by(97).chain([8, bytes.len() - 1]) {
        let mut b = bytes.clone();
        b[at] ^= 0x20;
        std::fs::write(&bad, &b).expect("written");
        let out = detente(&["merge", path(&s[0]), path(&bad)]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "byte {at}: {err}");
        assert!(
            err.starts_with(&format!("detente: {}: ", bad.display())),
            "{err}"
        );
    }
    let mut b = bytes.clone();
    b[bytes.len() - 40] ^= 1;
    std::fs::write(&bad, &b).expect("written");
    refused(
        &[&s[0], &bad],
        &bad,
        "corrupt shard file: checksum mismatch",
    );
    refused(
        &[&s[0], Path::new(&file)],
        Path::new(&file),
        "not a detente shard file",
    );
    let gone = dir.join("gone.shard");
    refused(&[&s[0], &gone], &gone, "cannot read shard file");
    let _ = std::fs::remove_dir_all(&dir);
}
