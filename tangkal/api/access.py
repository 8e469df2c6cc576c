from tangkal.core.access import EVERYONE, NOBODY, SIGNED_IN, Route

ROUTES = [
    Route("api-1:api-root", NOBODY),  # ninja has no index page: 404 for everyone
    Route("api-1:openapi-json", EVERYONE),
    Route("api-1:openapi-view", EVERYONE),
    Route("api-1:health", EVERYONE),
    Route("api-1:me", SIGNED_IN),
]
