//! The lifecycle of an occurrence (`DOMAIN.md`): states, who may do what in each, and
//! where each action leads. One pure function, [`decide`], is the only place the rules
//! live; the server applies its answer, the browser uses it to show only possible actions.

use serde::{Deserialize, Serialize};

use crate::domain::accounts::Role;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Opened; nobody has taken it.
    Aberta,
    /// An N1 analyst owns it, to its end.
    EmAtendimento,
    /// N1 called in N2 with the *registro da simulação*.
    EscaladaN2,
    /// N2 handed it to Desenvolvimento (a fix or a data change).
    EmDesenvolvimento,
    /// Support asked the customer something.
    AguardandoCliente,
    /// A data change (FAQ 9) has an estimate (hours, R$) the customer approves or refuses.
    AguardandoAprovacao,
    /// Out of scope: forwarded to another area, with the reason. The customer may still
    /// write (the area gets a copy); support closes it when the area is done.
    Encaminhada,
    /// Fixed; waits for a weekly release.
    AguardandoVersao,
    /// Solution given; waits for the customer's confirmation.
    Resolvida,
    /// Confirmed by the customer, or closed after 5 business days without an answer.
    Encerrada,
}

/// What the SLA clock does in a state (`DOMAIN.md`, "clock" column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClockRule {
    Runs,
    Paused,
    /// Paused unless the coordinator configures otherwise.
    PausedByDefault,
    /// Support's clock has ended (met or breached, or not support's any more).
    Stopped,
}

impl State {
    pub const ALL: [State; 10] = [
        Self::Aberta,
        Self::EmAtendimento,
        Self::EscaladaN2,
        Self::EmDesenvolvimento,
        Self::AguardandoCliente,
        Self::AguardandoAprovacao,
        Self::Encaminhada,
        Self::AguardandoVersao,
        Self::Resolvida,
        Self::Encerrada,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Self::Aberta => "aberta",
            Self::EmAtendimento => "em_atendimento",
            Self::EscaladaN2 => "escalada_n2",
            Self::EmDesenvolvimento => "em_desenvolvimento",
            Self::AguardandoCliente => "aguardando_cliente",
            Self::AguardandoAprovacao => "aguardando_aprovacao",
            Self::Encaminhada => "encaminhada",
            Self::AguardandoVersao => "aguardando_versao",
            Self::Resolvida => "resolvida",
            Self::Encerrada => "encerrada",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Aberta => "Aberta",
            Self::EmAtendimento => "Em atendimento",
            Self::EscaladaN2 => "Com o Nível 2",
            Self::EmDesenvolvimento => "Em desenvolvimento",
            Self::AguardandoCliente => "Aguardando o cliente",
            Self::AguardandoAprovacao => "Aguardando aprovação do orçamento",
            Self::Encaminhada => "Encaminhada a outra área",
            Self::AguardandoVersao => "Aguardando versão",
            Self::Resolvida => "Resolvida",
            Self::Encerrada => "Encerrada",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|s| s.slug() == raw.trim())
            .ok_or_else(|| format!("Situação desconhecida: \"{}\".", raw.trim()))
    }

    pub fn clock(self) -> ClockRule {
        match self {
            Self::Aberta | Self::EmAtendimento | Self::EscaladaN2 | Self::EmDesenvolvimento => {
                ClockRule::Runs
            }
            Self::AguardandoCliente | Self::AguardandoAprovacao => ClockRule::Paused,
            Self::AguardandoVersao => ClockRule::PausedByDefault,
            Self::Encaminhada | Self::Resolvida | Self::Encerrada => ClockRule::Stopped,
        }
    }

    /// Nothing more happens to it (it can only be read).
    pub fn is_final(self) -> bool {
        self == Self::Encerrada
    }
}

/// Who acts on an occurrence: a person in their current role, or the system itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Party {
    Customer,
    AnalystN1,
    AnalystN2,
    Coordinator,
    /// Automatic moves (closing resolved occurrences after 5 business days).
    System,
}

impl Party {
    pub const ALL: [Party; 5] = [
        Self::Customer,
        Self::AnalystN1,
        Self::AnalystN2,
        Self::Coordinator,
        Self::System,
    ];

