# One verb per task; CI (.ci/run) calls the same targets.
# Only Python 3.11+ is needed up front: `uv` is bootstrapped into .tools/ when it is not on PATH.

SHELL := /bin/bash
PYTHON ?= python3
UV ?= $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
RUN := $(UV) run --frozen
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: help install generate check-generated lint format typecheck check test test-fast \
        serve demo bench live-contract spec-diff clean

help:
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s $$'\t'

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet uv

install: $(UV) ## create .venv from uv.lock (dev tools included)
	$(UV) sync --frozen

generate: install ## regenerate generated_client/ from openapi/
	$(RUN) python -m generator generate

check-generated: install ## fail with a diff if generated_client/ is not what openapi/ generates
	$(RUN) python -m generator check

lint: install ## ruff check + ruff format --check (our code, then the generated client)
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) ruff check --config generator/ruff-generated.toml generated_client
	$(RUN) ruff format --check --config generator/ruff-generated.toml generated_client

format: install ## apply ruff fixes and formatting to our code
	$(RUN) ruff check --fix .
	$(RUN) ruff format .

typecheck: install ## mypy --strict on our packages and the generated client
	$(RUN) mypy

check: lint typecheck ## all static gates

test: check check-generated ## static gates, generated-code drift, then the whole test suite
	$(RUN) pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "error: pytest collected no tests" >&2; exit 1; fi; exit $$rc

test-fast: install ## the test suite without the slow tier
	$(RUN) pytest -m "not slow" $(PYTEST_ARGS)

serve: install ## run the mock server on $(HOST):$(PORT)
	$(RUN) liangxin-mock serve --host $(HOST) --port $(PORT)

demo: install ## start the mock in-process and drive the typed client through tasks
	$(RUN) python -m mock_server.demo

bench: install ## side-by-side benchmarks (not part of the tests)
	$(RUN) python -m benchmarks

live-contract: install ## check the real API (needs LIANGXIN_API_KEY and LIANGXIN_BASE_URL)
	$(RUN) python -m liangxin.contract.live

spec-diff: install ## breaking/non-breaking changes of openapi/ against BASE (default HEAD)
	$(RUN) python -m liangxin.contract.specdiff --base $${BASE:-HEAD}

clean:
	rm -rf .venv .tools .pytest_cache .mypy_cache .ruff_cache .hypothesis
