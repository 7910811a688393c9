//! The status of an application — one set of rules for the portal and the app:
//! which [`Event`] may move which [`Status`], who may send it, and what its data must
//! hold. The shapes are the wire types of [`crate::api::applications`].
//!
//! | from                          | event                   | to           | by             |
//! |-------------------------------|-------------------------|--------------|----------------|
//! | `draft`                       | `submit`                | `submitted`  | citizen        |
//! | `draft`, `submitted`          | `withdraw`              | `withdrawn`  | citizen        |
//! | `submitted`                   | `register`              | `registered` | agency         |
//! | `registered`                  | `start`                 | `in_progress`| agency         |
//! | `in_progress`                 | `need_visit`            | `visit_needed`| agency        |
//! | `visit_needed`                | `visited`               | `in_progress`| agency         |
//! | `in_progress`, `visit_needed` | `decide` ready          | `ready`      | agency         |
//! | `submitted`, `registered`, `in_progress`, `visit_needed` | `decide` refused | `refused` | agency |
//! | `ready`, `refused`            | `close`                 | `closed`     | agency, portal |
//!
//! The citizen submits and withdraws (withdrawing only before registration: after
//! that the agency has it); the agency registers, works, asks for a visit and
//! decides; the agency or the portal closes an application once it has an outcome.
//! `Closed` and `Withdrawn` are terminal. Everything not listed is refused — a
//! table test walks every (state, event, actor).

use time::OffsetDateTime;

pub use crate::api::applications::{Actor, Decision, Event, ResultForm, Status};

/// Why a transition was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// This event cannot happen in this state, whoever sends it.
    #[error("not allowed in this state")]
    NotAllowed,
    /// The event can happen in this state, but not from this actor.
    #[error("not this actor's to send")]
    WrongActor,
    /// The right event from the right actor, with data that cannot be accepted.
    #[error("invalid data: {0}")]
    InvalidData(DataProblem),
}

impl Refusal {
    /// Stable machine code: `not_allowed`, `wrong_actor`, `invalid_data`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotAllowed => "not_allowed",
            Self::WrongActor => "wrong_actor",
            Self::InvalidData(_) => "invalid_data",
        }
    }
}

/// What is wrong with an event's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DataProblem {
    #[error("the agency number is empty")]
    AgencyNumberEmpty,
    #[error("the reason for a refusal is empty")]
    ReasonEmpty,
    #[error("the place of the visit is empty")]
    PlaceEmpty,
    #[error("an item of what to bring is empty")]
    BringItemEmpty,
    #[error("the visit is not in the future")]
    VisitNotInFuture,
}

impl DataProblem {
    /// Stable machine code, for the UI to translate.
    pub fn code(&self) -> &'static str {
        match self {
            Self::AgencyNumberEmpty => "agency_number_empty",
            Self::ReasonEmpty => "reason_empty",
            Self::PlaceEmpty => "place_empty",
            Self::BringItemEmpty => "bring_item_empty",
            Self::VisitNotInFuture => "visit_not_in_future",
        }
    }
}

/// A refused transition: which (state, event, actor) and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{event} in state {state} by {actor:?}: {refusal}")]
pub struct TransitionError {
    /// [`Status::key`] of the state the event was applied to.
    pub state: &'static str,
    /// [`event_key`] of the event.
    pub event: &'static str,
    pub actor: Actor,
    pub refusal: Refusal,
}

impl Status {
    /// No event moves it any more.
    pub fn is_terminal(&self) -> bool {
        matches!(self, Self::Closed | Self::Withdrawn)
    }