    fn is_analyst(self) -> bool {
        matches!(self, Self::AnalystN1 | Self::AnalystN2)
    }
}

impl From<Role> for Party {
    fn from(role: Role) -> Self {
        match role {
            Role::Customer => Self::Customer,
            Role::AnalystN1 => Self::AnalystN1,
            Role::AnalystN2 => Self::AnalystN2,
            Role::Coordinator => Self::Coordinator,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// An N1 analyst becomes the owner.
    Take,
    /// A public reply (customer or analyst).
    Reply,
    /// An internal note the customer never sees.
    Note,
    ChangeCriticality,
    AskCustomer,
    /// N1 → N2, with the *registro da simulação*.
    Escalate,
    /// N2 → N1, with findings.
    ReturnToN1,
    HandToDevelopment,
    AwaitVersion,
    /// Out of scope: to another area, with the reason.
    Forward,
    Resolve,
    /// The customer confirms the solution.
    Confirm,
    /// The customer says the solution did not solve it.
    Reopen,
    /// Resolved and unanswered for 5 business days.
    AutoClose,
    /// The coordinator (or the owner, handing over) gives the case to another analyst.
    Reassign,
    /// Support closes a forwarded case once the area has it in hand.
    Close,
    /// N2 or the coordinator records a data change's estimate (hours, R$).
    Estimate,
    /// The customer approves the estimate: Desenvolvimento executes the change.
    ApproveEstimate,
    /// The customer refuses it, with the reason: the case closes.
    RefuseEstimate,
    /// A duplicate is closed into another open case of the same company (the survivor).
    Merge,
    /// The version a case waited on was published: the case is resolved by it.
    ReleaseVersion,
}

impl Action {
    pub const ALL: [Action; 21] = [
        Self::Take,
        Self::Reply,
        Self::Note,
        Self::ChangeCriticality,
        Self::AskCustomer,
        Self::Escalate,
        Self::ReturnToN1,
        Self::HandToDevelopment,
        Self::AwaitVersion,
        Self::Forward,
        Self::Resolve,
        Self::Confirm,
        Self::Reopen,
        Self::AutoClose,
        Self::Reassign,
        Self::Close,
        Self::Estimate,
        Self::ApproveEstimate,
        Self::RefuseEstimate,
        Self::Merge,
        Self::ReleaseVersion,
    ];

    /// The verb as buttons and messages say it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Take => "assumir",
            Self::Reply => "responder",
            Self::Note => "anotar internamente",
            Self::ChangeCriticality => "mudar a criticidade",
            Self::AskCustomer => "pedir informação ao cliente",
            Self::Escalate => "escalar para o Nível 2",
            Self::ReturnToN1 => "devolver ao Nível 1",
            Self::HandToDevelopment => "encaminhar ao Desenvolvimento",
            Self::AwaitVersion => "aguardar a versão",
            Self::Forward => "encaminhar a outra área",
            Self::Resolve => "resolver",
            Self::Confirm => "confirmar a solução",
            Self::Reopen => "reabrir",
            Self::AutoClose => "encerrar automaticamente",
            Self::Reassign => "reatribuir",
            Self::Close => "encerrar",
            Self::Estimate => "enviar o orçamento da alteração de dados",
            Self::ApproveEstimate => "aprovar o orçamento",
            Self::RefuseEstimate => "recusar o orçamento",
            Self::Merge => "unificar a outra ocorrência",
            Self::ReleaseVersion => "resolver pela versão publicada",
        }
    }
}

/// Where an allowed action leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Move {
    /// The state does not change (a reply, a note, a new criticality).
    Stay,
    To(State),
    /// Back to the state the occurrence was in before waiting on the customer.
    Resume,
}

/// Why an action is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Refusal {
    /// This actor never does this (HTTP 403).
    #[error("O seu papel não permite {}.", .action.label())]
    NotYours { action: Action },
    /// Not in the occurrence's current state (HTTP 409).
    #[error("Não é possível {} agora: a ocorrência está \"{}\".", .action.label(), .state.label())]
    NotNow { action: Action, state: State },
}

