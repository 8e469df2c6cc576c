import pytest

from tangkal.connectors.testing import standin_platforms


@pytest.fixture
def standin(settings, db):
    """An in-process stand-in of the platform APIs that every connector talks to."""
    with standin_platforms(settings) as app:
        yield app


@pytest.fixture(autouse=True)
def indonesian():
    """Messages are asserted in Indonesian whatever language another test left active."""
    from django.utils import translation

    with translation.override("id"):
        yield
