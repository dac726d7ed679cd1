# zhenxing — the two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# the browser tests' tools from the npm registry (axe-core, package.json): npm ci writes this file
NODE_STAMP := node_modules/.package-lock.json
PORT ?= 8000
export ZHENXING_HOME := $(CURDIR)

.PHONY: install test-tools run serve-prod test lint bench bench-scale system-deps clean-db

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)
	@echo "已安装到 $(VENV)/"

test-tools: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "浏览器测试需要 Node.js 和 npm（Debian：apt-get install -y nodejs npm）" >&2; exit 1; }
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $(NODE_STAMP)
	@echo "已安装浏览器测试工具到 node_modules/（axe-core）"

run: install
	@bash scripts/system-deps.sh runtime
	@mkdir -p var
	@$(BIN)/python manage.py migrate --noinput -v0
	@for code in 2020-nmg 2023-ah 2025-ah; do $(BIN)/zhenxing edition load $$code || exit 1; done
	@$(BIN)/python manage.py signing_key
	@$(BIN)/python manage.py demo --edition 2020-nmg
	@echo ""
	@echo "振兴杯大赛平台：http://127.0.0.1:$(PORT)/  （API 文档：http://127.0.0.1:$(PORT)/api/docs）"
	@echo "后台任务进程已随网站启动；按 Ctrl+C 停止。"
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py jobs_worker --queue-name default & worker=$$!; \
	  $(BIN)/python manage.py runserver 127.0.0.1:$(PORT) --noreload

# The production layout on loopback (docs/operations.md): nginx + APP_SERVERS gunicorn (3) +
# WORKERS background workers (2) on PostgreSQL and Redis; Ctrl+C stops them all.
serve-prod: install
	@bash scripts/system-deps.sh prod
	@trap 'bash scripts/serve-prod.sh stop' EXIT INT TERM; \
	  bash scripts/serve-prod.sh start && echo "按 Ctrl+C 停止。" && while sleep 3600; do :; done

clean-db:
	@read -r -p "删除 var/ 下的 SQLite 数据库和上传的文件（演示站点的全部数据）？输入 yes 确认：" answer; \
	  if [ "$$answer" = yes ]; then rm -rf var/zhenxing.sqlite3* var/media && echo "已删除。"; else echo "未删除。"; fi

system-deps:
	@bash scripts/system-deps.sh

lint: install
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .
	@out=$$($(BIN)/lint-imports --no-logo --no-cache 2>&1) || { echo "$$out"; exit 1; }; \
	  echo "import-linter: $$(echo "$$out" | tail -n 1)"

test: install test-tools system-deps lint
	@$(BIN)/pytest

bench: install
	@bash scripts/system-deps.sh prod
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# The fault and load test (docs/operations.md): the production layout on its own database and
# port, a bounded load, kill -9 of an app server and a worker, a PostgreSQL restart; then every
# answered write is checked row by row. Never part of make test or CI.
bench-scale: install
	@bash scripts/system-deps.sh prod
	@$(BIN)/python bench/scale_faults.py