    /// The state's name as in JSON (`visit_needed`).
    pub fn key(&self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Registered { .. } => "registered",
            Self::InProgress => "in_progress",
            Self::VisitNeeded { .. } => "visit_needed",
            Self::Ready { .. } => "ready",
            Self::Refused { .. } => "refused",
            Self::Closed => "closed",
            Self::Withdrawn => "withdrawn",
        }
    }

    /// Plain-language label for the UI: (Russian, English).
    pub fn label(&self) -> (&'static str, &'static str) {
        match self {
            Self::Draft => ("Черновик", "Draft"),
            Self::Submitted => ("Отправлено", "Sent"),
            Self::Registered { .. } => ("Зарегистрировано ведомством", "Registered by the agency"),
            Self::InProgress => ("Рассматривается", "Being considered"),
            Self::VisitNeeded { .. } => ("Нужен личный визит", "Visit in person needed"),
            Self::Ready { .. } => ("Готово", "Ready"),
            Self::Refused { .. } => ("Отказано", "Refused"),
            Self::Closed => ("Закрыто", "Closed"),
            Self::Withdrawn => ("Отозвано", "Withdrawn"),
        }
    }
}

/// The event's name as in JSON (`need_visit`).
pub fn event_key(event: &Event) -> &'static str {
    match event {
        Event::Submit => "submit",
        Event::Register { .. } => "register",
        Event::Start => "start",
        Event::NeedVisit { .. } => "need_visit",
        Event::Visited => "visited",
        Event::Decide(_) => "decide",
        Event::Close => "close",
        Event::Withdraw => "withdraw",
    }
}

/// Reads an event from JSON, refusing any field its kind does not have (serde's
/// `deny_unknown_fields` does not reach the unit kinds of a tagged enum): what is
/// read must write back to exactly the fields sent.
pub fn parse_event(value: &serde_json::Value) -> Result<Event, String> {
    let event: Event = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
    let back = serde_json::to_value(&event).map_err(|e| e.to_string())?;
    let keys = |v: &serde_json::Value| {
        v.as_object()
            .map(|o| o.keys().cloned().collect::<std::collections::BTreeSet<_>>())
            .unwrap_or_default()
    };
    let extra: Vec<String> = keys(value).difference(&keys(&back)).cloned().collect();
    if extra.is_empty() {
        Ok(event)
    } else {
        Err(format!(
            "unknown field(s) for this event: {}",
            extra.join(", ")
        ))
    }
}

/// Who may send the event (when the state allows it at all).
fn may_send(event: &Event, by: Actor) -> bool {
    match event {
        Event::Submit | Event::Withdraw => by == Actor::Citizen,
        Event::Register { .. }
        | Event::Start
        | Event::NeedVisit { .. }
        | Event::Visited
        | Event::Decide(_) => by == Actor::Agency,
        Event::Close => matches!(by, Actor::Agency | Actor::Portal),
    }
}

/// Trimmed text, or `problem` if nothing is left.
fn non_empty(text: &str, problem: DataProblem) -> Result<String, DataProblem> {
    let t = text.trim();
    if t.is_empty() {
        Err(problem)
    } else {
        Ok(t.to_owned())
    }
}

fn refused(reason: &str) -> Result<Status, DataProblem> {
    Ok(Status::Refused {
        reason: non_empty(reason, DataProblem::ReasonEmpty)?,
    })
}

/// The next status when `by` sends `event` to an application in `current`; `now`
/// is the moment of the event (a visit must be after it). Texts are stored trimmed.
pub fn apply(
    current: &Status,
    event: &Event,
    by: Actor,
    now: OffsetDateTime,
) -> Result<Status, TransitionError> {
    let error = |refusal| TransitionError {
        state: current.key(),
        event: event_key(event),
        actor: by,
        refusal,
    };
    // First whether the state allows the event at all, then the actor, then the data:
    // a wrong actor is not told what is wrong with their data.
    let Some(outcome) = transition(current, event, now) else {
        return Err(error(Refusal::NotAllowed));
    };
    if !may_send(event, by) {
        return Err(error(Refusal::WrongActor));
    }
    outcome.map_err(|p| error(Refusal::InvalidData(p)))
}

