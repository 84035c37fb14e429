//! The study as one self-contained HTML page (`--html F.html`): per scenario file the
//! verdict table, then every claim with its effects, robustness checks and figure; the
//! stated ranges; where the files disagree. The same data as the text report, built
//! with the library's [`HtmlPage`].

use detente::report::{HtmlCell, HtmlPage, HtmlTable};

use crate::experiments::{Claim, Res};
use crate::plot;
use crate::ranges::{LEVEL_RULE, RULES};
use crate::report::{concept_cell, holds};
use crate::results::StudyResult;
use crate::robust::{Robustness, CONCEPTS};
use crate::stats::Z_VERDICT;

/// The page for the studies of `results` (in the order run), `command` being the
/// command line that remakes it.
///
/// # Errors
/// A figure the page builder refuses (not well-formed SVG).
pub fn page(results: &[StudyResult], command: &str) -> Res<String> {
    let mut page = HtmlPage::new("The Ukraine ceasefire talks, 2025: the text's claims, measured");
    page.paragraph(
        "Each claim of the press analysis is an experiment on a bargaining model of the \
         talks. A verdict holds only when the effect's interval (mean ± 3 s.e.) clears the \
         minimum meaningful effect the claim states beforehand. Each claim is then probed \
         exactly at the status quo: which judged numbers flip it one at a time within \
         their stated ranges, how often it holds when every judged number is drawn at \
         once, and whether it holds under each solution concept. Claims marked 'by \
         construction' follow from how the model is built, whatever the numbers.",
    );
    page.code(command);
    for r in results {
        scenario(&mut page, r)?;
    }
    ranges(&mut page);
    if let [a, b, ..] = results {
        compare(&mut page, a, b);
    }
    Ok(page.render())
}

fn scenario(page: &mut HtmlPage, r: &StudyResult) -> Res<()> {
    page.heading(format!("Scenario {}", r.name));
    page.paragraph(format!(
        "{} judged numbers, each with a stated range; Monte Carlo experiments at seeds \
         {:?} ({:.1} s), robustness checks {:.1} s.",
        r.judged, r.seeds, r.seconds.0, r.seconds.1
    ));
    page.table(verdicts(r));
    for (i, c) in r.claims.iter().enumerate() {
        claim(page, i + 1, c, r.robustness[i].as_ref())?;
    }
    Ok(())
}

fn verdicts(r: &StudyResult) -> HtmlTable {
    let mut header = vec![
        "#",
        "claim",
        "by construction",
        "verdict",
        "minimum",
        "seeds",
        "exact",
        "flips",
        "P(holds)",
    ];
    header.extend(CONCEPTS.iter().map(|c| c.name()));
    let mut t = HtmlTable::new(header).with_caption(format!("Verdicts, {}", r.name));
    for (i, c) in r.claims.iter().enumerate() {
        let rb = r.robustness[i].as_ref();
        let mut row = vec![
            HtmlCell::integer(i as u64 + 1),
            HtmlCell::code(c.key),
            HtmlCell::text(if c.construction.is_some() { "yes" } else { "" }),
            HtmlCell::text(c.verdict.short()),
            HtmlCell::number(c.minimum.size, 2),
            HtmlCell::text(if r.seeds_agree(i) { "agree" } else { "differ" }),
            HtmlCell::text(rb.map_or("-", |x| holds(x.margin))),
            HtmlCell::text(rb.map_or("-".into(), |x| x.flips.len().to_string())),
            rb.map_or(HtmlCell::text("-"), |x| {
                HtmlCell::number(x.probability.mean, 2)
            }),
        ];
        match rb {
            Some(x) => row.extend(x.concepts.iter().map(|m| HtmlCell::text(concept_cell(*m)))),
            None => row.extend(CONCEPTS.iter().map(|_| HtmlCell::text("-"))),
        }
        t.row(row);
    }
    t
}

