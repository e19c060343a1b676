# Keyloop developer entry points. The logic lives in scripts/.
#   make run                   migrate, load demo data, serve on 127.0.0.1:$$PORT (default 8000)
#   make test [ARGS="-k foo"]  pytest on SQLite and PostgreSQL side by side (KEYLOOP_TEST_DB, KEYLOOP_TEST_JOBS)
#   make bench                 run benchmarks/bench_*.py
#   make lint                  ruff check + format check
#   make clean                 delete .venv/ and var/ (local data!) without asking
.PHONY: help venv install run test bench lint clean

help:
	@sed -n 's/^#   make/make/p' Makefile

# Creates .venv (Python 3.12) with the project + test group; a no-op when up to date.
venv install:
	bash scripts/bootstrap.sh test

run: venv
	.venv/bin/keyloop migrate --noinput
	.venv/bin/keyloop collectstatic --noinput -v0
	.venv/bin/keyloop demo
	exec .venv/bin/keyloop serve

test:
	bash scripts/test.sh $(ARGS)

bench: venv
	.venv/bin/python benchmarks/run.py $(ARGS)

lint:
	bash scripts/bootstrap.sh dev
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

clean:
	rm -rf .venv var *.egg-info .pytest_cache .ruff_cache
