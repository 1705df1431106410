"""One self-contained HTML page: inline CSS, figures embedded as base64 PNG, no external fetches."""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..schema import declared_column

PAGE_WIDTH_PX = 1100
"""The widest the page's text column (and so any figure) is shown, in CSS pixels."""
FIGURE_DPI = 110
"""Pixels per inch of the embedded figures: a figure wider than PAGE_WIDTH_PX / FIGURE_DPI inches is shown shrunk."""

_CSS = (
    (
        "\nbody{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2rem auto;"
        f"max-width:{PAGE_WIDTH_PX}px;color:#222;\nline-height:1.45;padding:0 1rem}}"
    )
    + """
h1{font-size:1.7rem;margin-bottom:.2rem} h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #ddd}
p.lead{color:#555;margin-top:0} figure{margin:1rem 0} figure img{max-width:100%;height:auto}
figcaption{color:#555;font-size:.9rem}
table{border-collapse:collapse;font-size:.85rem;margin:.8rem 0}
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f5f5f5} .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
th[aria-sort]{cursor:pointer} th[aria-sort="ascending"]::after{content:" \\25B2"}
th[aria-sort="descending"]::after{content:" \\25BC"} input.filter{font:inherit;margin:.6rem 0 0;padding:.2rem .4rem}
dl.glossary{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;font-size:.9rem}
dl.glossary dt{font-family:ui-monospace,Menlo,monospace} dl.glossary dd{margin:0}
dl.glossary .range{color:#666}
.note{background:#f7f9fc;border-left:4px solid #6b8cce;padding:.6rem .9rem;margin:1rem 0}
footer{margin-top:3rem;color:#777;font-size:.8rem}
"""
)


_TABLE_SCRIPT = """
document.querySelectorAll("table").forEach(function (table) {
  var body = table.tBodies[0], heads = table.querySelectorAll("thead th");
  if (!body) return;
  var rows = Array.prototype.slice.call(body.rows);
  heads.forEach(function (th, i) {
    th.tabIndex = 0;
    th.title = "Sort by this column";
    th.setAttribute("aria-sort", "none");
    function sort() {
      var up = th.getAttribute("aria-sort") !== "ascending", numeric = th.classList.contains("num");
      heads.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = a.cells[i].textContent, y = b.cells[i].textContent;
        if (x === "" || y === "") return (x === "") - (y === "");
        var order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
        return up ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
    });
  });
  if (rows.length <= FILTER_FROM_ROWS) return;
  var filter = document.createElement("input");
  filter.type = "search";
  filter.className = "filter";
  filter.placeholder = "Filter rows";
  filter.setAttribute("aria-label", "Show only the rows of this table that contain");
  filter.addEventListener("input", function () {
    var wanted = filter.value.toLowerCase();
    rows.forEach(function (row) { row.hidden = wanted !== "" && row.textContent.toLowerCase().indexOf(wanted) < 0; });
  });
  table.parentNode.insertBefore(filter, table);
});
"""
FILTER_FROM_ROWS = 8
"""Tables longer than this get a filter box; every table sorts by a click (or Enter) on a header."""


@dataclass(frozen=True)
class Section:
    """A titled part of a report: paragraphs of plain text, figures and tables, in that order."""

    title: str
    paragraphs: Sequence[str] = ()
    figures: Sequence[tuple[Any, str]] = ()
    """(matplotlib Figure, caption) pairs."""
    tables: Sequence[tuple[pd.DataFrame, str]] = ()
    """(DataFrame, caption) pairs."""


