# Vouch: the API (uvicorn workers) and, with another command, the Slack bot.
# Small: a slim base, dependencies built in a separate stage, no compilers in the image.
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY server ./server
COPY bot ./bot
# The redis extra brings the client for VOUCH_RATE_LIMIT_STORAGE=async+redis://...
RUN python -m venv /opt/vouch && /opt/vouch/bin/pip install --no-compile '.[redis]'

FROM python:3.11-slim
RUN useradd --system --uid 10001 --user-group --home-dir /app --create-home vouch
COPY --from=build /opt/vouch /opt/vouch
ENV PATH=/opt/vouch/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VOUCH_LOG_FORMAT=json \
    PROMETHEUS_MULTIPROC_DIR=/tmp/vouch-metrics
WORKDIR /app
USER vouch
EXPOSE 8000
# Liveness: the process answers and reaches its database (/readyz adds migrations and limits).
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
# Workers: WEB_CONCURRENCY (uvicorn's own variable). The metrics directory starts empty, so
# one scrape sums every worker's counters.
CMD ["sh", "-c", "rm -rf \"$PROMETHEUS_MULTIPROC_DIR\" && mkdir -p \"$PROMETHEUS_MULTIPROC_DIR\" && exec uvicorn --factory server.asgi:create --host 0.0.0.0 --port 8000 --no-access-log"]
