"""Fitted decisions: logistic models whose weights are data (``exporter/data/weights.json``).

Each page-level judgement (is this block article or chrome, which heading is
the headline, which line is the byline, which date is the publication date)
is a choice among candidates, each described by named features
(``features.py``). A model scores a candidate as

    p = 1 / (1 + exp(-(bias + Σ weight_f · (x_f - mean_f) / scale_f)))

in plain Python. ``bench/fit_cleaner.py`` fits the weights on the real-page
corpus's training split and writes the file; the feature names travel with
the weights, so a file that does not match the code is refused, not misread.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources


@dataclass(frozen=True, slots=True)
class Model:
    """One fitted logistic model."""

    name: str
    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    threshold: float = 0.5
    """The probability a candidate needs to be chosen (or a block kept)."""

    def probability(self, values: Sequence[float]) -> float:
        if len(values) != len(self.features):
            raise ValueError(f"{self.name}: {len(values)} values for {len(self.features)} features")
        return squash(self.score(self.bias, values))

    def tail(self, start: int) -> Model:
        """The model over its features from ``start`` on: ``tail(start).score(z, v)`` is
        ``score(z, v, start)``, its weights sliced once for a page's blocks, not per block."""
        return replace(
            self,
            features=self.features[start:],
            weights=self.weights[start:],
            mean=self.mean[start:],
            scale=self.scale[start:],
        )

    def score(self, z: float, values: Sequence[float], start: int = 0) -> float:
        """``z`` plus the terms of the features from ``start`` on, one for each of ``values``.

        The terms are added in the features' order, so a score summed in parts (the first
        features' part kept for a block that recurs) is the very number summed whole."""
        weights, mean, scale = (self.weights, self.mean, self.scale) if not start else (
            self.weights[start:], self.mean[start:], self.scale[start:]
        )
        for x, w, m, s in zip(values, weights, mean, scale):
            z += w * (x - m) / s
        return z


def squash(z: float) -> float:
    """A score as a probability."""
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def model_from_mapping(name: str, data: Mapping[str, object]) -> Model:
    def floats(key: str) -> tuple[float, ...]:
        values = data[key]
        assert isinstance(values, list)
        return tuple(float(v) for v in values)

    features = data["features"]
    assert isinstance(features, list)
    return Model(
        name=name,
        features=tuple(str(f) for f in features),
        weights=floats("weights"),
        bias=float(data["bias"]),  # type: ignore[arg-type]
        mean=floats("mean"),
        scale=floats("scale"),
        threshold=float(data.get("threshold", 0.5)),  # type: ignore[arg-type]
    )


@functools.lru_cache(maxsize=1)
def load_models() -> dict[str, Model]:
    """The packaged weights (immutable, so caching them is safe)."""
    text = resources.files("exporter").joinpath("data/weights.json").read_text("utf-8")
    data = json.loads(text)
    return {name: model_from_mapping(name, value) for name, value in data["models"].items()}


def model(name: str, features: Sequence[str]) -> Model | None:
    """The fitted model ``name`` if its features are ``features``; None when there is none or it is stale."""
    found = load_models().get(name)
    if found is None or found.features != tuple(features):
        return None
    return found
