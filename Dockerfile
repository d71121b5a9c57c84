# syntax=docker/dockerfile:1
# The Cairn worker image.
#   docker build -t cairn-worker .
#   docker run --rm -e CAIRN_API_TOKEN=… cairn-worker              # a worker (needs CAIRN_API_TOKEN, see below)
#   docker run --rm -e CAIRN_URL=http://host:8080 cairn-worker status <job-id>   # any other cairn command
# docker-compose.yml at the repository root runs it with PostgreSQL, Redis, Prometheus and Grafana.

# ---- build: Maven + JDK 21 ---------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
# The poms alone first, so the dependency layer is rebuilt only when a pom changes, not on every code edit.
# (The image's own Maven is used: the wrapper would only download a second one.)
COPY pom.xml ./
COPY jobs-api/pom.xml jobs-api/
COPY worker/pom.xml worker/
# why a build of the empty modules instead of dependency:go-offline: go-offline cannot resolve the worker's
# dependency on the not-yet-built jobs-api module, while a real package run downloads exactly the
# dependencies and plugins (compiler, jar, shade) that the build below uses.
RUN mvn -B -q -ntp -Dmaven.test.skip=true package -pl worker -am
COPY jobs-api/src jobs-api/src
COPY worker/src worker/src
RUN mvn -B -q -ntp -Dmaven.test.skip=true package -pl worker -am

# ---- runtime: JRE 21 -------------------------------------------------------------------------------
# The Ubuntu (noble) Temurin image, not the Alpine one: it ships curl, which the HEALTHCHECK uses.
FROM eclipse-temurin:21-jre-noble
# why `curl --version`: fail the build here, not at the first health check, should a base image drop curl.
RUN curl --version >/dev/null \
    && groupadd --gid 10001 cairn \
    && useradd --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin cairn \
    && mkdir -p /data \
    && chown cairn:cairn /data
WORKDIR /app
COPY --from=build /src/worker/target/cairn-worker.jar /app/cairn-worker.jar

# The data dir (step outputs, uploaded PDFs, results) is a volume owned by the non-root user; a new named
# volume mounted here starts with that ownership. The API listens on every interface of the container:
# the worker then refuses to start without CAIRN_API_TOKEN, so the API is never exposed unauthenticated.
ENV CAIRN_DATA_DIR=/data \
    CAIRN_HTTP_BIND=0.0.0.0
VOLUME ["/data"]
USER 10001:10001
# 8080 = the Cairn API (/health, /metrics, /api/**), 8000 = the JobRunr dashboard
EXPOSE 8080 8000

# /health/live answers as long as the process serves HTTP; job storage or Redis outages show on /health/ready.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${CAIRN_HTTP_PORT:-8080}/health/live" || exit 1

# The heap follows the container's memory limit; an OutOfMemoryError ends the process so the container is
# restarted (its jobs resume from their checkpoints) instead of limping on. Add flags with JAVA_TOOL_OPTIONS.
# Exec form: java is PID 1 and gets SIGTERM itself, so `docker stop` drains running steps to a checkpoint.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/cairn-worker.jar"]
CMD ["worker"]
