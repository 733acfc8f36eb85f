# Two commands do all the set-up on a fresh machine with Python >= 3.11:
#   make run    install what is needed and run the bot
#   make test   install what is needed, then lint, type-check and run the whole test suite
# and, to try the bot without Telegram:
#   make demo   install what is needed and open the playground on http://127.0.0.1:8080
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run demo test lint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: $(BIN)/.installed
	$(BIN)/python -m bot run

demo: $(BIN)/.installed
	$(BIN)/python -m bot demo

test: lint
	$(BIN)/python -m pytest -q

lint: $(BIN)/.installed
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
