from tangkal.badges.tests.conftest import badge_keyring  # noqa: F401  (autouse: a throw-away issuer key)
