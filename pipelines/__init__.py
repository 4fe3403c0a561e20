"""Normalisation: raw records → clean, safe listings, or quarantine with a reason.

``build_pipeline(registry)`` orders the steps every plugin (built-ins included) registered
through ``register_steps``; see pipelines/base.py for the step contract.

The names below are imported on first use (PEP 562), not with the package: ``regiohub
--help`` imports ``pipelines.commands`` to list its command, and must not pay for the model
and configuration (pydantic) that ``pipelines.base`` brings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hub.plugins import Registry
    from pipelines.base import Draft, Pipeline, Reject, Step

__all__ = ["Draft", "Pipeline", "Reject", "Step", "build_pipeline"]


def __getattr__(name: str) -> Any:
    if name in ("Draft", "Pipeline", "Reject", "Step"):
        from pipelines import base

        return getattr(base, name)
    raise AttributeError(f"module 'pipelines' has no attribute {name!r}")


def build_pipeline(registry: Registry) -> Pipeline:
    from pipelines.base import Pipeline

    return Pipeline(registry.steps)
