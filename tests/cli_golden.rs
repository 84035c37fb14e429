//! The binary's output, byte for byte, on the contract examples: JSON from the library's
//! serialisable results, text tables from the same results.
//!
//! Each file in `tests/data/golden/` is what `detente` printed for the command beside it.
//! A change to a number, a key, the key order or the formatting of any of them fails
//! here; an intended change updates the file (and the CHANGELOG).

use std::process::Command;

/// (golden file, scenario under `tests/data/`, subcommand and its arguments).
const CASES: [(&str, &str, &[&str]); 11] = [
    (
        "rubinstein.offers.first_b.json",
        "contract/rubinstein.json",
        &["solve", "--concept", "offers", "--first", "b", "--json"],
    ),
    (
        "no_deal.offers.json",
        "contract/no_deal.json",
        &["solve", "--concept", "offers", "--json"],
    ),
    (
        "leverage_set.nash.set.json",
        "contract/leverage_set.json",
        &["solve", "--set", "support=1", "--json"],
    ),
    (
        "unseated_observer.kalai.json",
        "contract/unseated_observer.json",
        &["solve", "--concept", "kalai", "--json"],
    ),
    (
        "split_power.nash.txt",
        "contract/split_power.json",
        &["solve", "--concept", "nash"],
    ),
    (
        "redline_share.frontier.r7.json",
        "contract/redline_share.json",
        &["frontier", "--json", "--resolution", "7"],
    ),
    (
        "logroll_three.frontier.json",
        "contract/logroll_three.json",
        &["frontier", "--json"],
    ),
    (
        "no_deal.sweep.json",
        "contract/no_deal.json",
        &["sweep", "--samples", "60", "--seed", "3", "--json"],
    ),
    (
        "discrete_share.sweep.noise.json",
        "sweep/discrete_share.json",
        &[
            "sweep",
            "--samples",
            "40",
            "--seed",
            "5",
            "--weight-noise",
            "20",
            "--json",
        ],
    ),
    (
        "discrete_share.sweep.vary_noise.json",
        "sweep/discrete_share.json",
        &[
            "sweep",
            "--samples",
            "15",
            "--seed",
            "9",
            "--vary",
            "backing=0:1:3",
            "--weight-noise",
            "10",
            "--json",
        ],
    ),
    (
        "discrete_share.sweep.vary.txt",
        "sweep/discrete_share.json",
        &[
            "sweep",
            "--samples",
            "20",
            "--seed",
            "9",
            "--vary",
            "backing=0:1:3",
        ],
    ),
];

#[test]
fn output_bytes_match_the_golden_files() {
    let root = env!("CARGO_MANIFEST_DIR");
    for (golden, scenario, args) in CASES {
        let file = format!("{root}/tests/data/{scenario}");
        let (command, rest) = args.split_first().expect("a subcommand");
        let out = Command::new(env!("CARGO_BIN_EXE_detente"))
            .arg(command)
            .arg(&file)
            .args(rest)
            .output()
            .expect("the binary runs");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{golden}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let want = std::fs::read_to_string(format!("{root}/tests/data/golden/{golden}"))
            .expect("golden file");
        assert_eq!(String::from_utf8_lossy(&out.stdout), want, "{golden}");
    }
}
