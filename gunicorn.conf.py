"""Gunicorn settings used by scripts/serve.sh (and suitable for production)."""


def worker_exit(server, worker):
    # Short-link clicks are counted in memory and flushed every second; write what is left on exit.
    from tangkal.campaigns.clicks import shutdown

    shutdown()
