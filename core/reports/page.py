"""The page frame every report shares: inline CSS, escaping, tables and a verdict banner.

The ZenML dashboard shows HTML artifacts in a sandboxed frame that runs no scripts, so a
report is one self-contained document: nothing fetched, nothing linked, nothing scripted.
The most important lines come first, so they show at the frame's default height.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:16px;
color:#1f2933;background:#fff}
h1{font-size:18px;margin:0 0 12px}
h2{font-size:15px;margin:18px 0 8px}
p{font-size:13px;margin:4px 0}
table{border-collapse:collapse;margin-bottom:16px}
th,td{border:1px solid #d9e2ec;padding:4px 10px;text-align:left;font-size:13px}
th{background:#f0f4f8}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.hit td{background:#fff4e5}
.figs{display:flex;flex-wrap:wrap;gap:16px}
figure{margin:0}
figcaption{font-size:12px;color:#52606d;text-align:center}
svg text{font-family:inherit;fill:#1f2933}
.verdict{font-size:15px;font-weight:600;padding:8px 12px;border-radius:4px;margin:0 0 8px}
.alarm{background:#fde8e8;border-left:4px solid #c81e1e}
.calm{background:#e6f4ea;border-left:4px solid #1e7b34}
.muted{color:#52606d}
"""
REFERENCE_COLOR, CURRENT_COLOR = "#9aa5b1", "#1f77b4"  # reference vs current, in every chart


def esc(text: object) -> str:
    """`text` safe inside HTML text and attribute values."""
    return html.escape(str(text), quote=True)


def document(title: str, body: str) -> str:
    """A complete HTML page: `<h1>title</h1>` then `body` (already HTML)."""
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>"
        f"<h1>{esc(title)}</h1>{body}</body></html>"
    )


def verdict(text: str, alarm: bool) -> str:
    """The headline: red-edged when something needs attention, green-edged when not."""
    return f"<p class='verdict {'alarm' if alarm else 'calm'}'>{esc(text)}</p>"


def lines(texts: Iterable[str]) -> str:
    """One paragraph per line of plain text."""
    return "".join(f"<p>{esc(text)}</p>" for text in texts)


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    numeric: Sequence[int] = (),
    marked: Iterable[bool] | None = None,
) -> str:
    """A table; columns at the `numeric` positions align right; `marked` rows are shaded."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    flags = iter(marked) if marked is not None else None
    body = []
    for row in rows:
        cells = "".join(
            f"<td class='num'>{esc(v)}</td>" if i in numeric else f"<td>{esc(v)}</td>"
            for i, v in enumerate(row)
        )
        hit = flags is not None and next(flags, False)
        body.append(f"<tr class='hit'>{cells}</tr>" if hit else f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def legend() -> str:
    """The reference/current colour key shared by the distribution charts."""
    swatch = "display:inline-block;width:10px;height:10px;margin:0 4px 0 12px"
    return (
        f"<p class='muted'><span style='{swatch};background:{REFERENCE_COLOR}'></span>reference"
        f"<span style='{swatch};background:{CURRENT_COLOR}'></span>current</p>"
    )
