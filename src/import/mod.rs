//! Scenarios from the formats the field already uses (CONTRACT §5): Genius's XML
//! domains and profiles ([`genius`]), GeniusWeb's JSON profiles ([`geniusweb`]) and
//! KTAB's actor/position/salience tables ([`ktab`]).
//!
//! Every importer gives each actor the utility the other tool gives it, on every
//! outcome (KTAB, which has no utility of its own in the file, gets a documented
//! form). Those tools add weighted evaluations with the weights as written, where the
//! scenario format divides by the weights' sum; an importer writes such a sum exactly
//! in the scenario format: with weights summing to `W < 1`, an interaction term with
//! an empty `when` (it always holds), value 0 and weight `1 - W` carries the missing
//! weight, so that the denominator is exactly 1; with `W >= 1` every value is
//! multiplied by `W`. A file that is malformed, or holds a
//! construct a scenario cannot express, is refused with an
//! [`ImportError`](crate::error::ImportError) naming the file, the element and the
//! construct (or a parse error with its line and column); nothing panics.
//!
//! | format | reads | refuses |
//! | --- | --- | --- |
//! | Genius | discrete, integer and real issues; linear profiles (discrete evaluations, linear integer evaluators, linear and constant real evaluators), reservation value, discount factor; non-linear hyper-rectangle profiles (`sum` of `INCLUDES`/`EXCLUDES` rectangles) as interaction terms | a cap at 1 that binds on some outcome, `constraint` spaces, `min`/`max` aggregations, triangular real evaluators |
//! | GeniusWeb | `LinearAdditiveUtilitySpace` profiles with discrete and number value sets, their domain embedded | other profile kinds, a cap at 1 that binds |
//! | KTAB | the SMP table: one continuous issue per dimension on [0, 100], one actor per row | a row whose saliences are all 0 or negative, positions outside [0, 100] |
//!
//! ```no_run
//! # fn main() -> detente::Result<()> {
//! let scenario = detente::import::genius("party_domain.xml", &["party1.xml", "party2.xml"])?;
//! assert_eq!(scenario.actors()[0].id(), "party1");
//! # Ok(()) }
//! ```

mod additive;
mod genius;
mod genius_domain;
mod geniusweb;
mod geniusweb_domain;
mod hyper;
mod ktab;
mod number;
mod xml;

use std::path::Path;

use crate::error::{Error, Problem, Result, ScenarioError};
use crate::scenario::IssueSpec;
use crate::Scenario;

use additive::Profile;
pub use genius::CAP_MARGIN;
pub use hyper::CAP_SEARCH_NODES;

