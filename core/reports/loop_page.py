"""The loop over time: why the loop did or did not retrain, window by window, without scripts.

From the window records monitoring keeps in run metadata (`WindowRecord`): the data-drift share
of each window against its threshold, the windows the debounce counted for the current
decision, retrains launched and blocked, and the production version each window watched.
"""

from __future__ import annotations

from core.config import LoopConfig
from core.monitoring.decision import WindowRecord
from core.reports.page import CURRENT_COLOR, document, esc, lines, table, verdict

SHOWN = 30  # windows in the chart, newest last
MAX_SLOT = 28  # px per window at most, so a few windows do not make giant bars
LISTED = 15  # windows in the table, newest first
WIDTH, HEIGHT = 640, 210
LEFT, TOP, BOTTOM, RIGHT = 40, 20, 56, 12
DRIFTED_COLOR, COUNTED_STROKE = "#f59e0b", "#1f2933"
MARKS = {"retrain": ("#1e7b34", "retrain launched"), "blocked": ("#c81e1e", "retrain blocked")}
ALARMS = ("retrain", "blocked")
HEADERS = ("run", "time (UTC)", "version", "drift share", "drifted", "counted", "action", "reason")


def drift_share(window: WindowRecord) -> tuple[float | None, float | None]:
    """(drift share, its threshold) of the window's data-drift signal, if it had one."""
    for signal in window.signals:
        if signal.name == "data_drift":
            return signal.value, signal.threshold
    return None, None


def share_text(window: WindowRecord) -> str:
    share = drift_share(window)[0]
    return "n/a" if share is None else f"{share:.0%}"


def counted_runs(windows: list[WindowRecord], cfg: LoopConfig) -> set[str]:
    """Run ids of the windows the debounce looked at for the newest window's decision: the last
    `debounce.windows` windows of the version it watched."""
    if not windows:
        return set()
    version = windows[-1].model_version
    same = [w for w in windows if w.model_version == version]
    return {w.run_id for w in same[-cfg.debounce.windows :]}


def split_reason(reason: str) -> tuple[str, str]:
    """('no retrain: drift in 1 of last 3 windows ...', 'data_drift 0.2 vs 0.5 (quiet); ...')
    from a decision reason, whose signal evidence comes last in brackets."""
    head, _, evidence = reason.partition(" [")
    return head, evidence.removesuffix("]")


def rule_line(cfg: LoopConfig) -> str:
    rule = cfg.debounce
    latest = ", including the latest" if rule.require_latest else ""
    guard = cfg.guard
    return (
        f"Rule: retrain when {rule.min_drifted} of the last {rule.windows} windows of the "
        f"production version drifted{latest}; at most {guard.max_retrains_per_day} retrains a "
        f"day, none within {guard.cooldown_windows} windows of the last one"
    )


def _chart(windows: list[WindowRecord], counted: set[str]) -> str:
    """Bars of drift share per window, the threshold dashed, retrain/blocked marks on top,
    the production version under each run of windows that watched it."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = min(plot_w / max(len(windows), 1), MAX_SLOT)
    parts = [
        f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" '
        'stroke="#9aa5b1"/>',
        f'<text x="{LEFT - 4}" y="{TOP + 4}" font-size="9" text-anchor="end">100%</text>',
        f'<text x="{LEFT - 4}" y="{TOP + plot_h}" font-size="9" text-anchor="end">0%</text>',
    ]
    previous_version = None
    for i, window in enumerate(windows):
        share, threshold = drift_share(window)
        x = LEFT + slot * i
        height = plot_h * (share or 0.0)
        fill = DRIFTED_COLOR if window.drifted else CURRENT_COLOR
        stroke = f' stroke="{COUNTED_STROKE}" stroke-width="2"' if window.run_id in counted else ""
        tip = f"{window.run_name}: drift share {share if share is not None else 'n/a'}, "
        tip += f"{window.action}, version {window.model_version}"
        parts.append(
            f'<rect x="{x + slot * 0.15:.1f}" y="{TOP + plot_h - height:.1f}" '
            f'width="{slot * 0.7:.1f}" height="{height:.1f}" fill="{fill}"{stroke}>'
            f"<title>{esc(tip)}</title></rect>"
        )
        if threshold is not None:
            y = TOP + plot_h * (1 - threshold)
            parts.append(
                f'<line x1="{x:.1f}" x2="{x + slot:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                'stroke="#c81e1e" stroke-dasharray="4 3"/>'
            )
        if window.action in MARKS:
            color, _ = MARKS[window.action]
            cx = x + slot / 2
            parts.append(
                f'<circle cx="{cx:.1f}" cy="{TOP - 8}" r="5" fill="{color}">'
                f"<title>{esc(MARKS[window.action][1])}</title></circle>"
            )
        if window.model_version != previous_version:
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP + plot_h}" y2="{TOP + plot_h + 24}" '
                'stroke="#52606d"/>'
                f'<text x="{x + 3:.1f}" y="{TOP + plot_h + 20}" font-size="10">'
                f"v{esc(window.model_version)}</text>"
            )
            previous_version = window.model_version
    parts.append(
        f'<text x="{LEFT}" y="{HEIGHT - 6}" font-size="10">production version watched; '
        "bars: drift share (orange: window drifted; outlined: counted by the debounce); "
        "dashed: threshold; dots: retrain (green) or blocked (red)</text>"
    )
    return (
        f'<svg role="img" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">'
        f"<title>drift share per window</title>{''.join(parts)}</svg>"
    )


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def loop_html(windows: list[WindowRecord], cfg: LoopConfig, retrain: str | None = None) -> str:
    """The page for the newest window (the last of `windows`); `retrain` says how the retrain
    it launched ended, when it launched one."""
    if not windows:
        return document("Monitoring loop", verdict("No monitoring window yet", False))
    newest = windows[-1]
    shown = windows[-SHOWN:]
    counted = counted_runs(windows, cfg)
    headline, evidence = split_reason(newest.reason)
    texts = [f"Signals: {evidence}", rule_line(cfg)] if evidence else [rule_line(cfg)]
    if retrain:
        texts.insert(0, f"Retrain: {retrain}")
    retrains = sum(w.action == "retrain" for w in windows)
    blocked = sum(w.action == "blocked" for w in windows)
    texts.append(
        f"{plural(len(windows), 'window')} of model {newest.model}: "
        f"{plural(retrains, 'retrain')} launched, {blocked} blocked"
    )
    rows = [
        (
            w.run_name,
            w.created.strftime("%Y-%m-%d %H:%M"),
            w.model_version,
            share_text(w),
            "yes" if w.drifted else "no",
            "yes" if w.run_id in counted else "",
            w.action,
            w.reason,
        )
        for w in reversed(windows[-LISTED:])
    ]
    body = (
        verdict(f"This window: {headline}", newest.action in ALARMS)
        + lines(texts)
        + f"<h2>Drift share per window (last {len(shown)})</h2>"
        + _chart(shown, counted)
        + f"<h2>Windows, newest first (last {len(rows)})</h2>"
        + table(
            HEADERS,
            rows,
            numeric=(3,),
            marked=[r[6] in ALARMS for r in rows],
        )
    )
    return document(f"Monitoring loop: {newest.model}", body)
