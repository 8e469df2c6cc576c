"""Who may reach each of this app's routes; the access test walks every route against this list."""

from tangkal.core.access import Route  # noqa: F401

ROUTES: list[Route] = []