/// A scenario from a Genius domain (`DOMAIN.xml`) and one profile per actor, as
/// CONTRACT §5 says: one issue per Genius issue in the domain's document order, one
/// seated actor per profile (id: the profile's file name without `.xml`) whose utility
/// equals Genius's own, `min(1, sum_k w_k e_k)` with the weights as written, on every
/// outcome; the reservation value as the disagreement point; the discount factor as
/// the patience when strictly between 0 and 1.
///
/// Non-linear hyper-rectangle profiles (`type="nonlinear"`) become interaction terms
/// (CONTRACT §7), exactly.
///
/// ```
/// # fn main() -> detente::Result<()> {
/// let dir = std::env::temp_dir().join("detente-doc-genius");
/// std::fs::create_dir_all(&dir).map_err(|e| detente::Error::io(&dir, e))?;
/// let write = |name: &str, text: &str| {
///     let path = dir.join(name);
///     std::fs::write(&path, text).map(|_| path)
/// };
/// let domain = write("domain.xml", r#"<negotiation_template><utility_space>
///   <objective index="0" name="root" type="objective">
///     <issue index="1" name="food" type="discrete"><item index="1" value="chips"/><item index="2" value="cake"/></issue>
///     <issue index="2" name="guests" type="integer" lowerbound="0" upperbound="4"/>
///   </objective></utility_space></negotiation_template>"#).map_err(|e| detente::Error::io(&dir, e))?;
/// let host = write("host.xml", r#"<utility_space><objective index="0" name="root" type="objective">
///     <issue index="1" type="discrete"><item value="chips" evaluation="1"/><item value="cake" evaluation="4"/></issue>
///     <weight index="1" value="0.3"/>
///     <issue index="2" type="integer" lowerbound="0" upperbound="4"><evaluator ftype="linear" slope="0.25" offset="0"/></issue>
///     <weight index="2" value="0.5"/>
///   </objective><reservation value="0.2"/><discount_factor value="0.9"/></utility_space>"#).map_err(|e| detente::Error::io(&dir, e))?;
/// let scenario = detente::import::genius(&domain, &[&host])?;
/// let host = &scenario.actors()[0];
/// assert_eq!(host.id(), "host");
/// assert_eq!(host.disagreement(), 0.2);
/// assert_eq!(host.patience(), 0.9);
/// // cake (4/4) and 2 guests (0.25 * 2): 0.3 * 1 + 0.5 * 0.5 = 0.55, weights as written.
/// let u = host.utility(&[detente::Value::Option(1), detente::Value::Option(2)]);
/// assert!((u - 0.55).abs() < 1e-12);
/// # Ok(()) }
/// ```
///
/// # Errors
/// [`ScenarioError::Io`] for a file that cannot be
/// read, [`ScenarioError::Parse`] for XML that is not
/// well-formed, [`ImportError`](crate::error::ImportError) for a missing or bad element
/// or attribute, an unknown issue index, a negative weight or evaluation, a profile
/// whose cap at 1 binds on some outcome, and a construct a scenario cannot express.
pub fn genius<P: AsRef<Path>>(domain: impl AsRef<Path>, profiles: &[P]) -> Result<Scenario> {
    let profiles: Vec<&Path> = profiles.iter().map(AsRef::as_ref).collect();
    genius::import(domain.as_ref(), &profiles)
}

/// A scenario from GeniusWeb `LinearAdditiveUtilitySpace` profiles (JSON), one seated
/// actor per profile (id: the file name without `.json`), with the same rules as
/// [`genius`]: the domain is the one embedded in the profiles (all must agree), the
/// utility is `sum_k w_k u_k(x_k)` with the weights and value utilities as written,
/// the reservation bid's utility is the disagreement point.
///
/// # Errors
/// As [`genius`], for JSON.
///
/// ```
/// # fn main() -> detente::Result<()> {
/// let path = std::env::temp_dir().join("detente-doc-gw-seller.json");
/// std::fs::write(&path, r#"{"LinearAdditiveUtilitySpace": {"name": "seller",
///   "issueUtilities": {"price": {"discreteutils": {"valueUtilities": {"low": 0.2, "high": 1}}}},
///   "issueWeights": {"price": 1},
///   "domain": {"name": "shop", "issuesValues": {"price": {"values": ["low", "high"]}}},
///   "reservationBid": {"issuevalues": {"price": "low"}}}}"#).map_err(|e| detente::Error::io(&path, e))?;
/// let scenario = detente::import::geniusweb(&[&path])?;
/// let seller = &scenario.actors()[0];
/// assert_eq!(seller.id(), "detente-doc-gw-seller");
/// assert!((seller.disagreement() - 0.2).abs() < 1e-12, "the reservation bid's utility");
/// assert!((seller.utility(&[detente::Value::Option(1)]) - 1.0).abs() < 1e-12);
/// # Ok(()) }
/// ```
pub fn geniusweb<P: AsRef<Path>>(profiles: &[P]) -> Result<Scenario> {
    let profiles: Vec<&Path> = profiles.iter().map(AsRef::as_ref).collect();
    geniusweb::import(&profiles)
}

