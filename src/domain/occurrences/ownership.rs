//! Who works an occurrence (`DOMAIN.md`, "Ownership"): an N1 owns a case from taking it to
//! its end, N2 works what was escalated to N2 (and what it owns), the coordinator may
//! reassign anything open. Everyone on the staff may leave an internal note. The lifecycle
//! ([`super::decide`]) says what can happen in a state; this says whether *this* person
//! may do it to *this* case. One function, used for every action the same way.

use super::{Action, Party, State};
use crate::domain::rule::Rule;

/// What ownership is decided from: who owns the case and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holding<'a> {
    pub owner_id: Option<&'a str>,
    pub owner_name: Option<&'a str>,
    pub state: State,
    /// The state before waiting on the customer (the work resumes there).
    pub resume_state: Option<State>,
}

/// States in which a case is in N2's hands: escalated, with Desenvolvimento, or waiting for
/// the version N2's hand-over leads to.
const WITH_N2: [State; 3] = [
    State::EscaladaN2,
    State::EmDesenvolvimento,
    State::AguardandoVersao,
];

impl Holding<'_> {
    /// Escalated to N2: in N2's states, or waiting on the customer after N2 asked.
    pub fn escalated(&self) -> bool {
        WITH_N2.contains(&self.state)
            || (self.state == State::AguardandoCliente
                && self.resume_state.is_some_and(|s| WITH_N2.contains(&s)))
    }

    fn owned_by(&self, person_id: &str) -> bool {
        self.owner_id == Some(person_id)
    }

    fn held_by(&self) -> Rule {
        Rule::HeldBy {
            owner: self.owner_name.map(str::to_owned),
        }
    }
}

/// Whether `person_id`, acting as `party`, may do `action` to the case held as `h`
/// (the lifecycle has already allowed the action in its state). The customer's access is
/// decided by company elsewhere, and the system acts on anything.
pub fn may_act(party: Party, person_id: &str, h: &Holding<'_>, action: Action) -> Result<(), Rule> {
    let mine = h.owned_by(person_id);
    let allowed = match (party, action) {
        (Party::Customer | Party::System | Party::Coordinator, _) => true,
        // Anyone on the staff leaves a note; taking a new case is open to every N1 (the
        // directed analyst's reservation is checked with the clock, in `directed`).
        (_, Action::Note | Action::Take) => true,
        // Handing over is the owner's (the coordinator's, above).
        (_, Action::Reassign) => mine,
        (Party::AnalystN1, _) => mine || h.owner_id.is_none(),
        (Party::AnalystN2, _) => {
            if mine || h.escalated() {
                true
            } else {
                return Err(Rule::NotEscalated);
            }
        }
    };
    if allowed { Ok(()) } else { Err(h.held_by()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;
    use Party::*;

    fn held(owner: Option<&'static str>, state: State) -> Holding<'static> {
        Holding {
            owner_id: owner,
            owner_name: owner.map(|_| "Ana"),
            state,
            resume_state: None,
        }
    }

    #[test]
    fn an_n1_works_only_their_own_case_or_an_untaken_one() {
        let ana = held(Some("ana"), State::EmAtendimento);
        assert_eq!(may_act(AnalystN1, "ana", &ana, Resolve), Ok(()));
        assert_eq!(
            may_act(AnalystN1, "bruno", &ana, Resolve),
            Err(Rule::HeldBy {
                owner: Some("Ana".into())
            })
        );
        assert!(may_act(AnalystN1, "bruno", &ana, ChangeCriticality).is_err());
        assert_eq!(may_act(AnalystN1, "bruno", &ana, Note), Ok(()));
        let new = held(None, State::Aberta);
        assert_eq!(may_act(AnalystN1, "bruno", &new, ChangeCriticality), Ok(()));
    }

    #[test]
    fn n2_works_what_was_escalated_and_elsewhere_only_notes() {
        let working = held(Some("ana"), State::EmAtendimento);
        for action in [Reply, Resolve, Forward, ChangeCriticality, AskCustomer] {
            assert_eq!(
                may_act(AnalystN2, "carla", &working, action),
                Err(Rule::NotEscalated),
                "{action:?}"
            );
        }
        assert_eq!(may_act(AnalystN2, "carla", &working, Note), Ok(()));
        for state in WITH_N2 {
            assert_eq!(
                may_act(AnalystN2, "carla", &held(Some("ana"), state), Resolve),
                Ok(())
            );
        }
        // N2 asked the customer: still N2's while waiting for the answer.
        let asked = Holding {
            resume_state: Some(State::EscaladaN2),
            ..held(Some("ana"), State::AguardandoCliente)
        };
        assert_eq!(may_act(AnalystN2, "carla", &asked, Reply), Ok(()));
        let asked_by_n1 = Holding {
            resume_state: Some(State::EmAtendimento),
            ..asked
        };
        assert_eq!(
            may_act(AnalystN2, "carla", &asked_by_n1, Reply),
            Err(Rule::NotEscalated)
        );
        // What N2 owns is N2's wherever it is.
        assert_eq!(
            may_act(
                AnalystN2,
                "carla",
                &held(Some("carla"), State::EmAtendimento),
                Resolve
            ),
            Ok(())
        );
    }

    #[test]
    fn only_the_owner_or_the_coordinator_reassigns() {
        let ana = held(Some("ana"), State::EscaladaN2);
        assert_eq!(may_act(AnalystN1, "ana", &ana, Reassign), Ok(()));
        assert!(may_act(AnalystN1, "bruno", &ana, Reassign).is_err());
        assert!(may_act(AnalystN2, "carla", &ana, Reassign).is_err());
        assert!(may_act(AnalystN1, "bruno", &held(None, State::Aberta), Reassign).is_err());
        assert_eq!(may_act(Coordinator, "dora", &ana, Reassign), Ok(()));
    }
}