/// The state machine without actors: `None` if the state does not take the event.
fn transition(
    current: &Status,
    event: &Event,
    now: OffsetDateTime,
) -> Option<Result<Status, DataProblem>> {
    let next = match (current, event) {
        (Status::Draft, Event::Submit) => Ok(Status::Submitted),
        (Status::Draft | Status::Submitted, Event::Withdraw) => Ok(Status::Withdrawn),
        (Status::Submitted, Event::Register { agency_number }) => {
            non_empty(agency_number, DataProblem::AgencyNumberEmpty)
                .map(|agency_number| Status::Registered { agency_number })
        }
        // Refused on receipt, or after registration before the work starts.
        (
            Status::Submitted | Status::Registered { .. },
            Event::Decide(Decision::Refused { reason }),
        ) => refused(reason),
        (Status::Registered { .. }, Event::Start)
        | (Status::VisitNeeded { .. }, Event::Visited) => Ok(Status::InProgress),
        (Status::InProgress, Event::NeedVisit { at, place, bring }) => {
            visit(*at, place, bring, now)
        }
        (Status::InProgress | Status::VisitNeeded { .. }, Event::Decide(decision)) => {
            match decision {
                Decision::Ready { result } => Ok(Status::Ready { result: *result }),
                Decision::Refused { reason } => refused(reason),
            }
        }
        (Status::Ready { .. } | Status::Refused { .. }, Event::Close) => Ok(Status::Closed),
        _ => return None,
    };
    Some(next)
}

