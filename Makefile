# subs: the agreed entry points are `make install`, `make demo` and `make test`.
# Each installs what it needs itself (Debian packages, a venv, pip packages); reruns are quick.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
DEBIAN_PACKAGES := apertium apertium-eng-spa apertium-eng-cat apertium-en-gl apertium-eo-en \
	sox espeak-ng chromium chromium-driver
SOURCES := $(shell find subs subtitles transcribe translate glossary -name '*.py' -o -name '*.toml' -o -name '*.txt' -o -name '*.json' -o -name '*.html' -o -name '*.js' -o -name '*.css' 2>/dev/null)

.PHONY: install demo test test-fast bench lint clean

install: .stamp-debian .stamp-deps .stamp-project

.stamp-debian:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@touch $@

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

.stamp-deps: setup.cfg pyproject.toml $(VENV)/bin/python
	$(PIP) install -q --disable-pip-version-check ".[models,engines,library,test]"
	@touch $@

.stamp-project: .stamp-deps $(SOURCES) setup.cfg
	$(PIP) install -q --disable-pip-version-check --no-deps --force-reinstall .
	@rm -rf build *.egg-info
	@touch $@

demo: install
	$(PY) -m subs pack examples/testimony.flac --from en --to es,ca,pt-BR \
		-g examples/names.csv -o demo-out/pack --title "Testimony (subs demo)"

test: install
	$(PY) -m pytest -q -ra

test-fast: install
	$(PY) -m pytest -q -m "not slow and not e2e"

bench: install
	$(PY) benchmarks/run.py

lint: install
	$(PY) -m mypy subtitles subs glossary transcribe translate

clean:
	rm -rf $(VENV) .stamp-* build *.egg-info demo-out
