"""Candidate scores on the validation split, and the choice among them."""

from __future__ import annotations

from pydantic import BaseModel


class CandidateScores(BaseModel):
    """One fitted candidate's validation metrics."""

    candidate: str
    kind: str
    metrics: dict[str, float]

    def flat(self) -> dict[str, object]:
        """`candidate`, `kind` and the metrics side by side (run metadata, the dashboard)."""
        return {"candidate": self.candidate, "kind": self.kind, **self.metrics}


class Selection(BaseModel):
    """Which candidate won on `metric`, and every candidate's score on it."""

    selected: str
    metric: str
    leaderboard: dict[str, float]


def select_best(scores: list[CandidateScores], metric: str) -> tuple[int, Selection]:
    """Highest validation `metric` wins; ties go to the earlier candidate."""
    best = max(range(len(scores)), key=lambda i: (scores[i].metrics[metric], -i))
    selection = Selection(
        selected=scores[best].candidate,
        metric=metric,
        leaderboard={s.candidate: round(float(s.metrics[metric]), 6) for s in scores},
    )
    return best, selection