fn visit(
    at: OffsetDateTime,
    place: &str,
    bring: &[String],
    now: OffsetDateTime,
) -> Result<Status, DataProblem> {
    if at <= now {
        return Err(DataProblem::VisitNotInFuture);
    }
    let place = non_empty(place, DataProblem::PlaceEmpty)?;
    let bring = bring
        .iter()
        .map(|item| non_empty(item, DataProblem::BringItemEmpty))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Status::VisitNeeded { at, place, bring })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-12-03 10:00 UTC);
    const NUMBER: &str = "77-2026-000123";
    const REASON: &str = "Не хватает справки о доходах";
    const PLACE: &str = "МФЦ «Мои документы», Тверская ул., 8";

    fn visit_at() -> OffsetDateTime {
        datetime!(2026-12-10 11:30 +03:00)
    }

    #[test]
    fn an_event_with_an_unknown_field_is_refused_not_half_read() {
        for (text, ok) in [
            (r#"{"event": "start"}"#, true),
            (r#"{"event": "start", "agency_number": "1"}"#, false),
            (r#"{"event": "register", "agency_number": "1"}"#, true),
            (
                r#"{"event": "register", "agency_number": "1", "extra": 1}"#,
                false,
            ),
            (
                r#"{"event": "decide", "decision": "refused", "reason": "r"}"#,
                true,
            ),
            (
                r#"{"event": "decide", "decision": "refused", "reason": "r", "x": 1}"#,
                false,
            ),
            (r#"{"event": "fly"}"#, false),
            (r#"[1]"#, false),
        ] {
            let value: serde_json::Value = serde_json::from_str(text).expect("test JSON");
            assert_eq!(parse_event(&value).is_ok(), ok, "{text}");
        }
    }
    fn bring() -> Vec<String> {
        vec!["Паспорт".into(), "СНИЛС".into()]
    }

    /// One sample of every state.
    fn states() -> Vec<Status> {
        vec![
            Status::Draft,
            Status::Submitted,
            Status::Registered {
                agency_number: NUMBER.into(),
            },
            Status::InProgress,
            Status::VisitNeeded {
                at: visit_at(),
                place: PLACE.into(),
                bring: bring(),
            },
            Status::Ready {
                result: ResultForm::Electronic,
            },
            Status::Refused {
                reason: REASON.into(),
            },
            Status::Closed,
            Status::Withdrawn,
        ]
    }

    /// One sample of every event (both decisions), with a name for the table.
    fn events() -> Vec<(&'static str, Event)> {
        vec![
            ("submit", Event::Submit),
            (
                "register",
                Event::Register {
                    agency_number: NUMBER.into(),
                },
            ),
            ("start", Event::Start),
            (
                "need_visit",
                Event::NeedVisit {
                    at: visit_at(),
                    place: PLACE.into(),
                    bring: bring(),
                },
            ),
            ("visited", Event::Visited),
            (
                "decide_ready",
                Event::Decide(Decision::Ready {
                    result: ResultForm::Paper,
                }),
            ),
            (
                "decide_refused",
                Event::Decide(Decision::Refused {
                    reason: REASON.into(),
                }),
            ),
            ("close", Event::Close),
            ("withdraw", Event::Withdraw),
        ]
    }

    const ACTORS: [Actor; 3] = [Actor::Citizen, Actor::Agency, Actor::Portal];

    /// Every allowed (state, event) with the actors that may send it and the result;
    /// every other (state, event, actor) of `states() × events() × ACTORS` is refused:
    /// `wrong_actor` if the pair is listed here, `not_allowed` otherwise.
    fn allowed() -> Vec<(&'static str, &'static str, &'static [Actor], Status)> {
        use Actor::{Agency, Citizen, Portal};
        let refused = Status::Refused {
            reason: REASON.into(),
        };
        vec![
            ("draft", "submit", &[Citizen], Status::Submitted),
            ("draft", "withdraw", &[Citizen], Status::Withdrawn),
            ("submitted", "withdraw", &[Citizen], Status::Withdrawn),
            (
                "submitted",
                "register",
                &[Agency],
                Status::Registered {
                    agency_number: NUMBER.into(),
                },
            ),
            ("submitted", "decide_refused", &[Agency], refused.clone()),
            ("registered", "start", &[Agency], Status::InProgress),
            ("registered", "decide_refused", &[Agency], refused.clone()),
            (
                "in_progress",
                "need_visit",
                &[Agency],
                Status::VisitNeeded {
                    at: visit_at(),
                    place: PLACE.into(),
                    bring: bring(),
                },
            ),
            (
                "in_progress",
                "decide_ready",
                &[Agency],
                Status::Ready {
                    result: ResultForm::Paper,
                },
            ),
            ("in_progress", "decide_refused", &[Agency], refused.clone()),
            ("visit_needed", "visited", &[Agency], Status::InProgress),
            (
                "visit_needed",
                "decide_ready",
                &[Agency],
                Status::Ready {
                    result: ResultForm::Paper,
                },
            ),
            ("visit_needed", "decide_refused", &[Agency], refused),
            ("ready", "close", &[Agency, Portal], Status::Closed),
            ("refused", "close", &[Agency, Portal], Status::Closed),
        ]
    }

    #[test]
    fn every_state_event_and_actor() {
        let table = allowed();
        let mut used = vec![false; table.len()];
        let (mut ok, mut wrong_actor, mut not_allowed) = (0, 0, 0);
        for state in states() {
            for (name, event) in events() {
                let row = table
                    .iter()
                    .position(|(s, e, _, _)| *s == state.key() && *e == name);
                for by in ACTORS {
                    let got = apply(&state, &event, by, NOW);
                    let case = format!("{} + {name} by {by:?}", state.key());
                    match row.map(|i| (i, &table[i])) {
                        Some((i, (_, _, actors, next))) if actors.contains(&by) => {
                            assert_eq!(got.as_ref(), Ok(next), "{case}");
                            used[i] = true;
                            ok += 1;
                        }
                        Some(_) => {
                            let e = got.expect_err(&case);
                            assert_eq!(e.refusal, Refusal::WrongActor, "{case}");
                            wrong_actor += 1;
                        }
                        None => {
                            let e = got.expect_err(&case);
                            assert_eq!(e.refusal, Refusal::NotAllowed, "{case}");
                            not_allowed += 1;
                        }
                    }
                    if let Err(e) = apply(&state, &event, by, NOW) {
                        assert_eq!(
                            (e.state, e.event, e.actor),
                            (state.key(), event_key(&event), by),
                            "{case}"
                        );
                    }
                }
            }
        }
        assert!(used.iter().all(|u| *u), "every allowed row is reached");
        // 9 states × 9 events × 3 actors = 243 combinations.
        assert_eq!((ok, wrong_actor, not_allowed), (17, 28, 198));
    }

    #[test]
    fn terminal_states_take_no_event() {
        for state in states() {
            let takes_any = events()
                .iter()
                .any(|(_, e)| ACTORS.iter().any(|by| apply(&state, e, *by, NOW).is_ok()));
            assert_eq!(state.is_terminal(), !takes_any, "{}", state.key());
        }
        let terminal: Vec<_> = states()
            .into_iter()
            .filter(Status::is_terminal)
            .map(|s| s.key())
            .collect();
        assert_eq!(terminal, ["closed", "withdrawn"]);
    }

    /// (state, event, what is wrong with its data) — the right actor every time.
    #[test]
    fn invalid_data() {
        let register = |n: &str| Event::Register {
            agency_number: n.into(),
        };
        let refuse = |r: &str| Event::Decide(Decision::Refused { reason: r.into() });
        let need_visit = |at, place: &str, bring: &[&str]| Event::NeedVisit {
            at,
            place: place.into(),
            bring: bring.iter().map(|s| (*s).to_owned()).collect(),
        };
        let in_progress = Status::InProgress;
        let registered = Status::Registered {
            agency_number: NUMBER.into(),
        };
        let visit_needed = &states()[4];
        let cases: Vec<(&Status, Event, DataProblem)> = vec![
            (
                &Status::Submitted,
                register(""),
                DataProblem::AgencyNumberEmpty,
            ),
            (
                &Status::Submitted,
                register(" \t"),
                DataProblem::AgencyNumberEmpty,
            ),
            (&Status::Submitted, refuse(""), DataProblem::ReasonEmpty),
            (&registered, refuse("  "), DataProblem::ReasonEmpty),
            (&in_progress, refuse("\n"), DataProblem::ReasonEmpty),
            (visit_needed, refuse(""), DataProblem::ReasonEmpty),
            (
                &in_progress,
                need_visit(NOW, PLACE, &[]),
                DataProblem::VisitNotInFuture,
            ),
            (
                &in_progress,
                need_visit(datetime!(2026-12-02 12:00 UTC), PLACE, &[]),
                DataProblem::VisitNotInFuture,
            ),
            // 12:30 in Moscow is 09:30 UTC: half an hour before NOW.
            (
                &in_progress,
                need_visit(datetime!(2026-12-03 12:30 +03:00), PLACE, &[]),
                DataProblem::VisitNotInFuture,
            ),
            (
                &in_progress,
                need_visit(visit_at(), " ", &[]),
                DataProblem::PlaceEmpty,
            ),
            (
                &in_progress,
                need_visit(visit_at(), PLACE, &["Паспорт", ""]),
                DataProblem::BringItemEmpty,
            ),
        ];
        for (state, event, problem) in cases {
            let e = apply(state, &event, Actor::Agency, NOW)
                .expect_err(&format!("{} + {event:?}", state.key()));
            assert_eq!(e.refusal, Refusal::InvalidData(problem), "{event:?}");
            assert_eq!(e.refusal.code(), "invalid_data");
            // The wrong actor hears `wrong_actor`, not what is wrong with the data.
            let e = apply(state, &event, Actor::Citizen, NOW).expect_err("citizen");
            assert_eq!(e.refusal, Refusal::WrongActor);
        }
    }

    #[test]
    fn texts_are_stored_trimmed_and_a_visit_can_be_soon() {
        let got = apply(
            &Status::Submitted,
            &Event::Register {
                agency_number: "  77-1 ".into(),
            },
            Actor::Agency,
            NOW,
        );
        assert_eq!(
            got,
            Ok(Status::Registered {
                agency_number: "77-1".into()
            })
        );
        // 13:01 in Moscow is 10:01 UTC, a minute after NOW; nothing to bring is fine.
        let at = datetime!(2026-12-03 13:01 +03:00);
        let got = apply(
            &Status::InProgress,
            &Event::NeedVisit {
                at,
                place: format!(" {PLACE} "),
                bring: vec![" Паспорт ".into()],
            },
            Actor::Agency,
            NOW,
        );
        assert_eq!(
            got,
            Ok(Status::VisitNeeded {
                at,
                place: PLACE.into(),
                bring: vec!["Паспорт".into()],
            })
        );
    }

    #[test]
    fn error_says_what_was_refused() {
        let e = apply(&Status::Closed, &Event::Withdraw, Actor::Citizen, NOW).expect_err("closed");
        assert_eq!(e.refusal.code(), "not_allowed");
        assert_eq!(
            e.to_string(),
            "withdraw in state closed by Citizen: not allowed in this state"
        );
        let e = apply(&Status::Draft, &Event::Submit, Actor::Portal, NOW).expect_err("portal");
        assert_eq!(e.refusal.code(), "wrong_actor");
        assert_eq!(DataProblem::VisitNotInFuture.code(), "visit_not_in_future");
    }

    /// Each state's JSON, with `state` equal to [`Status::key`], and back.
    #[test]
    fn json_of_every_state() {
        let expected = [
            json!({"state": "draft"}),
            json!({"state": "submitted"}),
            json!({"state": "registered", "agency_number": NUMBER}),
            json!({"state": "in_progress"}),
            json!({
                "state": "visit_needed",
                "at": "2026-12-10T11:30:00+03:00",
                "place": PLACE,
                "bring": ["Паспорт", "СНИЛС"],
            }),
            json!({"state": "ready", "result": "electronic"}),
            json!({"state": "refused", "reason": REASON}),
            json!({"state": "closed"}),
            json!({"state": "withdrawn"}),
        ];
        for (state, want) in states().into_iter().zip(expected) {
            let got = serde_json::to_value(&state).expect("serialise");
            assert_eq!(got, want, "{}", state.key());
            assert_eq!(got["state"], state.key());
            let back: Status = serde_json::from_value(got).expect("deserialise");
            assert_eq!(back, state);
        }
        let paper: Status =
            serde_json::from_value(json!({"state": "ready", "result": "paper"})).expect("paper");
        assert_eq!(
            paper,
            Status::Ready {
                result: ResultForm::Paper
            }
        );
        // The offset survives the round trip (the agency's local time is shown as such).
        let Status::VisitNeeded { at, .. } = &states()[4] else {
            panic!("sample 4 is the visit");
        };
        assert_eq!(at.offset().whole_hours(), 3);
        assert!(serde_json::from_value::<Status>(json!({"state": "lost"})).is_err());
    }

    #[test]
    fn json_of_events() {
        let cases = [
            (Event::Submit, json!({"event": "submit"})),
            (
                Event::Register {
                    agency_number: NUMBER.into(),
                },
                json!({"event": "register", "agency_number": NUMBER}),
            ),
            (
                Event::Decide(Decision::Refused {
                    reason: REASON.into(),
                }),
                json!({"event": "decide", "decision": "refused", "reason": REASON}),
            ),
            (
                Event::Decide(Decision::Ready {
                    result: ResultForm::Paper,
                }),
                json!({"event": "decide", "decision": "ready", "result": "paper"}),
            ),
        ];
        for (event, want) in cases {
            let got = serde_json::to_value(&event).expect("serialise");
            assert_eq!(got, want);
            assert_eq!(got["event"], event_key(&event));
            let back: Event = serde_json::from_value(got).expect("deserialise");
            assert_eq!(back, event);
        }
        for (_, event) in events() {
            let back: Event =
                serde_json::from_value(serde_json::to_value(&event).expect("ser")).expect("de");
            assert_eq!(back, event);
        }
    }

    #[test]
    fn labels() {
        let expected = [
            ("draft", "Черновик", "Draft"),
            ("submitted", "Отправлено", "Sent"),
            (
                "registered",
                "Зарегистрировано ведомством",
                "Registered by the agency",
            ),
            ("in_progress", "Рассматривается", "Being considered"),
            (
                "visit_needed",
                "Нужен личный визит",
                "Visit in person needed",
            ),
            ("ready", "Готово", "Ready"),
            ("refused", "Отказано", "Refused"),
            ("closed", "Закрыто", "Closed"),
            ("withdrawn", "Отозвано", "Withdrawn"),
        ];
        for (state, (key, ru, en)) in states().iter().zip(expected) {
            assert_eq!((state.key(), state.label()), (key, (ru, en)));
        }
    }
}
