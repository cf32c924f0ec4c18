#!/usr/bin/env bash
# Makes sure a Docker engine answers, for the Docker tests and the demo. Says what it
# does at each step:
#   - an engine answers already: nothing to do (idempotent);
#   - the docker CLI or dockerd is missing: installs Debian's docker.io;
#   - no engine answers: starts one (systemctl when systemd runs, else dockerd in the
#     background, its log in $ATTEST_DOCKERD_LOG, /tmp/attest-dockerd.log by default);
#   - then waits until it answers, at most $ATTEST_DOCKER_START_TIMEOUT seconds (60).
# Works as root, or through sudo otherwise. Exit status 0 once an engine answers.
set -euo pipefail
docker=${ATTEST_DOCKER:-docker}
timeout=${ATTEST_DOCKER_START_TIMEOUT:-60}
log=${ATTEST_DOCKERD_LOG:-/tmp/attest-dockerd.log}

answers() { command -v "$docker" >/dev/null 2>&1 && "$docker" info >/dev/null 2>&1; }

if answers; then
  echo "attest: a Docker engine answers (server $("$docker" info --format '{{.ServerVersion}}' 2>/dev/null))"
  exit 0
fi

sudo=""
if [ "$(id -u)" != 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "attest: no Docker engine answers, and installing or starting one needs root (or sudo)" >&2
    exit 1
  fi
  sudo=sudo
fi

if ! command -v dockerd >/dev/null 2>&1 || ! command -v "$docker" >/dev/null 2>&1; then
  echo "attest: installing the Docker engine and CLI (Debian package docker.io, with iptables and iproute2)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    docker.io iptables iproute2 >/dev/null
fi

if ! answers && ! $sudo "$docker" info >/dev/null 2>&1; then
  if command -v pgrep >/dev/null 2>&1 && pgrep -x dockerd >/dev/null 2>&1; then
    echo "attest: dockerd runs but does not answer yet; waiting for it"
  elif command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    echo "attest: starting the Docker engine (systemctl start docker)"
    $sudo systemctl start docker
  else
    echo "attest: starting dockerd in the background (log: $log)"
    $sudo sh -c "nohup dockerd >'$log' 2>&1 &"
  fi
fi

deadline=$((SECONDS + timeout))
until answers; do
  if $sudo "$docker" info >/dev/null 2>&1 && [ -n "$sudo" ]; then
    echo "attest: the Docker engine runs, but this user may not use its socket: add it to the docker" \
      "group (sudo usermod -aG docker \$USER, then log in again), or run as root" >&2
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "attest: the Docker engine did not answer within ${timeout}s" >&2
    [ -f "$log" ] && { echo "attest: the last lines of $log:" >&2; tail -n 20 "$log" >&2; }
    exit 1
  fi
  sleep 0.2
done
echo "attest: the Docker engine answers (server $("$docker" info --format '{{.ServerVersion}}' 2>/dev/null))"
