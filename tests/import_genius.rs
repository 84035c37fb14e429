//! `detente::import::genius` on hand-made files of every construct (tests/data/import/
//! genius/): each actor's utility on every outcome against Genius's formula evaluated
//! here from the numbers written into the files (not through the importer).

use std::path::PathBuf;

use detente::{Domain, Scenario, Value};

/// Utilities are sums of a few products: they agree to rounding.
const TOL: f64 = 1e-12;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/import/genius")
        .join(name)
}

fn import(domain: &str, profiles: &[&str]) -> Scenario {
    let profiles: Vec<PathBuf> = profiles.iter().map(|p| data(p)).collect();
    detente::import::genius(data(domain), &profiles).expect("the hand-made files import")
}

fn clip(x: f64) -> f64 {
    x.clamp(0.0, 1.0)
}

/// The mixed domain's outcomes: food (3) x guests 2..=6 x budget x music (2), the
/// budget on a fine grid with the breakpoints of the buyer's line (25 and 75).
fn mixed_outcomes() -> Vec<(usize, i64, f64, usize)> {
    let mut budgets: Vec<f64> = (0..=200).map(|j| f64::from(j) * 0.5).collect();
    budgets.extend([24.999, 25.001, 74.999, 75.001, 33.3]);
    let mut out = Vec::new();
    for food in 0..3 {
        for guests in 2..=6 {
            for &budget in &budgets {
                for music in 0..2 {
                    out.push((food, guests, budget, music));
                }
            }
        }
    }
    out
}

fn mixed_value(food: usize, guests: i64, budget: f64, music: usize) -> [Value; 4] {
    [
        Value::Option(food),
        Value::Option((guests - 2) as usize),
        Value::Number(budget),
        Value::Option(music),
    ]
}

#[test]
fn the_mixed_domain_reads_every_issue_kind_in_document_order() {
    let s = import("mixed_domain.xml", &["buyer.xml", "seller.xml"]);
    let ids: Vec<&str> = s.issues().iter().map(|i| i.id()).collect();
    assert_eq!(ids, ["food", "guests", "budget", "music"]);
    match s.issues()[1].domain() {
        Domain::Discrete { options } => assert_eq!(options, &["2", "3", "4", "5", "6"]),
        other => panic!("an integer issue is discrete, got {other:?}"),
    }
    assert!(
        matches!(s.issues()[2].domain(), Domain::Continuous { lo, hi } if (*lo, *hi) == (0.0, 100.0))
    );
    match s.issues()[3].domain() {
        Domain::Discrete { options } => {
            assert_eq!(options, &["band", "dj"], "no type means discrete")
        }
        other => panic!("{other:?}"),
    }
    let ids: Vec<&str> = s.actors().iter().map(|a| a.id()).collect();
    assert_eq!(ids, ["buyer", "seller"]);
    assert!(s.actors().iter().all(|a| a.seated()));
}

#[test]
fn the_buyer_gets_geniuss_sum_with_weights_below_one() {
    // buyer.xml: weights 0.3, 0.2, 0.3, 0.1 (sum 0.9, not normalised); food evaluations
    // 1, 4, 2 (divided by 4); guests slope 0.5, offset -0.25 from lowerbound 2; budget
    // clip(1.5 - 0.02 x); music 3, 0 (divided by 3).
    let s = import("mixed_domain.xml", &["buyer.xml"]);
    let buyer = &s.actors()[0];
    let food = [1.0 / 4.0, 4.0 / 4.0, 2.0 / 4.0];
    let music = [3.0 / 3.0, 0.0];
    for (f, g, b, m) in mixed_outcomes() {
        let genius = (0.3 * food[f]
            + 0.2 * clip(0.5 * (g - 2) as f64 - 0.25)
            + 0.3 * clip(-0.02 * b + 1.5)
            + 0.1 * music[m])
            .min(1.0);
        let u = buyer.utility(&mixed_value(f, g, b, m));
        assert!(
            (u - genius).abs() <= TOL,
            "{f} {g} {b} {m}: {u} vs {genius}"
        );
    }
    assert_eq!(
        buyer.disagreement().to_bits(),
        0.25_f64.to_bits(),
        "the reservation value"
    );
    assert_eq!(
        buyer.patience().to_bits(),
        0.9_f64.to_bits(),
        "the discount factor"
    );
    assert_eq!(buyer.power().to_bits(), 1.0_f64.to_bits());
}

