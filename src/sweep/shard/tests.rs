//! Shard files: round trips, damage at every byte, torn checkpoints, resume.

use super::*;
use crate::sweep::{run, Grid};

const UKRAINE: &str = include_str!("../../../examples/data/ukraine_2025.json");

fn ukraine() -> Scenario {
    Scenario::from_json(UKRAINE, "ukraine.json").expect("the example is valid")
}

fn options() -> SweepOptions {
    SweepOptions {
        samples: 60,
        seed: 4,
        vary: Some(Grid {
            id: "us_support".into(),
            lo: 0.0,
            hi: 1.0,
            steps: 3,
        }),
        settings: vec![("kursk_held".into(), 1.0), ("kursk_held".into(), 0.0)],
        ..SweepOptions::default()
    }
}

fn spec(k: u32, n: u32) -> ShardSpec {
    ShardSpec::new(k, n).expect("valid spec")
}

fn scratch(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("detente-shard-unit-{}-{name}", std::process::id()))
}

#[test]
fn bytes_round_trip_and_merge_to_the_whole_sweep() {
    let (s, o) = (ukraine(), options());
    let shards: Vec<Shard> = (1..=4)
        .map(|k| run_shard(&s, &o, spec(k, 4)).expect("runs"))
        .map(|sh| Shard::from_bytes(&sh.to_bytes(), "mem").expect("reads back"))
        .collect();
    assert_eq!(
        shards[0].header().flags.settings,
        vec![("kursk_held".to_string(), 0.0)]
    );
    let whole = run(&s, &o).expect("runs");
    let merged = merge(shards).expect("one sweep");
    assert_eq!(merged.sweep().summary(), whole.summary());
    assert_eq!(merged.scenario(), &s);
    let (a, b) = (merged.sweep().samples(), whole.samples());
    assert_eq!(a.len(), b.len());
    for i in 0..a.len() {
        assert_eq!((a.draw(i), a.deal(i)), (b.draw(i), b.deal(i)));
        assert_eq!(
            a.grid_value(i).map(f64::to_bits),
            b.grid_value(i).map(f64::to_bits)
        );
        let bits = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(a.levels(i)), bits(b.levels(i)));
        assert_eq!(bits(a.utilities(i)), bits(b.utilities(i)));
        assert_eq!(bits(a.gains(i)), bits(b.gains(i)));
        assert_eq!(a.outcome(i).is_some(), b.outcome(i).is_some());
    }
}

#[test]
fn every_cut_and_every_flipped_byte_is_an_error_not_a_panic() {
    let s = Scenario::from_json(
        r#"{"name": "pie", "issues": [{"id": "x", "range": [0, 1]}, {"id": "y", "options": ["p", "q"]}],
        "actors": [
          {"id": "a", "weights": {"x": 1, "y": 1}, "values": {"x": {"points": [[0, 0], [1, 1]]}, "y": {"p": 0, "q": 1}}},
          {"id": "b", "weights": {"x": 1, "y": 1}, "values": {"x": {"points": [[0, 1], [1, 0]]}, "y": {"p": 1, "q": 0}}}],
        "leverage": [{"id": "l", "distribution": {"uniform": [0, 1]}, "effects": [{"actor": "a", "disagreement": 0.3}]}]}"#,
        "pie.json",
    )
    .expect("valid");
    let o = SweepOptions {
        samples: 5,
        seed: 1,
        ..SweepOptions::default()
    };
    let bytes = run_shard(&s, &o, ShardSpec::whole())
        .expect("runs")
        .to_bytes();
    assert!(Shard::from_bytes(&bytes, "f").is_ok());
    for cut in 0..bytes.len() {
        assert!(
            Shard::from_bytes(&bytes[..cut], "f").is_err(),
            "cut at {cut}"
        );
    }
    for at in 0..bytes.len() {
        for bit in [0, 3, 7] {
            let mut b = bytes.clone();
            b[at] ^= 1 << bit;
            let e = Shard::from_bytes(&b, "f").expect_err("damage is seen");
            assert!(e.to_string().starts_with("f: "), "{e}");
        }
    }
}

#[test]
fn a_torn_checkpoint_resumes_to_the_same_shard() {
    let (s, o) = (ukraine(), options());
    let want = run_shard(&s, &o, spec(2, 3)).expect("runs");
    let path = scratch("torn");
    let header = ShardHeader::new(&s, "nash", &o, spec(2, 3)).expect("header");
    let mut file = CheckpointFile::create(&path, &header, Layout::new(&s)).expect("created");
    let first = header.range.start;
    // The first 25 samples saved, then a kill in the middle of the next frame.
    let mut part = Samples::new(&s, 0);
    for i in 0..25 {
        part.push_record(
            want.samples().draw(i),
            want.samples().grid_value(i),
            want.samples().levels(i),
            want.samples().outcome(i),
            want.samples().utilities(i),
            want.samples().gains(i),
        );
    }
    file.append(first, &part).expect("saved");
    file.append(first + 25, &part).expect("saved");
    let len = std::fs::metadata(&path).expect("there").len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_len(len - 100))
        .expect("torn");
    let c = Checkpoint {
        path: path.clone(),
        resume: false,
    };
    let concept = o.concept.solver();
    let refused = run_resumable(&s, concept, &o, spec(2, 3), Some(&c), &|_| {});
    assert!(matches!(
        refused,
        Err(crate::Error::Shard(ShardError::Exists { .. }))
    ));
    let c = Checkpoint { resume: true, ..c };
    let other = run_resumable(&s, concept, &o, spec(1, 3), Some(&c), &|_| {});
    let e = other.expect_err("another shard");
    assert!(e.to_string().contains("shard 2/3, not 1/3"), "{e}");
    let got = run_resumable(&s, concept, &o, spec(2, 3), Some(&c), &|_| {}).expect("resumes");
    assert_eq!(got.resumed(), 25);
    assert_eq!(got.to_bytes(), want.to_bytes());
    let _ = std::fs::remove_file(&path);
}

#[test]
fn a_finished_shard_file_reads_back_and_a_checkpoint_does_not() {
    let (s, o) = (ukraine(), options());
    let shard = run_shard(&s, &o, spec(3, 3)).expect("runs");
    let path = scratch("file");
    shard.write(&path).expect("written");
    let back = Shard::read(&path).expect("reads");
    assert_eq!(back.to_bytes(), shard.to_bytes());
    assert_eq!(Shard::read_header(&path).expect("header"), *shard.header());
    let bytes = shard.to_bytes();
    // Without its end frame (17 + 8 bytes): a checkpoint, not a shard.
    let e = Shard::from_bytes(&bytes[..bytes.len() - 25], "p").expect_err("unfinished");
    assert!(e.to_string().contains("without its end frame"), "{e}");
    let _ = std::fs::remove_file(&path);
}
