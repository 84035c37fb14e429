//! `--resume` after a real kill: the binary is stopped part-way (SIGKILL, as a job
//! killed at its time limit; SIGTERM, as Slurm's first signal), resumed from its
//! checkpoint, and its final bytes equal an uninterrupted run's.

mod shards;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use shards::*;

/// Enough samples that a run takes seconds (a round of samples is saved every tenth
/// of a second or so), fewer in an unoptimised build.
fn samples() -> &'static str {
    if cfg!(debug_assertions) {
        "40000"
    } else {
        "200000"
    }
}

fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_detente"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts")
}

/// Wait until the checkpoint holds samples (well past its header), then stop the
/// run with `signal`; the run must not have finished by then.
fn kill_after_a_checkpoint(mut child: Child, checkpoint: &Path, signal: &str) {
    let start = Instant::now();
    loop {
        let size = std::fs::metadata(checkpoint).map_or(0, |m| m.len());
        if size > 200_000 {
            break;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("the run ended ({status}) before it saved a checkpoint: make it longer");
        }
        assert!(start.elapsed() < Duration::from_secs(300), "no checkpoint");
        std::thread::sleep(Duration::from_millis(20));
    }
    let pid = child.id().to_string();
    let sent = Command::new("kill")
        .args([signal, &pid])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let status = child.wait().expect("the run ends");
    assert!(!status.success(), "killed before it finished");
}

/// `detente: C: resumed after N of M samples`: N.
fn resumed(stderr: &[u8]) -> u64 {
    let text = String::from_utf8_lossy(stderr);
    let n = text
        .split("resumed after ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok());
    n.unwrap_or_else(|| panic!("no resume line in {text}"))
}

#[test]
fn a_killed_sweep_resumes_to_the_uninterrupted_bytes() {
    let file = data("examples/data/ukraine_2025.json");
    let dir = scratch("resume");
    let (csv, cp) = (dir.join("rows.csv"), dir.join("sweep.checkpoint"));
    let flags = [
        "sweep",
        &file,
        "--samples",
        samples(),
        "--seed",
        "5",
        "--json",
    ];
    let want_csv = dir.join("want.csv");
    let mut uninterrupted = flags.to_vec();
    uninterrupted.extend(["--out", path(&want_csv)]);
    let reference = detente(&uninterrupted);
    ok(&reference);
    let mut args = flags.to_vec();
    args.extend(["--out", path(&csv), "--checkpoint", path(&cp)]);
    kill_after_a_checkpoint(spawn(&args), &cp, "-KILL");
    assert!(!csv.exists(), "no output from a killed run");
    // Without --resume the checkpoint is not overwritten.
    let refused = detente(&args);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--resume"));
    args.push("--resume");
    let again = detente(&args);
    ok(&again);
    let done = resumed(&again.stderr);
    let total: u64 = samples().parse().expect("a number");
    assert!(done > 0 && done < total, "resumed after {done} of {total}");
    assert_eq!(again.stdout, reference.stdout);
    assert!(!cp.exists(), "the checkpoint goes once the sweep is done");
    assert_eq!(std::fs::read(&csv).ok(), std::fs::read(&want_csv).ok());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_terminated_shard_resumes_to_the_same_shard_file() {
    let file = data("examples/data/ukraine_2025.json");
    let dir = scratch("resume-shard");
    let (want, out) = (dir.join("want.shard"), dir.join("s1.shard"));
    let part = dir.join("s1.shard.part");
    let flags = [
        "sweep",
        &file,
        "--samples",
        samples(),
        "--seed",
        "9",
        "--shard",
        "1/2",
    ];
    let mut args = flags.to_vec();
    args.extend(["--out-shard", path(&want)]);
    ok(&detente(&args));
    let mut args = flags.to_vec();
    args.extend(["--out-shard", path(&out)]);
    kill_after_a_checkpoint(spawn(&args), &part, "-TERM");
    assert!(!out.exists());
    args.push("--resume");
    let again = detente(&args);
    ok(&again);
    assert!(resumed(&again.stderr) > 0);
    assert_eq!(std::fs::read(&out).ok(), std::fs::read(&want).ok());
    assert!(!part.exists());
    // Resuming a finished shard keeps it and computes nothing.
    let kept = detente(&args);
    ok(&kept);
    assert!(kept.stderr.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_checkpoint_of_another_sweep_is_refused() {
    let file = data("examples/data/ukraine_2025.json");
    let dir = scratch("resume-other");
    let cp = dir.join("c.checkpoint");
    let run = |seed: &str| {
        detente(&[
            "sweep",
            &file,
            "--samples",
            "20000",
            "--seed",
            seed,
            "--checkpoint",
            path(&cp),
            "--resume",
            "--max-nodes",
            "3000",
        ])
    };
    // A budget stop leaves the rounds done in the checkpoint (exit 3).
    assert_eq!(run("1").status.code(), Some(3));
    assert!(cp.exists());
    let other = run("2");
    assert_eq!(other.status.code(), Some(2));
    let err = String::from_utf8_lossy(&other.stderr);
    assert!(
        err.contains(path(&cp)) && err.contains("seed 1, not 2"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
