"""Gunicorn settings for the short-link benchmark: clicks still buffered when a worker stops are
written before it exits."""


def worker_exit(server, worker):
    from tangkal.campaigns.clicks import shutdown

    shutdown()
