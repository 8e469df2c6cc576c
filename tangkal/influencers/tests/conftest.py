# The same stand-in platforms and Indonesian default as the connector tests.
from tangkal.connectors.tests.conftest import indonesian, standin  # noqa: F401
