//! Pages and components. Text is pt-BR; elements that tests read carry `data-testid`.

pub mod components;
pub mod front_files;
pub mod layout;
pub mod lazy_chunks;
pub mod live;
pub mod pages;
pub mod served;
pub mod session;
pub mod typed;
pub mod user_menu;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    Lazy, LazyRoute, SsrMode,
    components::{ParentRoute, Redirect, Route, Router, Routes},
    lazy_route, path,
};

use crate::domain::content::ContentKind;
use layout::Layout;
use pages::{
    accounts::{
        analysts::AnalystsPage,
        companies::{CompaniesPage, CompanyPage},
        my_account::AccountPage,
        my_company::MyCompanyPage,
    },
    analyst::{AttendancePage, ClientsPage},
    article::ArticlePage,
    calls::CallsPage,
    coordinator::{AuditPage, CoordinatorHome},
    dashboard::DashboardPage,
    editor::{ContentListPage, EditContentPage, NewContentPage},
    home::HomePage,
    knowledge::KnowledgePage,
    not_found::NotFound,
    notifications::NotificationsPage,
    occurrences::{
        forwarding_settings::ForwardingSettingsPage, list::OccurrencesPage, new::NewOccurrencePage,
        page::OccurrencePage,
    },
    portal::Portal,
    search::SearchPage,
    section::SectionPage,
    sign_in::SignInPage,
    sla::{
        mine::MySlaPage,
        offices::{OfficePage, OfficesPage},
        plans::PlansPage,
        report::SlaReportPage,
        settings::SlaSettingsPage,
    },
    versions::{admin::VersionsAdminPage, public::VersionsPublicPage},
};

/// A route whose page is downloaded when first visited: in release builds split with
/// `--split`, its code goes to WASM chunks of its own, so a Level 0 visitor never
/// downloads the customer, analyst and coordinator screens. Rendered on the server, the
/// page names its chunks for the browser to fetch early (`lazy_chunks`).
macro_rules! lazy_page {
    ($route:ident, $page:ident) => {
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                #[cfg(feature = "ssr")]
                crate::ui::lazy_chunks::preload(stringify!($route));
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    };
}

lazy_page!(AccountPageRoute, AccountPage);
lazy_page!(NotificationsPageRoute, NotificationsPage);
lazy_page!(MyCompanyPageRoute, MyCompanyPage);
lazy_page!(OccurrencesPageRoute, OccurrencesPage);
lazy_page!(NewOccurrencePageRoute, NewOccurrencePage);
lazy_page!(OccurrencePageRoute, OccurrencePage);
lazy_page!(AttendancePageRoute, AttendancePage);
lazy_page!(ClientsPageRoute, ClientsPage);
lazy_page!(CallsPageRoute, CallsPage);
lazy_page!(CoordinatorHomeRoute, CoordinatorHome);
lazy_page!(CompaniesPageRoute, CompaniesPage);
lazy_page!(CompanyPageRoute, CompanyPage);
lazy_page!(AnalystsPageRoute, AnalystsPage);
lazy_page!(AuditPageRoute, AuditPage);
lazy_page!(SlaReportPageRoute, SlaReportPage);
lazy_page!(SlaSettingsPageRoute, SlaSettingsPage);
lazy_page!(ForwardingSettingsPageRoute, ForwardingSettingsPage);
lazy_page!(PlansPageRoute, PlansPage);
lazy_page!(ContentListPageRoute, ContentListPage);
lazy_page!(NewContentPageRoute, NewContentPage);
lazy_page!(EditContentPageRoute, EditContentPage);
lazy_page!(VersionsPublicPageRoute, VersionsPublicPage);
lazy_page!(VersionsAdminPageRoute, VersionsAdminPage);
lazy_page!(KnowledgePageRoute, KnowledgePage);
lazy_page!(DashboardPageRoute, DashboardPage);
lazy_page!(MySlaPageRoute, MySlaPage);
lazy_page!(OfficesPageRoute, OfficesPage);
lazy_page!(OfficePageRoute, OfficePage);

