# Gongkai: `make demo` and `make test` on a fresh machine (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_SERVE ?= 1
HOST ?= 127.0.0.1
PORT ?= 8000
# The sample portal of `make demo` (its township site answers on PORTAL_PORT + 1).
PORTAL_PORT ?= 8001

.PHONY: install demo serve test test-fast test-sqlite test-postgres lint format bench clean

# Python packages through uv (the same versions as pip resolves, in ~5 s instead of ~30 s; pip
# is the fallback). Debian packages (scripts/install-fonts, scripts/install-browser: Chromium for the browser tests): poppler-utils (pdftotext/pdffonts/pdftoppm) reads PDF
# letters and reports; LibreOffice and CJK fonts render bulletins to PDF (FandolFang/Kai in .fonts/).
$(STAMP): pyproject.toml scripts/install-fonts scripts/install-browser
	scripts/install-fonts
	scripts/install-browser
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e '.[dev,postgres,redis,ocr]' \
	  || $(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,postgres,redis,ocr]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/gongkai migrate --noinput -v 0
	$(BIN)/gongkai demo --out out --portal-port $(PORTAL_PORT)
	@if [ "$(DEMO_SERVE)" != "0" ]; then $(MAKE) --no-print-directory serve; fi

# The web UI, one task worker (background imports; crawls: it queues a crawl each minute while
# pages are due) and, after `make demo`, the sample portal on loopback (so the monitor's evidence
# links open); Ctrl-C stops them all by PID.
serve: install
	$(BIN)/gongkai migrate --noinput -v 0
	@mkdir -p var
	@echo "Gongkai: http://$(HOST):$(PORT)/"
	@trap 'kill $$worker $$portal 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gongkai run_huey --workers 1 >var/worker.log 2>&1 & worker=$$!; \
	if [ -d out/portal/main ]; then \
	  $(BIN)/python -m gongkai.sample.portal_server out/portal --port $(PORTAL_PORT) >var/portal.log 2>&1 & portal=$$!; \
	  echo "示例网站：http://127.0.0.1:$(PORTAL_PORT)/"; \
	fi; \
	$(BIN)/gongkai runserver --noreload $(HOST):$(PORT)

# The suite on SQLite (the default database) and on PostgreSQL (a throwaway server).
# Two worker processes (the machines have 2 cores); a module's tests stay on one worker so its
# module-scoped fixtures (the sample county, a CLI session) are built once.
PYTEST_PARALLEL ?= -n auto --dist loadscope

# The PostgreSQL pass runs every test that reaches a database (GONGKAI_TEST_DATABASE_ONLY, see
# tests/conftest.py); the rest (pure core, files, processes with their own SQLite) ran in the first pass.
test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest $(PYTEST_PARALLEL)
	GONGKAI_TEST_DATABASE_ONLY=1 scripts/with-postgres scripts/with-redis $(BIN)/pytest $(PYTEST_PARALLEL) -p no:cacheprovider

# The edit loop: SQLite only, without the tests marked slow (large files, LibreOffice, real processes).
test-fast: install
	$(BIN)/pytest $(PYTEST_PARALLEL) -m "not slow" -x

test-sqlite: install
	$(BIN)/pytest $(PYTEST_PARALLEL)

test-postgres: install
	scripts/with-postgres scripts/with-redis $(BIN)/pytest $(PYTEST_PARALLEL) -p no:cacheprovider

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

# bench/crawl.py runs Scrapy and LinkChecker next to Gongkai: the optional extra `bench`.
bench: install
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[bench]'
	command -v nginx >/dev/null || scripts/apt-install nginx-light
	$(BIN)/python bench/annual_report.py
	$(BIN)/python bench/bulletin.py
	$(BIN)/python bench/clock.py
	$(BIN)/python bench/crawl.py
	$(BIN)/python bench/stats.py

clean:
	rm -rf $(VENV) var out .pytest_cache
