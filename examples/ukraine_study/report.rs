//! The study's text report: each claim in full, the verdict table, the stated ranges,
//! and where two scenarios disagree.

use crate::experiments::Claim;
use crate::ranges::{LEVEL_RULE, RULES};
use crate::results::StudyResult;
use crate::robust::{Robustness, CONCEPTS};
use crate::stats::{Expect, Z_VERDICT};

/// One claim in full: the claim, the experiment, each effect, the verdict, the
/// by-construction mark and the robustness checks.
pub fn claim(number: usize, c: &Claim, robustness: Option<&Robustness>) {
    println!("\n== claim {number}: {}", c.claim);
    println!("   text: {}", c.source);
    println!("   experiment: {}", c.experiment);
    println!(
        "   minimum meaningful effect: {} ({})",
        c.minimum.size, c.minimum.reason
    );
    if let Some(why) = c.construction {
        println!("   HOLDS BY CONSTRUCTION: {why}");
    }
    for m in &c.measures {
        let (lo, hi) = m.interval();
        let tag = match (m.headline, m.verdict, m.expected) {
            (h, Some(v), Some((expect, min))) => {
                let what = match expect {
                    Expect::Sign(s) if s > 0.0 => format!("claimed >= +{min}"),
                    Expect::Sign(_) => format!("claimed <= -{min}"),
                    Expect::Negligible => format!("claimed within ±{min}"),
                };
                format!("{}{what}: {v}", if h { "[headline] " } else { "" })
            }
            _ => "for information".into(),
        };
        println!(
            "   - {}: {:+.4} ± {:.4} s.e. ({Z_VERDICT} s.e. [{lo:+.4}, {hi:+.4}], n = {}) — {tag}",
            m.name, m.effect.mean, m.effect.se, m.effect.n
        );
    }
    println!("   verdict: {}", c.verdict);
    match robustness {
        Some(r) => robust(r),
        None => println!("   robustness: no exact probe (the protocol's agents are not a concept)"),
    }
}

fn robust(r: &Robustness) {
    println!(
        "   exact, status quo, stated numbers: {} (margin {:+.4})",
        holds(r.margin),
        r.margin
    );
    if r.flips.is_empty() {
        println!(
            "   flips: none of the {} judged numbers flips it alone within its range",
            r.scanned
        );
    } else {
        println!(
            "   flips: {} of {} judged numbers flip it alone:",
            r.flips.len(),
            r.scanned
        );
        for f in &r.flips {
            let at: Vec<String> = [f.below, f.above]
                .iter()
                .flatten()
                .map(|x| format!("{x:.4}"))
                .collect();
            println!(
                "     {} (stated {:.4}, range [{:.4}, {:.4}]): flips at {}",
                f.path,
                f.stated,
                f.range.0,
                f.range.1,
                at.join(" and ")
            );
        }
    }
    println!(
        "   P(holds) with every judged number drawn: {:.3} ± {:.3} ({} draws, {} unsolved)",
        r.probability.mean, r.probability.se, r.probability.n, r.unsolved
    );
    let cells: Vec<String> = CONCEPTS
        .iter()
        .zip(&r.concepts)
        .map(|(c, m)| format!("{} {}", c.name(), concept_cell(*m)))
        .collect();
    println!("   by concept (exact, status quo): {}", cells.join(", "));
}

/// Whether an exact margin means the claim holds.
pub fn holds(margin: f64) -> &'static str {
    if margin > 0.0 {
        "holds"
    } else {
        "fails"
    }
}

/// A claim's verdict under one concept (`None`: the solver gave no answer).
pub fn concept_cell(m: Option<f64>) -> &'static str {
    match m {
        Some(m) if m > 0.0 => "holds",
        Some(_) => "fails",
        None => "no answer",
    }
}

/// The verdict table: one row per claim.
pub fn table(r: &StudyResult) {
    println!(
        "\n== verdicts, {} ({} judged numbers, seeds {:?}; Monte Carlo {:.1} s, robustness {:.1} s)",
        r.name, r.judged, r.seeds, r.seconds.0, r.seconds.1
    );
    println!(
        "  {:<3} {:<16} {:<5} {:<12} {:<6} {:<6} {:<11} {:<5} {:<7}  nash  kalai egal  offers",
        "#", "claim", "built", "verdict", "min", "seeds", "exact", "flips", "P(hold)"
    );
    for (i, c) in r.claims.iter().enumerate() {
        let rb = r.robustness[i].as_ref();
        let exact = rb.map_or("-", |x| holds(x.margin));
        let flips = rb.map_or("-".into(), |x| x.flips.len().to_string());
        let p = rb.map_or("-".into(), |x| format!("{:.2}", x.probability.mean));
        let concepts: Vec<&str> = match rb {
            Some(x) => x.concepts.iter().map(|m| concept_cell(*m)).collect(),
            None => vec!["-"; CONCEPTS.len()],
        };
        println!(
            "  {:<3} {:<16} {:<5} {:<12} {:<6} {:<6} {:<11} {:<5} {:<7}  {}",
            i + 1,
            c.key,
            if c.construction.is_some() { "yes" } else { "" },
            c.verdict.short(),
            c.minimum.size,
            if r.seeds_agree(i) { "agree" } else { "DIFFER" },
            exact,
            flips,
            p,
            concepts.join(" ")
        );
    }
}

/// The stated ranges, as the study applies them.
pub fn ranges() {
    println!("\n== the stated ranges of the judged numbers (examples/ukraine_study/ranges.rs)");
    for (kind, range, why) in RULES.iter().chain([&LEVEL_RULE]) {
        println!("  - {kind}: {range} ({why})");
    }
}

/// Where two scenarios' verdicts differ, claim by claim.
pub fn compare(a: &StudyResult, b: &StudyResult) {
    println!("\n== {} against {}", a.name, b.name);
    for (x, y) in a.claims.iter().zip(&b.claims) {
        let mark = if x.verdict == y.verdict {
            ""
        } else {
            "  <- the scenarios disagree"
        };
        println!(
            "  {:<16} {:<12} {:<12}{mark}",
            x.key,
            x.verdict.short(),
            y.verdict.short()
        );
    }
}