def figure_html(figure: Any, caption: str) -> str:
    """A matplotlib figure as an inline base64 PNG `<figure>` (closes the figure)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=FIGURE_DPI, bbox_inches="tight", metadata={"Software": None})
    plt.close(figure)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f'<figure><img alt="{html.escape(caption)}" src="data:image/png;base64,{data}">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


def table_html(frame: pd.DataFrame, caption: str, *, float_format: str = "{:.3f}") -> str:
    """A DataFrame as an HTML table with a caption: numbers right-aligned on their digits, text left; escaped."""
    numeric = [
        pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]) for c in frame.columns
    ]

    def cell(value: object, number: bool) -> str:
        if value is None or (isinstance(value, float) and value != value):
            shown = ""
        elif number and isinstance(value, float):
            shown = float_format.format(value)
        else:
            shown = html.escape(str(value))
        return f'<td class="num">{shown}</td>' if number else f"<td>{shown}</td>"

    head = "".join(
        f'<th class="num">{html.escape(str(c))}</th>' if n else f"<th>{html.escape(str(c))}</th>"
        for c, n in zip(frame.columns, numeric, strict=True)
    )
    rows = "".join(
        "<tr>" + "".join(cell(v, n) for v, n in zip(row, numeric, strict=True)) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (
        f"<figure><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


STATISTICS: dict[str, str] = {
    "effect": "Which association was estimated.",
    "outcome": "The measure compared or predicted.",
    "predictor": "What the outcome is estimated per unit of.",
    "estimate": "Change in the outcome per unit of the predictor, adjusted for the other terms.",
    "ci_low": "Lower end of the 95% confidence interval of the estimate or difference.",
    "ci_high": "Upper end of the 95% confidence interval of the estimate or difference.",
    "standardized": "The estimate in standard deviations of the outcome (per SD of a continuous predictor; a d for a "
    "binary one), comparable across outcomes.",
    "p_value": "Probability of an estimate this far from 0 if there were no association (Wald test of the GEE).",
    "n_observations": "Utterances (or speakers) the estimate rests on.",
    "n_clusters": "Independent units (conversations or speakers) the standard errors are clustered by.",
    "group": "The group of speakers, as named in the grouping column.",
    "reference": "The group every difference is taken from.",
    "n_speakers": "Speakers in the group.",
    "mean": "The outcome's mean in the group.",
    "difference": "The group's mean minus the reference group's, from a GEE clustered by speaker.",
    "cohens_d": "The difference in pooled standard deviations of the outcome.",
    "reference_mean": "The outcome's mean in the reference group.",
}
"""What the statistics columns of the reports mean (the measured columns are explained from `schema.py`)."""


def glossary_html(headers: Sequence[str], aliases: Mapping[str, str], terms: Mapping[str, str]) -> str:
    """A definition list of every table header with a known meaning: the page's own `terms` first, then a declared
    column's from `schema.py` (with its type and range), then a statistic's from `STATISTICS`; `aliases` maps a
    shortened header to its column."""
    items = []
    for header in dict.fromkeys(headers):
        name = aliases.get(header, header)
        column = declared_column(name)
        if header in terms:
            meaning = html.escape(terms[header])
        elif column is not None:
            shown = html.escape(column.meaning.replace("`", ""))
            meaning = f'{shown} <span class="range">({html.escape(column.dtype)}, {html.escape(column.range)})</span>'
        elif name in STATISTICS:
            meaning = html.escape(STATISTICS[name])
        else:
            continue
        items.append(f"<dt>{html.escape(header)}</dt><dd>{meaning}</dd>")
    return '<dl class="glossary">' + "".join(items) + "</dl>"


def render_page(
    title: str,
    lead: str,
    sections: Sequence[Section],
    *,
    footer: str = "",
    aliases: Mapping[str, str] | None = None,
    terms: Mapping[str, str] | None = None,
) -> str:
    """The whole HTML document as a string, ending with what every column of its tables means (`aliases` maps a
    shortened header to the column it shows; `terms` gives the meaning of headers particular to this page)."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="lead">{html.escape(lead)}</p>',
    ]
    for section in sections:
        parts.append(f"<section><h2>{html.escape(section.title)}</h2>")
        parts += [f"<p>{html.escape(p)}</p>" for p in section.paragraphs]
        parts += [figure_html(fig, cap) for fig, cap in section.figures]
        parts += [table_html(frame, cap) for frame, cap in section.tables]
        parts.append("</section>")
    headers = [str(c) for section in sections for frame, _ in section.tables for c in frame.columns]
    if headers:
        parts.append("<section><h2>What the columns mean</h2>")
        parts.append(glossary_html(headers, aliases or {}, terms or {}))
        parts.append("</section>")
    script = _TABLE_SCRIPT.replace("FILTER_FROM_ROWS", str(FILTER_FROM_ROWS))
    parts.append(f"<script>{script}</script>")  # inline: the page works offline, from one file
    footer_text = footer or "Made by disclosure on this computer; nothing in this file was sent anywhere."
    parts.append(f"<footer>{html.escape(footer_text)}</footer></body></html>")
    return "\n".join(parts) + "\n"
