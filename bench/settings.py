"""Settings of the server the benchmark starts: production's (DJANGO_ENV=production, set by
bench/run.py together with generated keys), apart from what a loopback benchmark cannot have.

- No TLS: bench/run.py sets SECURE_SSL_REDIRECT=0 and SECURE_HSTS_SECONDS=0; cookies keep
  their Secure flag and __Host- names (the load generator sends them over loopback anyway).
- The API throttles would answer 429 to one client address making thousands of requests, so
  their rates are raised; everything else about the API is as in production.
- Static files are collected once into var/bench/static (hashed, compressed names, as in
  production) and reused by later runs.
"""

from config.settings import *  # noqa: F403
from config.settings import REST_FRAMEWORK, VAR_DIR

STATIC_ROOT = VAR_DIR / "bench" / "static"
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "10000000/hour", "user": "10000000/hour"},
}
