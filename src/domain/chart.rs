//! A bar chart as data: what the SLA report and the coordinator's dashboard draw. The
//! figures and their geometry are computed here, so the server's first paint and the
//! browser draw the same thing, and a bar can never get a negative or runaway width.

use serde::{Deserialize, Serialize};

/// One bar: its label, its value and how the value is written (pt-BR).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
}

/// Horizontal bars on a 0..`max` scale, each row labelled with its figure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BarChart {
    /// A stable name for tests and tools (`data-series`).
    pub series: String,
    /// What the bars measure, read by screen readers with the chart's name.
    pub unit: String,
    pub max: f64,
    pub bars: Vec<Bar>,
}

impl BarChart {
    /// A chart whose scale fits the largest value (`floor` when all are smaller).
    pub fn fitted(series: &str, unit: &str, floor: f64, bars: Vec<Bar>) -> Self {
        let max = bars
            .iter()
            .map(|b| b.value)
            .filter(|v| v.is_finite())
            .fold(floor, f64::max);
        Self {
            series: series.into(),
            unit: unit.into(),
            max,
            bars,
        }
    }

    /// Each bar's length as a share of the chart's width, 0..=100 (a value that is not a
    /// number, negative or past the scale is drawn as 0 or full, never outside).
    pub fn widths(&self) -> Vec<f64> {
        self.bars
            .iter()
            .map(|b| {
                if self.max.is_nan() || self.max <= 0.0 || !b.value.is_finite() {
                    return 0.0;
                }
                (b.value / self.max * 100.0).clamp(0.0, 100.0)
            })
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.bars.is_empty()
    }

    /// The chart as SVG text: per bar a line "label: figure" and the bar under it. Widths
    /// are percentages of the drawing, so it fits any screen without scaling its text.
    pub fn svg(&self) -> String {
        const ROW: usize = 44;
        let mut out = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="{}" aria-hidden="true" focusable="false">"#,
            ROW * self.bars.len()
        );
        for (i, (bar, width)) in self.bars.iter().zip(self.widths()).enumerate() {
            let top = i * ROW;
            out.push_str(&format!(
                r##"<text x="0" y="{}" font-size="14" fill="#1f2933">{}: {}</text><rect x="0" y="{}" width="100%" height="14" rx="3" fill="#e8eef5"/><rect x="0" y="{}" width="{:.2}%" height="14" rx="3" fill="#1f5fa8"/>"##,
                top + 15,
                escape(&bar.label),
                escape(&bar.text),
                top + 21,
                top + 21,
                width
            ));
        }
        out.push_str("</svg>");
        out
    }
}

/// Text as SVG/XML character data.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `97.5` → "97,5 %".
pub fn percent_text(value: f64) -> String {
    format!("{value:.1} %").replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: f64) -> Bar {
        Bar {
            label: label.into(),
            value,
            text: value.to_string(),
        }
    }

    #[test]
    fn one_bar_of_a_month_has_a_width_inside_the_chart() {
        let c = BarChart::fitted("mes", "%", 100.0, vec![bar("12/2026", 0.0)]);
        assert_eq!(c.widths(), vec![0.0]);
        let c = BarChart::fitted("mes", "%", 100.0, vec![bar("12/2026", 80.0)]);
        assert_eq!(c.widths(), vec![80.0]);
    }

    #[test]
    fn odd_values_stay_between_zero_and_full() {
        let c = BarChart {
            series: "x".into(),
            unit: "h".into(),
            max: 10.0,
            bars: vec![
                bar("a", -3.0),
                bar("b", f64::NAN),
                bar("c", 25.0),
                bar("d", 5.0),
            ],
        };
        assert_eq!(c.widths(), vec![0.0, 0.0, 100.0, 50.0]);
        let zero = BarChart {
            max: 0.0,
            ..c.clone()
        };
        assert!(zero.widths().iter().all(|w| *w == 0.0));
    }

    #[test]
    fn the_scale_fits_the_largest_value() {
        let c = BarChart::fitted("h", "h", 1.0, vec![bar("a", 4.0), bar("b", 2.0)]);
        assert_eq!(c.max, 4.0);
        assert_eq!(c.widths(), vec![100.0, 50.0]);
        assert_eq!(BarChart::fitted("h", "h", 1.0, vec![]).max, 1.0);
        assert_eq!(percent_text(97.5), "97,5 %");
    }

    #[test]
    fn the_svg_names_each_bar_and_escapes_labels() {
        let c = BarChart::fitted("p", "%", 100.0, vec![bar("<VIP & Ouro>", 50.0)]);
        let svg = c.svg();
        assert!(svg.contains("&lt;VIP &amp; Ouro&gt;: 50"), "{svg}");
        assert!(svg.contains(r#"width="50.00%""#), "{svg}");
        assert!(!svg.contains("width=\"-"), "{svg}");
        assert_eq!(svg.matches("<rect").count(), 2, "track and bar");
    }
}