fn claim(page: &mut HtmlPage, number: usize, c: &Claim, rb: Option<&Robustness>) -> Res<()> {
    page.subheading(format!("Claim {number}: {}", c.claim));
    page.paragraph(format!("The text: {}", c.source));
    page.paragraph(format!("Experiment: {}", c.experiment));
    page.paragraph(format!(
        "Minimum meaningful effect: {} ({}). Verdict: {}.",
        c.minimum.size, c.minimum.reason, c.verdict
    ));
    if let Some(why) = c.construction {
        page.note(format!("Holds by construction: {why}"));
    }
    let mut effects = HtmlTable::new([
        "effect",
        "mean",
        "s.e.",
        "low (3 s.e.)",
        "high (3 s.e.)",
        "n",
        "verdict",
    ]);
    for m in &c.measures {
        let (lo, hi) = m.interval();
        let verdict = match (m.headline, m.verdict) {
            (true, Some(v)) => format!("headline: {}", v.short()),
            (false, Some(v)) => v.short().to_string(),
            (_, None) => "for information".into(),
        };
        effects.row([
            HtmlCell::text(&m.name),
            HtmlCell::number(m.effect.mean, 4),
            HtmlCell::number(m.effect.se, 4),
            HtmlCell::number(lo, 4),
            HtmlCell::number(hi, 4),
            HtmlCell::integer(m.effect.n as u64),
            HtmlCell::text(verdict),
        ]);
    }
    page.table(effects.with_caption(format!("Effects (interval: ± {Z_VERDICT} s.e.)")));
    match rb {
        Some(r) => robustness(page, r),
        None => {
            page.paragraph("No exact probe: the protocol's agents are not a solution concept.");
        }
    }
    let svg = plot::render(number, c)?;
    page.figure(&svg, format!("Claim {number}: {}", c.key))?;
    Ok(())
}

fn robustness(page: &mut HtmlPage, r: &Robustness) {
    let concepts: Vec<String> = CONCEPTS
        .iter()
        .zip(&r.concepts)
        .map(|(c, m)| format!("{} {}", c.name(), concept_cell(*m)))
        .collect();
    page.paragraph(format!(
        "Exact at the status quo with the stated numbers: {} (margin {:+.4}). With every \
         judged number drawn from its range: holds in {:.3} ± {:.3} of {} draws ({} \
         unsolved). By concept: {}.",
        holds(r.margin),
        r.margin,
        r.probability.mean,
        r.probability.se,
        r.probability.n,
        r.unsolved,
        concepts.join(", ")
    ));
    if r.flips.is_empty() {
        page.paragraph(format!(
            "None of the {} judged numbers flips it alone within its range.",
            r.scanned
        ));
        return;
    }
    let mut flips = HtmlTable::new([
        "judged number",
        "stated",
        "range",
        "flips below",
        "flips above",
    ])
    .with_caption(format!(
        "{} of {} judged numbers flip it alone",
        r.flips.len(),
        r.scanned
    ));
    let at = |x: Option<f64>| x.map_or(HtmlCell::text(""), |x| HtmlCell::number(x, 4));
    for f in &r.flips {
        flips.row([
            HtmlCell::code(&f.path),
            HtmlCell::number(f.stated, 4),
            HtmlCell::text(format!("[{:.4}, {:.4}]", f.range.0, f.range.1)),
            at(f.below),
            at(f.above),
        ]);
    }
    page.table(flips);
}

fn ranges(page: &mut HtmlPage) {
    page.heading("The stated ranges of the judged numbers");
    let mut t = HtmlTable::new(["kind", "range", "why"]);
    for (kind, range, why) in RULES.iter().chain([&LEVEL_RULE]) {
        t.row([
            HtmlCell::text(*kind),
            HtmlCell::text(*range),
            HtmlCell::text(*why),
        ]);
    }
    page.table(t);
}

fn compare(page: &mut HtmlPage, a: &StudyResult, b: &StudyResult) {
    page.heading(format!("Where {} and {} disagree", a.name, b.name));
    let mut t = HtmlTable::new(["claim", a.name.as_str(), b.name.as_str(), ""]);
    for (x, y) in a.claims.iter().zip(&b.claims) {
        let mark = if x.verdict == y.verdict {
            ""
        } else {
            "the scenarios disagree"
        };
        t.row([
            HtmlCell::code(x.key),
            HtmlCell::text(x.verdict.short()),
            HtmlCell::text(y.verdict.short()),
            HtmlCell::text(mark),
        ]);
    }
    page.table(t);
}
