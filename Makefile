# Two commands set everything up on a fresh machine: `make demo` and `make test`.
# Both create .venv (python3 -m venv) if missing and install the core, every
# plugin under plugins/ and the teaching plugin editable in one pip call.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PLUGIN_DIRS := $(sort $(dir $(wildcard plugins/*/pyproject.toml))) examples/shequ-hello/
STAMP := $(VENV)/.shequ-installed
PYTEST_ARGS ?=

.PHONY: demo test install bench clean

install: $(STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml $(addsuffix pyproject.toml,$(PLUGIN_DIRS))
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]' $(addprefix -e ,$(PLUGIN_DIRS))
	touch $(STAMP)

demo: $(STAMP)
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" bash examples/demo.sh

test: $(STAMP)
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

bench: $(STAMP)
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) demo-out .demo-home .demo-home-*
