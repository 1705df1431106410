"""One self-contained HTML page: inline CSS, figures embedded as base64 PNG, no external fetches."""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

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
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:right}
th{background:#f5f5f5} td:first-child,th:first-child{text-align:left}
.note{background:#f7f9fc;border-left:4px solid #6b8cce;padding:.6rem .9rem;margin:1rem 0}
footer{margin-top:3rem;color:#777;font-size:.8rem}
"""
)


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
    """A DataFrame as an HTML table with a caption; text is escaped."""
    body = frame.to_html(index=False, escape=True, border=0, float_format=float_format.format, na_rep="")
    return f"<figure>{body}<figcaption>{html.escape(caption)}</figcaption></figure>"


def render_page(title: str, lead: str, sections: Sequence[Section], *, footer: str = "") -> str:
    """The whole HTML document as a string."""
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
    footer_text = footer or "Made by disclosure on this computer; nothing in this file was sent anywhere."
    parts.append(f"<footer>{html.escape(footer_text)}</footer></body></html>")
    return "\n".join(parts) + "\n"