/// Where an action leads, as a rule states it.
#[derive(Clone, Copy)]
enum Lead {
    Stay,
    To(State),
    /// A customer's answer to a question resumes the work; any other reply stays.
    Reply,
    /// Giving a case an owner: a new one is then being worked; any other stays.
    Assign,
}

/// The rule of `action` for `actor`: the states it applies in and where it leads.
fn rule(action: Action, actor: Party) -> Option<(&'static [State], Lead)> {
    use State::*;
    const WORKING: &[State] = &[EmAtendimento, EscaladaN2, EmDesenvolvimento];
    const OPEN: &[State] = &[
        Aberta,
        EmAtendimento,
        EscaladaN2,
        EmDesenvolvimento,
        AguardandoCliente,
        AguardandoAprovacao,
        AguardandoVersao,
        Resolvida,
    ];
    // A forwarded case is still written on (the area gets a copy) until support closes it.
    const WRITABLE: &[State] = &[
        Aberta,
        EmAtendimento,
        EscaladaN2,
        EmDesenvolvimento,
        AguardandoCliente,
        AguardandoAprovacao,
        AguardandoVersao,
        Resolvida,
        Encaminhada,
    ];
    const SOLVABLE: &[State] = &[
        EmAtendimento,
        EscaladaN2,
        EmDesenvolvimento,
        AguardandoVersao,
    ];
    const MERGEABLE: &[State] = &[Aberta, EmAtendimento, EscaladaN2, AguardandoCliente];
    let analyst = actor.is_analyst();
    let staff = analyst || actor == Party::Coordinator;
    let (states, lead): (&'static [State], Lead) = match action {
        Action::Take if actor == Party::AnalystN1 => (&[Aberta], Lead::To(EmAtendimento)),
        Action::Reply if analyst || actor == Party::Customer => (WRITABLE, Lead::Reply),
        Action::Note if staff => (WRITABLE, Lead::Stay),
        Action::ChangeCriticality if staff => (OPEN, Lead::Stay),
        Action::Reassign if staff => (OPEN, Lead::Assign),
        Action::AskCustomer if analyst => (WORKING, Lead::To(AguardandoCliente)),
        Action::Escalate if actor == Party::AnalystN1 => (&[EmAtendimento], Lead::To(EscaladaN2)),
        Action::ReturnToN1 if actor == Party::AnalystN2 => (&[EscaladaN2], Lead::To(EmAtendimento)),
        Action::HandToDevelopment if actor == Party::AnalystN2 => {
            (&[EscaladaN2], Lead::To(EmDesenvolvimento))
        }
        // A fixed case waits on the weekly version that carries the fix.
        Action::AwaitVersion if analyst => (WORKING, Lead::To(AguardandoVersao)),
        Action::ReleaseVersion if actor == Party::System => {
            (&[AguardandoVersao], Lead::To(Resolvida))
        }
        Action::Forward if analyst => (
            &[EmAtendimento, EscaladaN2, AguardandoCliente],
            Lead::To(Encaminhada),
        ),
        Action::Close if staff => (&[Encaminhada], Lead::To(Encerrada)),
        // FAQ 9: support analyses (N1's case escalated, or N2's), N2 or the coordinator
        // prices it; the clock waits for the customer's decision.
        Action::Estimate if matches!(actor, Party::AnalystN2 | Party::Coordinator) => {
            (&[EmAtendimento, EscaladaN2], Lead::To(AguardandoAprovacao))
        }
        Action::ApproveEstimate if actor == Party::Customer => {
            (&[AguardandoAprovacao], Lead::To(EmDesenvolvimento))
        }
        Action::RefuseEstimate if actor == Party::Customer => {
            (&[AguardandoAprovacao], Lead::To(Encerrada))
        }
        Action::Resolve if analyst => (SOLVABLE, Lead::To(Resolvida)),
        // A duplicate, found before or while it is worked, closes into its survivor.
        Action::Merge if analyst => (MERGEABLE, Lead::To(Encerrada)),
        Action::Confirm if actor == Party::Customer => (&[Resolvida], Lead::To(Encerrada)),
        Action::Reopen if actor == Party::Customer => (&[Resolvida], Lead::To(EmAtendimento)),
        Action::AutoClose if actor == Party::System => (&[Resolvida], Lead::To(Encerrada)),
        _ => return None,
    };
    Some((states, lead))
}