/// Runs before anything else on every page (see `shell`).
const EARLY_SCRIPT: &str = "window.__suporte_errors=[];\
addEventListener('error',function(e){__suporte_errors.push(String(e.message||(e.target&&(e.target.src||e.target.href))||e.type))},true);\
addEventListener('unhandledrejection',function(e){__suporte_errors.push('rejeição: '+String(e.reason))});\
(function(){var typed=new Map();\
document.addEventListener('input',function(e){var t=e.target;\
if(!window.__suporte_hydrated&&t&&'value' in t&&!/^(checkbox|radio|file|hidden)$/.test(t.type))typed.set(t,t.value)},true);\
window.__suporte_typed=function(el){return!window.__suporte_hydrated&&typed.has(el)};\
window.__suporte_restore=function(){typed.forEach(function(v,el){if(el.isConnected){if(el.value!==v)el.value=v;\
el.dispatchEvent(new Event(el.tagName==='SELECT'?'change':'input',{bubbles:true}))}});typed.clear()}})();";

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="pt-BR">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                // From the first byte on: errors (a script that failed to load, an exception
                // before hydration), kept for the e2e diagnostics of a page that never
                // hydrates; and what a person types before the WASM takes over: fields
                // start from it (`typed`), and `__suporte_restore` puts back what hydration
                // still overwrote and announces it all to the app once hydrated.
                <script nonce=leptos::nonce::use_nonce()>{EARLY_SCRIPT}</script>
                <AutoReload options=options.clone() />
                <front_files::AppStylesheet options=options.clone() />
                <front_files::Hydration options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    session::Session::provide();
    components::countdown::provide_ticker();
    // Pages wait for their data before the first byte (SsrMode::Async), so they read
    // fully without JavaScript and a missing page can answer with HTTP 404.
    view! {
        <Title formatter=|text: String| {
            if text.is_empty() { "Suporte UNO".to_owned() } else { format!("{text} · Suporte UNO") }
        } />
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound /> }>
                    <ParentRoute path=path!("") view=Portal ssr=SsrMode::Async>
                        <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                        <Route path=path!("busca") view=SearchPage ssr=SsrMode::Async />
                    </ParentRoute>
                    <Route path=path!("entrar") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("conta") view={Lazy::<AccountPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("notificacoes") view={Lazy::<NotificationsPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("minha-empresa/sla") view={Lazy::<MySlaPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("minha-empresa") view={Lazy::<MyCompanyPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("ocorrencias") view={Lazy::<OccurrencesPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("ocorrencias/nova") view={Lazy::<NewOccurrencePageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("ocorrencias/:ano/:numero") view={Lazy::<OccurrencePageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("atendimento") view={Lazy::<AttendancePageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("atendimento/clientes") view={Lazy::<ClientsPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("atendimento/ligacoes") view={Lazy::<CallsPageRoute>::new()} ssr=SsrMode::Async />
                    // The page's former address (bookmarks).
                    <Route path=path!("atendimento/ligacao") view=|| view! { <Redirect path="/atendimento/ligacoes" /> } ssr=SsrMode::Async />
                    <Route path=path!("coordenacao") view={Lazy::<CoordinatorHomeRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("coordenacao/empresas") view={Lazy::<CompaniesPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("coordenacao/empresas/:id") view={Lazy::<CompanyPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("coordenacao/analistas") view={Lazy::<AnalystsPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("coordenacao/auditoria") view={Lazy::<AuditPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("coordenacao/sla") view={Lazy::<SlaReportPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("coordenacao/sla/regras") view={Lazy::<SlaSettingsPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("coordenacao/escritorios") view={Lazy::<OfficesPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("coordenacao/escritorios/:id") view={Lazy::<OfficePageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("coordenacao/encaminhamentos") view={Lazy::<ForwardingSettingsPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("versoes") view={Lazy::<VersionsPublicPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("coordenacao/conhecimento") view={Lazy::<KnowledgePageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("coordenacao/painel") view={Lazy::<DashboardPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("coordenacao/versoes") view={Lazy::<VersionsAdminPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("planos") view={Lazy::<PlansPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("coordenacao/conteudo") view={Lazy::<ContentListPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("coordenacao/conteudo/novo") view={Lazy::<NewContentPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("coordenacao/conteudo/:kind/:slug") view={Lazy::<EditContentPageRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("faq") view=|| view! { <SectionPage kind=ContentKind::Faq /> } ssr=SsrMode::Async />
                    <Route path=path!("manual") view=|| view! { <SectionPage kind=ContentKind::Manual /> } ssr=SsrMode::Async />
                    <Route path=path!("blog") view=|| view! { <SectionPage kind=ContentKind::Blog /> } ssr=SsrMode::Async />
                    <Route path=path!("ead") view=|| view! { <SectionPage kind=ContentKind::Course /> } ssr=SsrMode::Async />
                    <Route path=path!("faq/:slug") view=|| view! { <ArticlePage kind=ContentKind::Faq /> } ssr=SsrMode::Async />
                    <Route path=path!("manual/:slug") view=|| view! { <ArticlePage kind=ContentKind::Manual /> } ssr=SsrMode::Async />
                    <Route path=path!("blog/:slug") view=|| view! { <ArticlePage kind=ContentKind::Blog /> } ssr=SsrMode::Async />
                    <Route path=path!("ead/:slug") view=|| view! { <ArticlePage kind=ContentKind::Course /> } ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}
