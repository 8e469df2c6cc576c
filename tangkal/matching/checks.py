"""Startup check: a configured semantic model must be loadable, or every check would fail later."""

from __future__ import annotations

from django.core import checks

from tangkal.matching.engine.semantic import SemanticModelError, load_encoder


@checks.register()
def semantic_model_loads(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    from tangkal.matching.live import semantic_spec

    spec = semantic_spec()
    if not spec:
        return []
    try:
        load_encoder(spec)
    except (SemanticModelError, OSError, RuntimeError) as exc:
        return [checks.Error(
            f"MATCHING_SEMANTIC_MODEL={spec!r} cannot be loaded: {exc}",
            hint="Install the extra (pip install -e '.[semantic]'), fix the path, or leave the setting empty.",
            id="matching.E001",
        )]
    return []
