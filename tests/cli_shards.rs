//! `sweep --shard K/N --out-shard F` and `merge`: 1, 4 and 7 shards print and write the
//! bytes of the unsharded sweep (JSON, text, CSV, SVG), on 1 and 2 threads.

mod shards;

use shards::*;

/// (name, scenario, flags) of the sweeps compared.
fn cases() -> Vec<(&'static str, String, Vec<&'static str>)> {
    let ukraine = data("examples/data/ukraine_2025.json");
    let linked = data("tests/data/linked/basic.json");
    vec![
        (
            "plain",
            ukraine.clone(),
            vec!["--samples", "150", "--seed", "7"],
        ),
        (
            "vary",
            ukraine.clone(),
            vec![
                "--samples",
                "40",
                "--seed",
                "3",
                "--vary",
                "us_support=0:1:4",
                "--set",
                "kursk_held=1",
            ],
        ),
        (
            "noise",
            ukraine,
            vec!["--samples", "60", "--seed", "5", "--weight-noise", "30"],
        ),
        (
            "linked",
            linked.clone(),
            vec!["--samples", "200", "--seed", "11"],
        ),
        (
            "linked-offers",
            linked,
            vec!["--samples", "24", "--seed", "7", "--concept", "offers"],
        ),
    ]
}

#[test]
fn one_four_and_seven_shards_give_the_unsharded_bytes() {
    for (name, file, flags) in cases() {
        let dir = scratch(name);
        let want = whole(&dir, &file, &flags);
        assert!(want.json.contains("\"scenario_hash\""), "{name}");
        for n in [1, 4, 7] {
            let files = shards(&dir, &file, &flags, n, None);
            let got = merged(&dir, &files, None);
            assert_eq!(got, want, "{name}: {n} shards");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn shard_files_and_merges_do_not_depend_on_threads() {
    let (_, file, flags) = cases().swap_remove(2);
    let dir = scratch("threads");
    let (one, two) = (dir.join("one"), dir.join("two"));
    for d in [&one, &two] {
        std::fs::create_dir_all(d).expect("dir");
    }
    let a = shards(&one, &file, &flags, 3, Some(1));
    let b = shards(&two, &file, &flags, 3, Some(2));
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(
            std::fs::read(x).ok(),
            std::fs::read(y).ok(),
            "{}",
            x.display()
        );
    }
    assert_eq!(merged(&one, &a, Some(1)), merged(&two, &a, Some(2)));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn shards_of_another_n_merge_when_they_tile_the_sweep() {
    let (_, file, flags) = cases().swap_remove(0);
    let dir = scratch("mixed");
    let want = whole(&dir, &file, &flags);
    let halves = shards(&dir, &file, &flags, 2, None);
    let quarters = shards(&dir, &file, &flags, 4, None);
    // Shard 2/2 rerun as 3/4 and 4/4.
    let files = vec![halves[0].clone(), quarters[2].clone(), quarters[3].clone()];
    assert_eq!(merged(&dir, &files, None), want);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_shard_run_prints_its_provenance_and_range() {
    let file = data("tests/data/contract/leverage_set.json");
    let dir = scratch("record");
    let out = dir.join("s.shard");
    let run = detente(&[
        "sweep",
        &file,
        "--samples",
        "10",
        "--seed",
        "2",
        "--shard",
        "2/3",
        "--out-shard",
        path(&out),
        "--json",
    ]);
    ok(&run);
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).expect("JSON");
    assert_eq!(v["shard"], "2/3");
    assert_eq!(
        (v["first_sample"].as_u64(), v["end_sample"].as_u64()),
        (Some(3), Some(6))
    );
    assert_eq!(v["seed"], 2);
    assert_eq!(v["crate_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(v["scenario_hash"].as_str().map(str::len), Some(16));
    assert!(out.exists() && !dir.join("s.shard.part").exists());
    let _ = std::fs::remove_dir_all(&dir);
}
