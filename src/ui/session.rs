//! Who is signed in, shared by every component, and the role each page belongs to.

use leptos::prelude::*;

use crate::api::accounts::session::current_user;
use crate::domain::accounts::{Role, SessionUser};

/// The signed-in person (`None` for visitors), reloaded after sign-in, sign-out or a role switch.
#[derive(Clone, Copy)]
pub struct Session {
    pub user: Resource<Option<SessionUser>>,
    version: RwSignal<u32>,
}

impl Session {
    pub fn provide() -> Self {
        let version = RwSignal::new(0);
        let user = Resource::new(
            move || version.get(),
            |_| async move { current_user().await.ok().flatten() },
        );
        let session = Self { user, version };
        provide_context(session);
        session
    }

    pub fn refresh(&self) {
        self.version.update(|v| *v += 1);
    }
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

pub use crate::domain::accounts::home_of;

/// Menu entries for the role the app currently acts as.
pub fn menu_of(role: Option<Role>) -> Vec<(&'static str, &'static str)> {
    let mut menu = match role {
        Some(Role::Customer) => vec![
            ("/minha-empresa", "Minha empresa"),
            ("/ocorrencias", "Ocorrências"),
            ("/minha-empresa/sla", "Meu SLA"),
        ],
        Some(Role::AnalystN1 | Role::AnalystN2) => vec![
            ("/atendimento", "Atendimento"),
            ("/atendimento/clientes", "Clientes"),
        ],
        Some(Role::Coordinator) => vec![
            ("/atendimento?fila=todas", "Ocorrências"),
            ("/coordenacao/empresas", "Empresas"),
            ("/coordenacao/analistas", "Analistas"),
            ("/coordenacao/conteudo", "Conteúdo"),
            ("/coordenacao/auditoria", "Auditoria"),
            ("/coordenacao/painel", "Painel"),
            ("/coordenacao/sla", "SLA"),
        ],
        None => vec![],
    };
    menu.extend([
        ("/manual", "Manual"),
        ("/faq", "Perguntas frequentes"),
        ("/blog", "Blog"),
        ("/ead", "Universidade UNO"),
        ("/planos", "Planos"),
        ("/versoes", "Versões"),
    ]);
    menu
}
