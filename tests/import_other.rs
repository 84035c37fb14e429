//! `detente::import::{geniusweb, ktab}` on hand-made files (tests/data/import/), each
//! utility against the tool's formula evaluated here from the numbers in the files,
//! and round trips through `detente::export::genius`.

use std::path::PathBuf;

use detente::{Domain, Scenario, Value};

const TOL: f64 = 1e-12;

fn data(dir: &str, name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/import")
        .join(dir)
        .join(name)
}

fn options(s: &Scenario, k: usize) -> Vec<String> {
    match s.issues()[k].domain() {
        Domain::Discrete { options } => options.clone(),
        other => panic!("issue {k} is discrete, got {other:?}"),
    }
}

#[test]
fn geniusweb_profiles_get_their_weighted_sums() -> detente::Result<()> {
    // party.json (the domain on its own), host.json (domain embedded, discreteutils,
    // numberutils, a reservation bid), guest.json (class-name spelling, a value
    // without an entry, no reservation bid).
    let s = detente::import::geniusweb(&[
        data("geniusweb", "party.json"),
        data("geniusweb", "host.json"),
        data("geniusweb", "guest.json"),
    ])?;
    assert_eq!(options(&s, 1), ["2", "3", "4", "5", "6"]);
    assert_eq!(
        options(&s, 2),
        ["0", "12.5", "25", "37.5", "50", "62.5", "75", "87.5", "100"]
    );
    let (host, guest) = (&s.actors()[0], &s.actors()[1]);
    assert_eq!((host.id(), guest.id()), ("host", "guest"));
    let line = |lo_u: f64, hi_u: f64, lo: f64, hi: f64, x: f64| {
        lo_u + (hi_u - lo_u) * (x - lo) / (hi - lo)
    };
    for f in 0..3 {
        for g in 0..5 {
            for b in 0..9 {
                let (guests, budget) = (2.0 + g as f64, 12.5 * b as f64);
                let x = [Value::Option(f), Value::Option(g), Value::Option(b)];
                let want_host = 0.5 * [0.25, 1.0, 0.5][f]
                    + 0.3 * line(0.0, 1.0, 2.0, 6.0, guests)
                    + 0.2 * line(1.0, 0.2, 0.0, 100.0, budget);
                let want_guest = 0.25 * [1.0, 0.4, 0.0][f]
                    + 0.25 * line(1.0, 0.0, 2.0, 6.0, guests)
                    + 0.5 * line(0.0, 1.0, 0.0, 100.0, budget);
                assert!((host.utility(&x) - want_host).abs() <= TOL);
                assert!((guest.utility(&x) - want_guest).abs() <= TOL);
            }
        }
    }
    // The reservation bid (chips, 2 guests, budget 100): 0.5 * 0.25 + 0 + 0.2 * 0.2.
    assert!((host.disagreement() - 0.165).abs() <= TOL);
    assert_eq!(guest.disagreement().to_bits(), 0.0_f64.to_bits());
    Ok(())
}

#[test]
fn ktab_rows_become_actors_with_salience_weights_and_tent_curves() -> detente::Result<()> {
    let s = detente::import::ktab(data("ktab", "smp.csv"))?;
    assert_eq!(s.name(), "Energy reform");
    let ids: Vec<&str> = s.issues().iter().map(|i| i.id()).collect();
    assert_eq!(ids, ["Subsidy", "Tax"]);
    // Positions and saliences as written in smp.csv.
    let rows = [
        ("Ministry", 100.0, [(20.0, 60.0), (50.0, 30.0)]),
        ("Union", 40.0, [(90.0, 80.0), (10.0, 10.0)]),
        ("Firm", 60.5, [(75.0, 25.5), (100.0, 0.0)]),
    ];
    for (actor, (id, power, dims)) in s.actors().iter().zip(rows) {
        assert_eq!(actor.id(), id);
        assert_eq!(actor.power().to_bits(), f64::to_bits(power));
        let total: f64 = dims.iter().map(|(_, sal)| sal).sum();
        for i in 0..=20 {
            for j in 0..=20 {
                let x = [5.0 * f64::from(i), 5.0 * f64::from(j)];
                let want: f64 = dims
                    .iter()
                    .zip(x)
                    .map(|((p, sal), x)| sal * (1.0 - (x - p).abs() / 100.0))
                    .sum::<f64>()
                    / total;
                let u = actor.utility(&[Value::Number(x[0]), Value::Number(x[1])]);
                assert!((u - want).abs() <= TOL, "{id} at {x:?}: {u} vs {want}");
            }
        }
    }
    Ok(())
}

/// Every outcome of a scenario whose issues are all discrete.
fn discrete_outcomes(s: &Scenario) -> Vec<Vec<Value>> {
    let mut all = vec![Vec::new()];
    for k in 0..s.issues().len() {
        let n = options(s, k).len();
        all = all
            .into_iter()
            .flat_map(|o| (0..n).map(move |j| [o.clone(), vec![Value::Option(j)]].concat()))
            .collect();
    }
    all
}

fn temp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("detente-import-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn export_then_import_keeps_every_gridded_utility() -> detente::Result<()> {
    let original = Scenario::load(data("genius", "round_trip.json"))?;
    let dir = temp_dir("round-trip");
    let files = detente::export::genius(&original, &dir)?;
    let back = detente::import::genius(&files[0], &files[1..])?;
    assert_eq!(back.actors().len(), original.actors().len());
    let grid = detente::export::GENIUS_GRID;
    for outcome in discrete_outcomes(&back) {
        // The original's outcome: the same options, the grid value of the continuous issue.
        let x: Vec<Value> = original
            .issues()
            .iter()
            .zip(&outcome)
            .map(|(issue, v)| match (issue.domain(), v) {
                (Domain::Continuous { lo, hi }, Value::Option(j)) => {
                    Value::Number(detente::space::grid_value(*lo, *hi, *j, grid))
                }
                _ => *v,
            })
            .collect();
        for (a, b) in original.actors().iter().zip(back.actors()) {
            assert_eq!(a.id(), b.id());
            assert!(
                (a.utility(&x) - b.utility(&outcome)).abs() <= TOL,
                "{} at {outcome:?}",
                a.id()
            );
            assert_eq!(a.disagreement().to_bits(), b.disagreement().to_bits());
            assert_eq!(a.patience().to_bits(), b.patience().to_bits());
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

#[test]
fn import_then_export_then_import_keeps_every_utility() -> detente::Result<()> {
    let profiles = [data("genius", "buyer.xml"), data("genius", "seller.xml")];
    let first = detente::import::genius(data("genius", "mixed_domain.xml"), &profiles)?;
    let dir = temp_dir("twice");
    let files = detente::export::genius(&first, &dir)?;
    let second = detente::import::genius(&files[0], &files[1..])?;
    let hyper = detente::import::genius(
        data("genius", "hyper_domain.xml"),
        &[data("genius", "hyper.xml")],
    )?;
    let e =
        detente::export::genius(&hyper, temp_dir("hyper")).expect_err("interactions are refused");
    assert!(
        e.to_string()
            .contains("actors[0].interactions[1]: not supported"),
        "{e}"
    );
    for outcome in discrete_outcomes(&second) {
        let budget = match outcome[2] {
            Value::Option(j) => {
                detente::space::grid_value(0.0, 100.0, j, detente::export::GENIUS_GRID)
            }
            other => panic!("{other:?}"),
        };
        let mut x = outcome.clone();
        x[2] = Value::Number(budget);
        for (a, b) in first.actors().iter().zip(second.actors()) {
            assert!((a.utility(&x) - b.utility(&outcome)).abs() <= TOL);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
