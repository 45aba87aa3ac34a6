//! A bar chart on a page: the SVG drawn from the domain's `BarChart`, named for screen
//! readers, which read the table beside it for the figures.

use leptos::prelude::*;

use crate::domain::chart::BarChart;

#[component]
pub fn BarChartView(
    chart: BarChart,
    /// What the chart shows ("cumprimento por mês").
    name: String,
    #[prop(into, optional)] testid: Option<&'static str>,
) -> impl IntoView {
    if chart.is_empty() {
        return view! {
            <p class="muted chart-empty" data-testid="sla-chart-empty">"Ainda não há dados para este gráfico no período."</p>
        }
        .into_any();
    }
    let label = format!(
        "Gráfico de barras: {name}, em {} (dados na tabela ao lado)",
        chart.unit
    );
    view! {
        <figure class="chart" role="img" aria-label=label data-testid=testid data-series=chart.series.clone()
            inner_html=chart.svg()></figure>
    }
    .into_any()
}
