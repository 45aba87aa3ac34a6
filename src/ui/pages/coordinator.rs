//! The coordinator's home (the way to every coordinator screen) and the audit log.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::audit::audit_log;
use crate::domain::time::format_date_time;
use crate::ui::components::errors::ErrorNotice;

#[component]
pub fn CoordinatorHome() -> impl IntoView {
    view! {
        <Title text="Coordenação" />
        <h1>"Coordenação do suporte"</h1>
        <div class="cards">
            <a class="card card-link" href="/coordenacao/painel" data-testid="dashboard-link"><h3>"Painel"</h3><p>"Fila agora por estado e nível, as mais antigas, aberturas por semana e módulo, telefone e Extranet, SLA do mês — ao vivo."</p></a>
            <a class="card card-link" href="/coordenacao/empresas"><h3>"Empresas"</h3><p>"Clientes, planos, contatos da Extranet e pré-requisitos."</p></a>
            <a class="card card-link" href="/coordenacao/analistas"><h3>"Analistas"</h3><p>"Nível, especialidades e disponibilidade da equipe S.O.E."</p></a>
            <a class="card card-link" href="/coordenacao/conteudo"><h3>"Conteúdo"</h3><p>"Manual, blog, cursos e perguntas frequentes: criar, editar, despublicar."</p></a>
            <a class="card card-link" href="/coordenacao/conhecimento"><h3>"Autoatendimento"</h3><p>"O que resolveu antes de virar ocorrência e o que os analistas mais indicam, por mês."</p></a>
            <a class="card card-link" href="/coordenacao/auditoria"><h3>"Auditoria"</h3><p>"Quem mudou o quê, e quando."</p></a>
            <a class="card card-link" href="/coordenacao/encaminhamentos"><h3>"Encaminhamentos"</h3><p>"Demandas fora do escopo: categorias, áreas e o e-mail de cada área."</p></a>
            <a class="card card-link" href="/coordenacao/orcamentos.csv" download data-testid="estimates-csv"><h3>"Orçamentos aprovados (CSV)"</h3><p>"Alterações de dados aprovadas pelos clientes, com horas e valores, para o faturamento."</p></a>
            <a class="card card-link" href="/coordenacao/versoes"><h3>"Versões"</h3><p>"Versões semanais do ERP: cadastrar, ver as ocorrências que aguardam cada uma, publicar."</p></a>
            <a class="card card-link" href="/coordenacao/escritorios"><h3>"Escritórios"</h3><p>"Os escritórios, o calendário de cada um (horário, Carnaval, feriados locais) e as empresas que atendem."</p></a>
            <a class="card card-link" href="/coordenacao/sla"><h3>"SLA"</h3><p>"Cumprimento dos prazos, multas, e as regras: prazos por plano, pausas, feriados locais."</p></a>
        </div>
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let entries = Resource::new(|| (), |_| audit_log());
    view! {
        <Title text="Auditoria" />
        <h1>"Auditoria"</h1>
        <Suspense fallback=|| view! { <p class="muted">"Carregando…"</p> }>
            {move || Suspend::new(async move {
                match entries.await {
                    Ok(list) if list.is_empty() => view! { <p class="muted">"Nenhuma alteração registrada ainda."</p> }.into_any(),
                    Ok(list) => view! {
                        <table class="table stacked" data-testid="audit-log">
                            <thead><tr><th>"Quando"</th><th>"Quem"</th><th>"De onde"</th><th>"O quê"</th><th>"Registro"</th><th>"Antes"</th><th>"Depois"</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|e| view! {
                                    <tr>
                                        <td class="card-title">{format_date_time(e.at)}</td><td data-label="Quem">{e.actor}</td><td data-label="De onde">{e.ip.unwrap_or_default()}</td><td data-label="O quê">{e.action}</td><td data-label="Registro">{e.entity}</td>
                                        <td data-label="Antes"><code>{e.before.unwrap_or_default()}</code></td><td data-label="Depois"><code>{e.after.unwrap_or_default()}</code></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
