"""Choosing how to translate a language pair with the models installed.

Preference, best first: a direct Argos package for the pair; a multilingual (NLLB-family)
model that lists both languages; a pivot through English whose two legs are each the best
of those. `--model CODE` limits the choice to routes that use that model.
"""

from __future__ import annotations

from dataclasses import dataclass

from workspace.translate.packages import InstalledModel

PIVOT_LANGUAGE = "en"


@dataclass(frozen=True)
class Step:
    model: InstalledModel
    source: str
    target: str


@dataclass(frozen=True)
class Route:
    source: str
    target: str
    steps: tuple[Step, ...]

    @property
    def kind(self) -> str:
        if len(self.steps) > 1:
            return "pivot"
        return "multilingual" if self.steps[0].model.family == "nllb" else "direct"

    @property
    def model_id(self) -> str:
        """The translation-memory key of the whole route (both models for a pivot)."""
        return ">".join(step.model.model_id for step in self.steps)

    def describe(self) -> str:
        legs = " → ".join(f"{s.source}→{s.target} {s.model.model_id}" for s in self.steps)
        return f"{self.kind}: {legs}"


def _single_step(models: list[InstalledModel], source: str, target: str) -> Step | None:
    direct = [
        m for m in models if m.family != "nllb" and (m.from_code, m.to_code) == (source, target)
    ]
    if direct:
        return Step(direct[0], source, target)
    multi = [m for m in models if m.family == "nllb" and (source, target) in m.pairs]
    if multi:
        return Step(multi[0], source, target)
    return None


def find_route(
    models: list[InstalledModel], source: str, target: str, only_model: str | None = None
) -> Route | None:
    """The best route from `source` to `target`, or None when there is none."""
    if only_model:
        models = [m for m in models if only_model in (m.code, m.model_id, m.path.name)]
    step = _single_step(models, source, target)
    if step is not None:
        return Route(source, target, (step,))
    if PIVOT_LANGUAGE in (source, target):
        return None
    first = _single_step(models, source, PIVOT_LANGUAGE)
    second = _single_step(models, PIVOT_LANGUAGE, target)
    if first and second:
        return Route(source, target, (first, second))
    return None


def all_routes(models: list[InstalledModel], languages: list[str]) -> list[Route]:
    routes = []
    for source in languages:
        for target in languages:
            if source != target and (route := find_route(models, source, target)):
                routes.append(route)
    return routes


def route_table(models: list[InstalledModel], languages: list[str]) -> list[tuple[str, str, str]]:
    """(source, target, how) for every ordered pair: the route, or why there is none."""
    rows = []
    for source in languages:
        for target in languages:
            if source != target:
                route = find_route(models, source, target)
                how = route.describe() if route else no_route_message(source, target)
                rows.append((source, target, how))
    return rows


def no_route_message(source: str, target: str) -> str:
    """Why a pair cannot be translated, naming the command that fixes it."""
    if "kk" in (source, target):
        how = "parallax models install kk (or models import-ct2 DIR --langs kk,ru,en)"
    else:
        how = f"parallax models install {source}-{target}"
    return f"no model translates {source}→{target}; install one with: {how}"
