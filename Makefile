# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench translations clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/p2pdesk gui --first-run-demo

lint: $(STAMP)
	$(BIN)/ruff check app db ui tests bench
	$(BIN)/ruff format --check app db ui tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck pytest

# The client loads the compiled catalogue; tests/ui/test_translations.py fails when it is
# older than its .ts source.
translations: $(STAMP)
	$(BIN)/pyside6-lrelease resources/translations/p2pdesk_zh_CN.ts \
		-qm resources/translations/p2pdesk_zh_CN.qm

bench: $(STAMP)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