/// A scenario from a KTAB SMP table (CSV): one continuous issue per dimension over
/// [0, 100] (id: the position column's header), one seated actor per row with its
/// power, the saliences as weights and on each dimension the value curve
/// `1 - |x - p| / 100` peaked at the actor's position p. That is KTAB's risk-neutral
/// utility on one dimension; on several, KTAB combines the salience-weighted distances
/// in a Euclidean norm, which is no sum over issues, and this combines them additively
/// (README, "Importing other tools' files").
///
/// ```
/// # fn main() -> detente::Result<()> {
/// let path = std::env::temp_dir().join("detente-doc-ktab.csv");
/// std::fs::write(&path, "Reform,Two parties,2,1,\n\
///     Actor,Description,Power,Subsidy,Sal,\n\
///     Gov,Government,100,20,50,\n\
///     Union,Workers,40,90,80,\n").map_err(|e| detente::Error::io(&path, e))?;
/// let scenario = detente::import::ktab(&path)?;
/// let union = &scenario.actors()[1];
/// assert_eq!(union.power(), 40.0);
/// // 1 at its position 90, falling by 1/100 per unit of distance.
/// assert!((union.utility(&[detente::Value::Number(90.0)]) - 1.0).abs() < 1e-12);
/// assert!((union.utility(&[detente::Value::Number(40.0)]) - 0.5).abs() < 1e-12);
/// # Ok(()) }
/// ```
///
/// # Errors
/// As [`genius`], for CSV.
pub fn ktab(file: impl AsRef<Path>) -> Result<Scenario> {
    ktab::import(file.as_ref())
}

/// The exact value of a decimal written as Java writes a `double`, for the exporter's
/// check of the cap at 1.
pub(crate) fn exact_decimal(text: &str) -> Option<num_rational::BigRational> {
    number::parse(text).map(|n| n.exact)
}

/// The nearest `f64` to an exact rational.
pub(crate) fn approx(x: &num_rational::BigRational) -> f64 {
    number::approx(x)
}

/// How errors and messages name a file.
fn source_name(path: &Path) -> String {
    path.display().to_string()
}

/// An actor's or a scenario's id from a file name: the name without its extension
/// `.xml`, `.json` or `.csv` (any case).
fn file_stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| source_name(path));
    for ext in [".xml", ".json", ".csv"] {
        if name.len() > ext.len() && name.to_ascii_lowercase().ends_with(ext) {
            return name[..name.len() - ext.len()].to_string();
        }
    }
    name
}

/// Build the scenario from imported issues and profiles (each with the file it came
/// from, which errors about that actor name).
fn assemble(
    name: &str,
    description: String,
    source: &str,
    issues: Vec<IssueSpec>,
    order: &[String],
    actors: Vec<(String, Profile)>,
) -> Result<Scenario> {
    let mut builder = Scenario::builder(name)
        .description(description)
        .source(source);
    for issue in issues {
        builder = builder.issue(issue);
    }
    let files: Vec<String> = actors.iter().map(|(f, _)| f.clone()).collect();
    for (i, (file, profile)) in actors.iter().enumerate() {
        if actors[..i].iter().any(|(_, p)| p.id == profile.id) {
            return Err(Error::import(
                file.clone(),
                "(file name)",
                Problem::Duplicate(profile.id.clone()),
            ));
        }
    }
    for (_, profile) in actors {
        builder = builder.actor(profile.into_actor(order));
    }
    builder.build().map_err(|e| blame_actor(e, &files))
}

/// A rule of the scenario format broken by an imported actor, told about that actor's
/// file (`actors[1].disagreement` is the second profile's reservation value).
fn blame_actor(e: Error, files: &[String]) -> Error {
    let Error::Scenario(ScenarioError::Invalid { field, problem, .. }) = &e else {
        return e;
    };
    let path = field.to_string();
    let index = path
        .strip_prefix("actors[")
        .and_then(|rest| rest.split(']').next())
        .and_then(|n| n.parse::<usize>().ok());
    match index.and_then(|i| files.get(i)) {
        Some(file) => Error::import(
            file.clone(),
            format!("as a scenario, {path}"),
            problem.clone(),
        ),
        None => e,
    }
}
