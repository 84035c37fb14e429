//! Scenarios in code: a builder that fills the same mirror of the file the loader reads,
//! so [`ScenarioBuilder::build`] applies exactly the file's rules and reports the same
//! errors, with the same field paths (`actors[1].weights.nato`).

use std::sync::Arc;

use super::dist::LeverageDist;
use super::effect::{Effect, Linear};
use super::raw::{
    Keyed, Loose, RawActor, RawEffect, RawIssue, RawLeverage, RawRedLine, RawScenario,
};
use super::{validate, write, Scenario};
use crate::error::Result;

/// Builds a [`Scenario`] in code. Nothing is checked until [`ScenarioBuilder::build`],
/// which applies every rule of the file format; entries keep the order they are added
/// in, which is the order the file would list them in (and the error paths' indices).
///
/// ```
/// use detente::scenario::{ActorSpec, IssueSpec, LeverageDist, LeverageSpec, Linear, RedLineSpec};
/// use detente::{Concept, Engine, Problem, Scenario};
///
/// let scenario = Scenario::builder("split")
///     .issue(IssueSpec::discrete("nato", ["member", "neutral"]))
///     .issue(IssueSpec::continuous("share", 0.0, 1.0))
///     .actor(
///         ActorSpec::new("a")
///             .weight("share", 1.0)
///             .curve("share", [(0.0, 0.0), (1.0, 1.0)])
///             .red_line(RedLineSpec::options("nato", ["member"])),
///     )
///     .actor(
///         ActorSpec::new("b")
///             .weight("share", 1.0)
///             .weight("nato", 0.5)
///             .values("nato", [("member", 1.0), ("neutral", 0.0)])
///             .curve("share", [(0.0, 1.0), (1.0, 0.0)]),
///     )
///     .leverage(
///         LeverageSpec::new("support")
///             .distribution(LeverageDist::uniform(0.0, 1.0)?)
///             .effect("a", Linear { disagreement: 0.2, ..Linear::ZERO }),
///     )
///     .build()?;
/// assert_eq!(scenario.actors()[1].weights(), &[1.0 / 3.0, 2.0 / 3.0]);
/// let verdict = Engine::new(&scenario).solve(Concept::Nash, &scenario.status_quo_situation())?;
/// assert!(verdict.agreement().is_some());
///
/// // The file's rules, with the file's field paths.
/// let bad = Scenario::builder("bad")
///     .issue(IssueSpec::continuous("share", 0.0, 1.0))
///     .actor(ActorSpec::new("a").weight("share", -1.0))
///     .build();
/// match bad {
///     Err(detente::Error::Scenario(detente::error::ScenarioError::Invalid { field, problem, .. })) => {
///         assert_eq!(field.to_string(), "actors[0].weights.share");
///         assert_eq!(problem, Problem::Negative(-1.0));
///     }
///     other => panic!("expected an invalid scenario, got {other:?}"),
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct ScenarioBuilder {
    raw: RawScenario,
    source: Option<String>,
}

impl ScenarioBuilder {
    /// A scenario called `name`, with nothing in it yet.
    pub fn new(name: impl Into<String>) -> Self {
        ScenarioBuilder {
            raw: RawScenario {
                name: Some(name.into()),
                ..RawScenario::default()
            },
            source: None,
        }
    }

    /// What errors and [`Scenario::source`] call the input (default: the scenario's
    /// name).
    #[must_use]
    pub fn source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Free-text description.
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.raw.description = Some(description.into());
        self
    }

    /// Add an issue (after those added before).
    #[must_use]
    pub fn issue(mut self, issue: IssueSpec) -> Self {
        self.raw.issues.get_or_insert_with(Vec::new).push(issue.0);
        self
    }

    /// Add an actor (after those added before).
    #[must_use]
    pub fn actor(mut self, actor: ActorSpec) -> Self {
        self.raw.actors.get_or_insert_with(Vec::new).push(actor.0);
        self
    }

    /// Add a leverage variable (after those added before).
    #[must_use]
    pub fn leverage(mut self, leverage: LeverageSpec) -> Self {
        self.raw
            .leverage
            .get_or_insert_with(Vec::new)
            .push(leverage.0);
        self
    }

    /// Check every rule of the file format and make the scenario.
    ///
    /// # Errors
    /// [`ScenarioError::Invalid`](crate::error::ScenarioError::Invalid) naming the field as the file would
    /// (`actors[1].weights.nato`) and the [`Problem`](crate::Problem), exactly as
    /// [`Scenario::from_json`] reports the same mistake in a file.
    pub fn build(self) -> Result<Scenario> {
        let source = match self.source {
            Some(s) => s,
            None => self.raw.name.clone().unwrap_or_default(),
        };
        validate::scenario(self.raw, &source)
    }
}

