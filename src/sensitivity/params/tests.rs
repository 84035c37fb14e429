use super::*;
use crate::error::InputError;

const PIE: &str = r#"{"name": "pie", "issues": [{"id": "share", "range": [0, 1]},
    {"id": "nato", "options": ["member", "neutral"]}],
  "actors": [
    {"id": "a", "weights": {"share": 1}, "values": {"share": {"points": [[0, 0], [1, 1]]}}},
    {"id": "b", "weights": {"share": 1, "nato": 1}, "values": {"share": {"points": [[0, 1], [1, 0]]},
      "nato": {"member": 0, "neutral": 1}}}],
  "leverage": [{"id": "lev", "distribution": {"uniform": [0, 1]},
    "effects": [{"actor": "a", "disagreement": 0.1}]}]}"#;

fn pie() -> Scenario {
    Scenario::from_json(PIE, "pie.json").expect("a valid pie")
}

fn problem(spec: &str) -> Problem {
    match Param::parse_list(spec, &pie()) {
        Err(Error::Input(InputError { problem, .. })) => problem,
        other => panic!("{spec}: expected an input error, got {other:?}"),
    }
}

#[test]
fn paths_resolve_by_id_and_index() {
    let s = pie();
    let p = Param::parse_list(
        "actors[b].values.nato.neutral=0:1;actors[1].weights.share=1:2;leverage[lev]=0:1;\
         leverage[lev].effects[0].disagreement=0:0.2;actors[a].values.share.points[1][1]=0.5:1;\
         actors[a].power=1:2",
        &s,
    )
    .expect("valid paths");
    assert_eq!(p[2].target, Target::Level(0));
    let steps = |t: &Target| match t {
        Target::Field(steps) => steps.clone(),
        Target::Level(_) => Vec::new(),
    };
    assert_eq!(
        steps(&p[0].target),
        vec![
            Step::Key("actors".into()),
            Step::Index(1),
            Step::Key("values".into()),
            Step::Key("nato".into()),
            Step::Key("neutral".into())
        ]
    );
    assert!(!p[5].is_level(), "a defaulted power can be named");
    assert_eq!(p.len(), 6);
}

#[test]
fn bad_specs_are_refused_with_their_problem() {
    assert!(matches!(
        problem("actors[c].power=1:2"),
        Problem::Unknown { .. }
    ));
    assert!(matches!(
        problem("actors[a].foo=1:2"),
        Problem::Unknown { .. }
    ));
    assert!(matches!(
        problem("actors[a].values=1:2"),
        Problem::WrongKind(_)
    ));
    assert!(matches!(problem("actors[a].id=1:2"), Problem::WrongKind(_)));
    assert!(matches!(problem("actors[a].power"), Problem::Syntax { .. }));
    assert!(matches!(
        problem("actors[a].power=gauss:1:2"),
        Problem::Syntax { .. }
    ));
    assert!(matches!(
        problem("actors[a].power=1:x"),
        Problem::NotANumber { .. }
    ));
    assert!(matches!(
        problem("actors[a].power=2:1"),
        Problem::EmptyRange { .. }
    ));
    assert!(matches!(
        problem("actors[a.power=1:2"),
        Problem::Syntax { .. }
    ));
    assert!(matches!(
        problem("leverage[x]=0:1"),
        Problem::Unknown { .. }
    ));
    assert!(matches!(problem("a.power=1:2;"), Problem::Unknown { .. }));
    assert!(matches!(problem(" ; "), Problem::Empty));
    assert!(matches!(
        problem("actors[a].power=1:2;actors[0].power=1:3"),
        Problem::Duplicate(_)
    ));
}

#[test]
fn set_writes_and_inserts() {
    let s = pie();
    let p = Param::parse_list("actors[a].power=1:2;actors[b].disagreement=0:0.2", &s)
        .expect("valid paths");
    let mut form = s.file_value().expect("a file form");
    for (param, x) in p.iter().zip([1.5, 0.1]) {
        let Target::Field(steps) = &param.target else {
            panic!("fields")
        };
        assert!(set(&mut form, steps, x));
    }
    let next = Scenario::from_file_value(form, "pie.json").expect("valid");
    assert!((next.status_quo_situation().power()[0] - 1.5).abs() < 1e-12);
    assert!((next.status_quo_situation().disagreement()[1] - 0.1).abs() < 1e-12);
}
