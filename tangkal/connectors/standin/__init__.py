"""A local stand-in for the platform APIs: same paths, same JSON, deterministic answers.

Used by the demo (`manage.py run_platform_standin`), the end-to-end tests (in-process through
`httpx.WSGITransport(app=app)` or in a thread) and the benchmarks. It needs nothing from Django.
"""

from tangkal.connectors.standin.app import StandIn, app, serve_in_thread

__all__ = ["StandIn", "app", "serve_in_thread"]