/// An issue for [`ScenarioBuilder::issue`]: labelled options or a numeric range.
#[derive(Debug, Clone)]
pub struct IssueSpec(RawIssue);

impl IssueSpec {
    /// A discrete issue with these option labels, in order.
    pub fn discrete<S: Into<String>>(
        id: impl Into<String>,
        options: impl IntoIterator<Item = S>,
    ) -> Self {
        IssueSpec(RawIssue {
            id: Some(id.into()),
            options: Some(options.into_iter().map(Into::into).collect()),
            ..RawIssue::default()
        })
    }

    /// A continuous issue over `[lo, hi]`.
    pub fn continuous(id: impl Into<String>, lo: f64, hi: f64) -> Self {
        IssueSpec(RawIssue {
            id: Some(id.into()),
            range: Some(vec![lo, hi]),
            ..RawIssue::default()
        })
    }

    /// Free-text description.
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.0.description = Some(description.into());
        self
    }
}

/// An actor for [`ScenarioBuilder::actor`]. Unset fields take the file's defaults
/// (seated, power 1, patience 0.95, disagreement 0); weights are required, as in the
/// file.
#[derive(Debug, Clone)]
pub struct ActorSpec(pub(super) RawActor);

impl ActorSpec {
    /// An actor with this id.
    pub fn new(id: impl Into<String>) -> Self {
        ActorSpec(RawActor {
            id: Some(id.into()),
            ..RawActor::default()
        })
    }

    /// Free-text description.
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.0.description = Some(description.into());
        self
    }

    /// Whether the actor sits at the table (bargains and holds a veto).
    #[must_use]
    pub fn seated(mut self, seated: bool) -> Self {
        self.0.seated = Some(seated);
        self
    }

    /// Bargaining power alpha > 0.
    #[must_use]
    pub fn power(mut self, power: f64) -> Self {
        self.0.power = Some(power);
        self
    }

    /// Per-round discount factor delta in (0, 1).
    #[must_use]
    pub fn patience(mut self, patience: f64) -> Self {
        self.0.patience = Some(patience);
        self
    }

    /// Utility when there is no deal.
    #[must_use]
    pub fn disagreement(mut self, disagreement: f64) -> Self {
        self.0.disagreement = Some(disagreement);
        self
    }

    /// The weight of `issue` (non-negative; normalised with the others by
    /// [`ScenarioBuilder::build`]). Setting it again replaces it.
    #[must_use]
    pub fn weight(mut self, issue: impl Into<String>, weight: f64) -> Self {
        self.0
            .weights
            .get_or_insert_with(Keyed::default)
            .insert(issue.into(), weight);
        self
    }

    /// Values of a discrete issue's options, by label: every option needs one (unless
    /// the issue's weight is 0). Adds to (or replaces) values given before.
    #[must_use]
    pub fn values<S: Into<String>>(
        mut self,
        issue: impl Into<String>,
        values: impl IntoIterator<Item = (S, f64)>,
    ) -> Self {
        let table = self.table(issue.into());
        for (label, v) in values {
            table.insert(label.into(), Loose::Number(v));
        }
        self
    }

    /// A piecewise-linear value curve over a continuous issue: points `(x, value)`, x
    /// strictly increasing, covering the whole range. Replaces a curve given before.
    #[must_use]
    pub fn curve(
        mut self,
        issue: impl Into<String>,
        points: impl IntoIterator<Item = (f64, f64)>,
    ) -> Self {
        let points = points
            .into_iter()
            .map(|(x, y)| Loose::List(vec![Loose::Number(x), Loose::Number(y)]))
            .collect();
        self.table(issue.into())
            .insert("points".into(), Loose::List(points));
        self
    }

    fn table(&mut self, issue: String) -> &mut Keyed<Loose> {
        self.0
            .values
            .get_or_insert_with(Keyed::default)
            .get_or_default(issue)
    }

    /// Add a red line.
    #[must_use]
    pub fn red_line(mut self, red_line: RedLineSpec) -> Self {
        self.0
            .red_lines
            .get_or_insert_with(Vec::new)
            .push(red_line.0);
        self
    }
}