/// Decides whether `actor` may do `action` to an occurrence in `state`, and where it leads.
pub fn decide(state: State, action: Action, actor: Party) -> Result<Move, Refusal> {
    let (states, lead) = rule(action, actor).ok_or(Refusal::NotYours { action })?;
    if !states.contains(&state) {
        return Err(Refusal::NotNow { action, state });
    }
    Ok(match lead {
        Lead::Stay => Move::Stay,
        Lead::To(next) => Move::To(next),
        Lead::Reply if state == State::AguardandoCliente && actor == Party::Customer => {
            Move::Resume
        }
        // "Continua com erro" written back without pressing Reabrir still reopens it.
        Lead::Reply if state == State::Resolvida && actor == Party::Customer => {
            Move::To(State::EmAtendimento)
        }
        Lead::Reply => Move::Stay,
        Lead::Assign if state == State::Aberta => Move::To(State::EmAtendimento),
        Lead::Assign => Move::Stay,
    })
}

/// The actions `actor` can take now (for the buttons a page shows).
pub fn possible(state: State, actor: Party) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|a| decide(state, *a, actor).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;
    use Party::*;
    use State::*;

    /// Every legal (state, action, actor) and its move, written out independently of
    /// `rule` so the two must agree.
    fn legal() -> Vec<(State, Action, Party, Move)> {
        let open = [
            Aberta,
            EmAtendimento,
            EscaladaN2,
            EmDesenvolvimento,
            AguardandoCliente,
            AguardandoAprovacao,
            AguardandoVersao,
            Resolvida,
        ];
        let mut v = vec![(Aberta, Take, AnalystN1, Move::To(EmAtendimento))];
        for s in open {
            for who in [Customer, AnalystN1, AnalystN2] {
                let m = match (s, who) {
                    (AguardandoCliente, Customer) => Move::Resume,
                    (Resolvida, Customer) => Move::To(EmAtendimento),
                    _ => Move::Stay,
                };
                v.push((s, Reply, who, m));
            }
            for who in [AnalystN1, AnalystN2, Coordinator] {
                v.push((s, Note, who, Move::Stay));
                v.push((s, ChangeCriticality, who, Move::Stay));
                let assigned = if s == Aberta {
                    Move::To(EmAtendimento)
                } else {
                    Move::Stay
                };
                v.push((s, Reassign, who, assigned));
            }
        }
        for who in [Customer, AnalystN1, AnalystN2] {
            v.push((Encaminhada, Reply, who, Move::Stay));
        }
        for who in [AnalystN1, AnalystN2, Coordinator] {
            v.push((Encaminhada, Note, who, Move::Stay));
            v.push((Encaminhada, Close, who, Move::To(Encerrada)));
        }
        for who in [AnalystN1, AnalystN2] {
            for s in [EmAtendimento, EscaladaN2, EmDesenvolvimento] {
                v.push((s, AskCustomer, who, Move::To(AguardandoCliente)));
            }
            for s in [EmAtendimento, EscaladaN2, EmDesenvolvimento] {
                v.push((s, AwaitVersion, who, Move::To(AguardandoVersao)));
            }
            for s in [EmAtendimento, EscaladaN2, AguardandoCliente] {
                v.push((s, Forward, who, Move::To(Encaminhada)));
            }
            for s in [Aberta, EmAtendimento, EscaladaN2, AguardandoCliente] {
                v.push((s, Merge, who, Move::To(Encerrada)));
            }
            for s in [
                EmAtendimento,
                EscaladaN2,
                EmDesenvolvimento,
                AguardandoVersao,
            ] {
                v.push((s, Resolve, who, Move::To(Resolvida)));
            }
        }
        v.extend([
            (EmAtendimento, Escalate, AnalystN1, Move::To(EscaladaN2)),
            (EscaladaN2, ReturnToN1, AnalystN2, Move::To(EmAtendimento)),
            (
                EscaladaN2,
                HandToDevelopment,
                AnalystN2,
                Move::To(EmDesenvolvimento),
            ),
            (Resolvida, Confirm, Customer, Move::To(Encerrada)),
            (Resolvida, Reopen, Customer, Move::To(EmAtendimento)),
            (Resolvida, AutoClose, System, Move::To(Encerrada)),
            (
                AguardandoVersao,
                ReleaseVersion,
                System,
                Move::To(Resolvida),
            ),
            (
                AguardandoAprovacao,
                ApproveEstimate,
                Customer,
                Move::To(EmDesenvolvimento),
            ),
            (
                AguardandoAprovacao,
                RefuseEstimate,
                Customer,
                Move::To(Encerrada),
            ),
        ]);
        for who in [AnalystN2, Coordinator] {
            for s in [EmAtendimento, EscaladaN2] {
                v.push((s, Estimate, who, Move::To(AguardandoAprovacao)));
            }
        }
        v
    }

    #[test]
    fn every_state_action_actor_triple_moves_or_is_refused_as_listed() {
        let legal = legal();
        let mut checked = 0;
        for state in State::ALL {
            for action in Action::ALL {
                for actor in Party::ALL {
                    let expected = legal
                        .iter()
                        .find(|(s, a, who, _)| (*s, *a, *who) == (state, action, actor))
                        .map(|l| l.3);
                    let got = decide(state, action, actor);
                    match expected {
                        Some(m) => assert_eq!(got, Ok(m), "{state:?} {action:?} {actor:?}"),
                        None => {
                            let allowed_somewhere = legal
                                .iter()
                                .any(|(_, a, who, _)| (*a, *who) == (action, actor));
                            let refusal = if allowed_somewhere {
                                Refusal::NotNow { action, state }
                            } else {
                                Refusal::NotYours { action }
                            };
                            assert_eq!(got, Err(refusal), "{state:?} {action:?} {actor:?}");
                        }
                    }
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 10 * 21 * 5);
    }

    #[test]
    fn final_states_accept_nothing_and_every_other_state_can_reach_the_end() {
        for s in State::ALL.into_iter().filter(|s| s.is_final()) {
            for actor in Party::ALL {
                assert!(possible(s, actor).is_empty(), "{s:?} {actor:?}");
            }
        }
        // From any open state, some sequence of moves by anyone ends it.
        for start in State::ALL.into_iter().filter(|s| !s.is_final()) {
            let mut seen = vec![start];
            let mut frontier = vec![start];
            while let Some(s) = frontier.pop() {
                for action in Action::ALL {
                    for actor in Party::ALL {
                        let next = match decide(s, action, actor) {
                            Ok(Move::To(n)) => n,
                            Ok(Move::Resume) => EmAtendimento,
                            _ => continue,
                        };
                        if !seen.contains(&next) {
                            seen.push(next);
                            frontier.push(next);
                        }
                    }
                }
            }
            assert!(seen.contains(&Encerrada), "{start:?} never ends");
        }
    }

    #[test]
    fn the_clock_follows_the_domain_table() {
        assert_eq!(Aberta.clock(), ClockRule::Runs);
        assert_eq!(AguardandoCliente.clock(), ClockRule::Paused);
        assert_eq!(AguardandoAprovacao.clock(), ClockRule::Paused);
        assert_eq!(AguardandoVersao.clock(), ClockRule::PausedByDefault);
        assert_eq!(Encaminhada.clock(), ClockRule::Stopped);
        assert_eq!(Resolvida.clock(), ClockRule::Stopped);
    }

    #[test]
    fn states_round_trip_and_refusals_read_well() {
        for s in State::ALL {
            assert_eq!(State::parse(s.slug()), Ok(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.slug());
        }
        assert!(State::parse("fechada").is_err());
        assert_eq!(
            decide(Encerrada, Reply, Customer).unwrap_err().to_string(),
            "Não é possível responder agora: a ocorrência está \"Encerrada\"."
        );
        assert_eq!(
            decide(Aberta, Take, Customer).unwrap_err().to_string(),
            "O seu papel não permite assumir."
        );
    }
}
