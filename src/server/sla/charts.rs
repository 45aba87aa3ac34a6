//! The SLA report's charts: bar charts drawn with plotters into SVG text on the server
//! (the page shows each beside its table, which screen readers read instead).

use plotters::prelude::*;

/// A bar chart of `bars` (label, value) on a 0..`max` axis described by `unit`; empty when
/// there is nothing to draw (the page then says so instead of drawing bare axes).
pub fn bars(bars: &[(String, f64)], max: f64, unit: &str) -> String {
    let mut svg = String::new();
    if bars.is_empty() {
        return svg;
    }
    if let Err(e) = draw(&mut svg, bars, max, unit) {
        tracing::warn!(error = %e, "gráfico do relatório de SLA não desenhado");
        return String::new();
    }
    svg
}

fn draw(
    svg: &mut String,
    bars: &[(String, f64)],
    max: f64,
    unit: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let width = (120 + 90 * bars.len().max(1)).clamp(360, 900) as u32;
    let root = SVGBackend::with_string(svg, (width, 280)).into_drawing_area();
    root.fill(&WHITE)?;
    let labels: Vec<String> = bars.iter().map(|(l, _)| l.clone()).collect();
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(56)
        // A segmented 0..=n axis has a segment per value: the last bar is n.
        .build_cartesian_2d(
            (0..bars.len().max(1) - 1).into_segmented(),
            0f64..max.max(1.0),
        )?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .y_desc(unit)
        .y_labels(6)
        .x_label_formatter(&|x| match x {
            SegmentValue::CenterOf(i) => labels.get(*i).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .label_style(("sans-serif", 13))
        .draw()?;
    let fill = RGBColor(0x1f, 0x5f, 0xa8);
    chart.draw_series(bars.iter().enumerate().map(|(i, (_, v))| {
        let mut bar = Rectangle::new(
            [
                (SegmentValue::Exact(i), 0.0),
                (SegmentValue::Exact(i + 1), *v),
            ],
            fill.filled(),
        );
        bar.set_margin(0, 0, 10, 10);
        bar
    }))?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_chart_is_svg_with_its_labels() {
        let svg = super::bars(
            &[("VIP".into(), 97.5), ("Ouro".into(), 80.0)],
            100.0,
            "% cumpridos",
        );
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(
            svg.contains("VIP\n</text>") && svg.contains("Ouro\n</text>"),
            "{svg}"
        );
        assert_eq!(svg.matches("<rect").count(), 3, "background and two bars");
        let one = super::bars(&[("Telefone".into(), 2.0)], 4.0, "horas");
        assert_eq!(one.matches("<rect").count(), 2, "{one}");
        assert_eq!(super::bars(&[], 100.0, "%"), "", "no bare axes");
    }
}