/// A red line for [`ActorSpec::red_line`]: outcomes the actor vetoes while seated.
#[derive(Debug, Clone)]
pub struct RedLineSpec(pub(super) RawRedLine);

impl RedLineSpec {
    /// Vetoes these options of a discrete issue.
    pub fn options<S: Into<String>>(
        issue: impl Into<String>,
        labels: impl IntoIterator<Item = S>,
    ) -> Self {
        RedLineSpec(RawRedLine {
            issue: Some(issue.into()),
            options: Some(labels.into_iter().map(Into::into).collect()),
            ..RawRedLine::default()
        })
    }

    /// Vetoes values of a continuous issue strictly below `bound`.
    pub fn below(issue: impl Into<String>, bound: f64) -> Self {
        RedLineSpec(RawRedLine {
            issue: Some(issue.into()),
            below: Some(bound),
            ..RawRedLine::default()
        })
    }

    /// Vetoes values of a continuous issue strictly above `bound`.
    pub fn above(issue: impl Into<String>, bound: f64) -> Self {
        RedLineSpec(RawRedLine {
            issue: Some(issue.into()),
            above: Some(bound),
            ..RawRedLine::default()
        })
    }

    /// Vetoes values of a continuous issue strictly below `lo` or strictly above `hi`.
    pub fn outside(issue: impl Into<String>, lo: f64, hi: f64) -> Self {
        RedLineSpec(RawRedLine {
            issue: Some(issue.into()),
            below: Some(lo),
            above: Some(hi),
            ..RawRedLine::default()
        })
    }

    /// Free-text description.
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.0.description = Some(description.into());
        self
    }
}

/// A leverage variable for [`ScenarioBuilder::leverage`]. It needs a value or a
/// distribution (the value then defaults to the distribution's mean; a value alone
/// fixes the variable there).
#[derive(Debug, Clone)]
pub struct LeverageSpec(RawLeverage);

impl LeverageSpec {
    /// A leverage variable with this id.
    pub fn new(id: impl Into<String>) -> Self {
        LeverageSpec(RawLeverage {
            id: Some(id.into()),
            ..RawLeverage::default()
        })
    }

    /// Free-text description.
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.0.description = Some(description.into());
        self
    }

    /// The status-quo value used by `solve`.
    #[must_use]
    pub fn value(mut self, value: f64) -> Self {
        self.0.value = Some(value);
        self
    }

    /// What a sweep samples.
    #[must_use]
    pub fn distribution(mut self, distribution: LeverageDist) -> Self {
        self.0.distribution = Some(write::raw_distribution(&distribution));
        self
    }

    /// A built-in effect on `actor` (an entry of the file's `effects`).
    #[must_use]
    pub fn effect(self, actor: impl Into<String>, effect: Linear) -> Self {
        self.push(RawEffect {
            actor: Some(actor.into()),
            disagreement: Some(effect.disagreement),
            power: Some(effect.power),
            patience: Some(effect.patience),
            ..RawEffect::default()
        })
    }

    /// A researcher's own effect on `actor`. The scenario then has no file form:
    /// writing it is an error naming this variable.
    #[must_use]
    pub fn custom_effect(self, actor: impl Into<String>, effect: impl Effect + 'static) -> Self {
        self.push(RawEffect {
            actor: Some(actor.into()),
            custom: Some(Arc::new(effect)),
            ..RawEffect::default()
        })
    }

    fn push(mut self, effect: RawEffect) -> Self {
        self.0.effects.get_or_insert_with(Vec::new).push(effect);
        self
    }
}
