//! Which issues the seated actors' interaction terms and package red lines link.

use super::Scenario;
use crate::utility::Condition;

impl Scenario {
    /// The blocks of linked issues: the connected components of the graph whose nodes
    /// are the issues and whose edges join the issues of one interaction term or one
    /// package red line of a seated actor (gated or not). Only blocks of two or more
    /// issues are listed; each block is sorted, blocks are ordered by their first
    /// issue. Issues outside every block can be searched one at a time; a block must
    /// be searched jointly.
    ///
    /// ```
    /// use detente::scenario::{ActorSpec, ConditionSpec, IssueSpec, RedLineSpec};
    /// use detente::Scenario;
    ///
    /// let s = Scenario::builder("links")
    ///     .issue(IssueSpec::discrete("a", ["x", "y"]))
    ///     .issue(IssueSpec::continuous("b", 0.0, 1.0))
    ///     .issue(IssueSpec::discrete("c", ["x", "y"]))
    ///     .issue(IssueSpec::discrete("d", ["x", "y"]))
    ///     .actor(
    ///         ActorSpec::new("p")
    ///             .weight("b", 1.0)
    ///             .curve("b", [(0.0, 0.0), (1.0, 1.0)])
    ///             .interaction([ConditionSpec::options("d", ["x"]), ConditionSpec::below("b", 0.5)], 1.0, 1.0)
    ///             .red_line(RedLineSpec::package([
    ///                 ConditionSpec::options("a", ["y"]),
    ///                 ConditionSpec::options("d", ["y"]),
    ///             ])),
    ///     )
    ///     .actor(
    ///         // Unseated: its terms link nothing.
    ///         ActorSpec::new("q")
    ///             .seated(false)
    ///             .weight("b", 1.0)
    ///             .curve("b", [(0.0, 1.0), (1.0, 0.0)])
    ///             .interaction([ConditionSpec::options("c", ["x"]), ConditionSpec::options("a", ["x"])], 1.0, 1.0),
    ///     )
    ///     .build()?;
    /// assert_eq!(s.linked_blocks(), vec![vec![0, 1, 3]]);
    /// # Ok::<(), detente::Error>(())
    /// ```
    pub fn linked_blocks(&self) -> Vec<Vec<usize>> {
        let n = self.issues.len();
        let mut parent: Vec<usize> = (0..n).collect();
        for actor in self.actors.iter().filter(|a| a.seated) {
            let terms = actor.interactions.iter().map(|t| t.when.as_slice());
            let packages = actor.packages.iter().map(|p| p.all.as_slice());
            for conditions in terms.chain(packages) {
                join_all(&mut parent, conditions);
            }
        }
        let mut blocks: Vec<Vec<usize>> = vec![Vec::new(); n];
        for k in 0..n {
            let root = find(&mut parent, k);
            blocks[root].push(k);
        }
        // Issues are pushed in increasing order, so each block is sorted; ordering by
        // the first issue is then a stable sort of the non-trivial blocks.
        let mut blocks: Vec<Vec<usize>> = blocks.into_iter().filter(|b| b.len() >= 2).collect();
        blocks.sort_by_key(|b| b[0]);
        blocks
    }
}

/// Join the issues of one list of conditions into one block.
fn join_all(parent: &mut [usize], conditions: &[Condition]) {
    if let Some(first) = conditions.first() {
        for c in &conditions[1..] {
            let (a, b) = (find(parent, first.issue), find(parent, c.issue));
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        }
    }
}

/// Root of `k` with path halving.
fn find(parent: &mut [usize], mut k: usize) -> usize {
    while parent[k] != k {
        parent[k] = parent[parent[k]];
        k = parent[k];
    }
    k
}

#[cfg(test)]
mod tests;