#[test]
fn the_seller_gets_geniuss_sum_with_weights_above_one() {
    // seller.xml: weights 0.4, 0.6, 0.2, 0.1 (sum 1.3, yet the best outcome sums to
    // 0.9); food 2, 1, 2; guests slope 0.125, offset 0; budget constant 0.5; music 0,
    // 5; an objective weight (index 0) that Genius ignores; discount factor 0.
    let s = import("mixed_domain.xml", &["seller.xml"]);
    let seller = &s.actors()[0];
    let food = [1.0, 0.5, 1.0];
    let music = [0.0, 1.0];
    let mut best: f64 = 0.0;
    for (f, g, b, m) in mixed_outcomes() {
        let genius =
            (0.4 * food[f] + 0.6 * clip(0.125 * (g - 2) as f64) + 0.2 * 0.5 + 0.1 * music[m])
                .min(1.0);
        let u = seller.utility(&mixed_value(f, g, b, m));
        assert!(
            (u - genius).abs() <= TOL,
            "{f} {g} {b} {m}: {u} vs {genius}"
        );
        best = best.max(u);
    }
    assert!((best - 0.9).abs() <= TOL);
    assert_eq!(
        seller.disagreement().to_bits(),
        0.0_f64.to_bits(),
        "no reservation value"
    );
    assert_eq!(
        seller.patience().to_bits(),
        0.95_f64.to_bits(),
        "a discount factor of 0 is no discounting: the default"
    );
}

#[test]
fn hyper_rectangles_become_interaction_terms() {
    // hyper.xml: maxutility 100; 40 when a in 1..=3 and b in 0..=2; 30 * 0.5 when c is
    // outside 2..=4 (EXCLUDES); 10 always; a nested ufun of weight 2 paying 15 when a
    // in 3..=9.
    let s = import("hyper_domain.xml", &["hyper.xml"]);
    let actor = &s.actors()[0];
    for a in 0..5i64 {
        for b in 0..5i64 {
            for c in 0..5i64 {
                let mut f = 10.0;
                if (1..=3).contains(&a) && (0..=2).contains(&b) {
                    f += 40.0;
                }
                if !(2..=4).contains(&c) {
                    f += 30.0 * 0.5;
                }
                if (3..=9).contains(&a) {
                    f += 2.0 * 15.0;
                }
                let genius = (f / 100.0_f64).min(1.0);
                let x = [a, b, c].map(|v| Value::Option(v as usize));
                let u = actor.utility(&x);
                assert!(
                    (u - genius).abs() <= TOL,
                    "({a}, {b}, {c}): {u} vs {genius}"
                );
            }
        }
    }
    assert_eq!(actor.disagreement().to_bits(), 0.1_f64.to_bits());
    assert_eq!(actor.patience().to_bits(), 0.5_f64.to_bits());
    assert_eq!(
        s.linked_blocks(),
        vec![vec![0, 1]],
        "a and b are linked, c only by itself"
    );
}

#[test]
fn the_published_files_quirks_are_read() {
    // quirks_domain.xml: a comment before the XML declaration, a Windows-1252 euro
    // sign (byte 0x80), a bare '&', an item listed twice. quirks.xml: an item evaluated
    // twice (the last counts, 4), a discount factor "s" and a reservation without a
    // value (Genius goes on without them).
    let s = import("quirks_domain.xml", &["quirks.xml"]);
    match s.issues()[0].domain() {
        Domain::Discrete { options } => assert_eq!(options, &["€10,000", "€20,000"]),
        other => panic!("{other:?}"),
    }
    match s.issues()[1].domain() {
        Domain::Discrete { options } => assert_eq!(options, &["AT & T", "Sprint"]),
        other => panic!("{other:?}"),
    }
    let actor = &s.actors()[0];
    let u = |p, c| actor.utility(&[Value::Option(p), Value::Option(c)]);
    assert!((u(0, 0) - (0.6 / 3.0 + 0.4 * 2.0 / 4.0)).abs() <= TOL);
    assert!((u(1, 1) - (0.6 + 0.4)).abs() <= TOL);
    assert_eq!(actor.patience().to_bits(), 0.95_f64.to_bits());
    assert_eq!(actor.disagreement().to_bits(), 0.0_f64.to_bits());
}

#[test]
fn the_imported_scenario_writes_and_reads_back_unchanged() -> detente::Result<()> {
    let s = import("mixed_domain.xml", &["buyer.xml", "seller.xml"]);
    let again = Scenario::from_json(&s.to_json()?, "again")?;
    assert_eq!(again, s);
    Ok(())
}

#[test]
fn refusals_name_the_file_the_element_and_the_construct() {
    let cases = [
        (
            "mixed_domain.xml",
            "negative_weight.xml",
            "line 9 <weight index=\"1\"> value: must not be negative, got -0.5",
        ),
        (
            "mixed_domain.xml",
            "unknown_index.xml",
            "line 24 <issue index=\"9\" name=\"ghost\"> index: unknown issue index '9'",
        ),
        (
            "mixed_domain.xml",
            "missing_weight_value.xml",
            "line 23 <weight index=\"4\"> value: is required but missing",
        ),
        (
            "hyper_domain.xml",
            "hyper_max.xml",
            "line 9 <ufun> aggregation: not supported: 'max' aggregation (not a sum of terms)",
        ),
    ];
    for (domain, profile, message) in cases {
        let e = detente::import::genius(data(domain), &[data(profile)]).expect_err(profile);
        let text = e.to_string();
        assert!(text.ends_with(&format!("{profile}: {message}")), "{text}");
        assert!(matches!(e, detente::Error::Import(_)), "{e:?}");
    }
}
