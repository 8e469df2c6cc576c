from tangkal.core.access import EVERYONE, Route

ROUTES = [
    Route("public:home", EVERYONE),
]
