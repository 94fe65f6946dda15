# Two commands set everything up on a fresh machine: `make demo` and `make test`.
# Both create .venv (python3 -m venv) if missing and install the core, every
# plugin under plugins/ and the teaching plugin editable in one pip call.
#
# For offices (README, "Install"): `make dist` builds the wheels of the core and of every
# plugin into dist/ (reproducible: file times are the last commit's, SOURCE_DATE_EPOCH);
# `make wheelhouse` adds every dependency as a wheel, in wheelhouse/, for installing with no
# network (`shequ install --from wheelhouse NAME`).  Wheels with compiled code (orjson, lxml,
# pyyaml) are for this machine's OS and Python; build the wheelhouse on a like machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PLUGIN_DIRS := $(sort $(dir $(wildcard plugins/*/pyproject.toml))) examples/shequ-hello/
STAMP := $(VENV)/.shequ-installed
PYTEST_ARGS ?=
DIST_DIRS := ./ $(sort $(dir $(wildcard plugins/*/pyproject.toml)))
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 315532800)
PIP_QUIET := --quiet --disable-pip-version-check
HATCHLING := $(VENV)/.hatchling-installed
# pipx brings its shared pip up to date with the --pip-args it is given: offline, from the wheelhouse.
PIPX_SHARED := pip setuptools wheel

.PHONY: demo test install bench clean dist wheelhouse

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

# The build backend, once, in .venv: one isolated build environment per wheel costs a minute.
$(HATCHLING): $(PY)
	$(PY) -m pip install $(PIP_QUIET) 'hatchling>=1.27'
	touch $(HATCHLING)

dist: $(HATCHLING)
	rm -rf dist
	SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) $(PY) -m pip wheel $(PIP_QUIET) --no-deps --no-build-isolation -w dist $(DIST_DIRS)
	@ls dist

wheelhouse: dist
	rm -rf wheelhouse
	$(PY) -m pip wheel $(PIP_QUIET) --find-links dist -w wheelhouse dist/*.whl $(PIPX_SHARED)
	@echo "wheelhouse/: $$(ls wheelhouse | wc -l) wheels (shequ, its plugins, every dependency, and pip for pipx)"

clean:
	rm -rf $(VENV) demo-out .demo-home .demo-home-* dist wheelhouse
