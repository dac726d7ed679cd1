#!/usr/bin/env bash
# The production layout on this machine's loopback: nginx (TLS, static files) in front of
# APP_SERVERS gunicorn app servers and WORKERS background workers, on PostgreSQL and Redis.
#   scripts/serve-prod.sh start|stop|status      (make serve-prod: start, then stop on Ctrl+C)
# Everything it writes is under var/prod/ (PROD): the nginx config, TLS certificate, pid files,
# logs, and the site's own files (uploads, keys) shared by every app server.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PROD=${PROD:-$ROOT/var/prod}
APP_SERVERS=${APP_SERVERS:-3}
WORKERS=${WORKERS:-2}
PORT=${PORT:-8443}
APP_PORT_BASE=${APP_PORT_BASE:-8100}
BIN=$ROOT/.venv/bin

export ZHENXING_ENV=production
export ZHENXING_VAR=$PROD/site
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/zhenxing_prod}
export ZHENXING_REDIS_URL=${ZHENXING_REDIS_URL:-redis://127.0.0.1:6379/1}
export ZHENXING_ALLOWED_HOSTS=127.0.0.1,localhost
export ZHENXING_CSRF_TRUSTED_ORIGINS=https://127.0.0.1:$PORT,https://localhost:$PORT
export ZHENXING_SITE_URL=https://127.0.0.1:$PORT
export ZHENXING_MAX_REQUEST_MB=${ZHENXING_MAX_REQUEST_MB:-20}
export ZHENXING_PROXY_CACHE_DIR=$PROD/cache  # nginx's cache of public pages, purged on publication

say() { echo "[serve-prod] $*"; }

secret() {
  mkdir -p "$PROD"
  [ -s "$PROD/secret" ] || (umask 077; "$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))' > "$PROD/secret")
  ZHENXING_SECRET_KEY=$(cat "$PROD/secret")
  export ZHENXING_SECRET_KEY
}

tls() {
  [ -s "$PROD/tls/cert.pem" ] && return
  mkdir -p "$PROD/tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$PROD/tls/key.pem" -out "$PROD/tls/cert.pem" 2>/dev/null
  say "自签名证书：$PROD/tls/cert.pem（客户端以它为 CA 即可核验）"
}

database() {
  local name=${DATABASE_URL##*/} server=${DATABASE_URL%/*}
  if ! psql "$server/postgres" -Atc "SELECT 1 FROM pg_database WHERE datname='$name'" | grep -q 1; then
    psql "$server/postgres" -qc "CREATE DATABASE \"$name\""
    say "已创建数据库 $name"
  fi
  "$BIN/python" manage.py migrate --noinput -v0
  "$BIN/zhenxing" edition load 2020-nmg > /dev/null
  "$BIN/python" manage.py signing_key
  "$BIN/python" manage.py collectstatic --noinput -v0
}

nginx_conf() {
  local upstreams="" i
  for i in $(seq 1 "$APP_SERVERS"); do
    upstreams+="        server 127.0.0.1:$((APP_PORT_BASE + i)) max_fails=1 fail_timeout=5s;"$'\n'
  done
  mkdir -p "$PROD/run" "$PROD/log" "$PROD/cache"
  PROD=$PROD PORT=$PORT UPSTREAMS=$upstreams STATIC_ROOT=$ZHENXING_VAR/static \
    MAX_REQUEST_MB=$ZHENXING_MAX_REQUEST_MB \
    envsubst '${PROD} ${PORT} ${UPSTREAMS} ${STATIC_ROOT} ${MAX_REQUEST_MB}' \
    < scripts/nginx.conf.template > "$PROD/nginx.conf"
  nginx -t -q -c "$PROD/nginx.conf" -p "$PROD"
}

start_app() {  # start_app N: the N-th app server
  "$BIN/gunicorn" zhenxing.wsgi -b "127.0.0.1:$((APP_PORT_BASE + $1))" -w 1 --threads 4 \
    --timeout 120 --graceful-timeout 10 --daemon --capture-output --pid "$PROD/run/app$1.pid" \
    --access-logfile "$PROD/log/app$1-access.log" --error-logfile "$PROD/log/app$1.log"
}

start_worker() {  # start_worker N: the N-th background worker
  nohup "$BIN/python" manage.py jobs_worker --queue-name default > "$PROD/log/worker$1.log" 2>&1 &
  echo $! > "$PROD/run/worker$1.pid"
}

start() {
  command -v nginx >/dev/null || { echo "缺少 nginx：请运行 bash scripts/system-deps.sh prod" >&2; exit 1; }
  secret; tls; database; nginx_conf
  local i
  for i in $(seq 1 "$APP_SERVERS"); do start_app "$i"; done
  for i in $(seq 1 "$WORKERS"); do start_worker "$i"; done
  nginx -c "$PROD/nginx.conf" -p "$PROD"
  for i in $(seq 1 50); do
    curl -fsk "https://127.0.0.1:$PORT/healthz" > /dev/null 2>&1 && break
    sleep 0.2
  done
  say "已启动：https://127.0.0.1:$PORT/ （$APP_SERVERS 个应用进程、$WORKERS 个后台任务进程、PostgreSQL、Redis）"
  curl -fsk "https://127.0.0.1:$PORT/healthz" && echo
}

stop() {
  local pid_file
  [ -f "$PROD/run/nginx.pid" ] && nginx -c "$PROD/nginx.conf" -p "$PROD" -s quit 2>/dev/null || true
  for pid_file in "$PROD"/run/app*.pid "$PROD"/run/worker*.pid; do
    [ -f "$pid_file" ] || continue
    kill "$(cat "$pid_file")" 2>/dev/null || true
    rm -f "$pid_file"
  done
  say "已停止"
}

status() {
  local pid_file name
  for pid_file in "$PROD"/run/*.pid; do
    [ -f "$pid_file" ] || continue
    name=$(basename "$pid_file" .pid)
    if kill -0 "$(cat "$pid_file")" 2>/dev/null; then echo "$name 运行中"; else echo "$name 已停止"; fi
  done
  curl -sk "https://127.0.0.1:$PORT/healthz"; echo
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  restart-app) secret; start_app "${2:?哪一个应用进程}" ;;
  restart-worker) secret; start_worker "${2:?哪一个后台任务进程}" ;;
  run) secret; shift; "$@" ;;  # a command with the layout's settings: run .venv/bin/zhenxing demo
  *) echo "用法：$0 start|stop|status|restart-app N|restart-worker N|run 命令…" >&2; exit 2 ;;
esac
