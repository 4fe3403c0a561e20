"""Normalisation: raw records → clean, safe listings, or quarantine with a reason.

``build_pipeline(registry)`` orders the steps every plugin (built-ins included) registered
through ``register_steps``; see pipelines/base.py for the step contract.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipelines.base import Draft, Pipeline, Reject, Step

if TYPE_CHECKING:
    from hub.plugins import Registry

__all__ = ["Draft", "Pipeline", "Reject", "Step", "build_pipeline"]


def build_pipeline(registry: Registry) -> Pipeline:
    return Pipeline(registry.steps)
