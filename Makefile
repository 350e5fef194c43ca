# Both targets set everything up from nothing but a Python 3.10+ interpreter.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/lazyten demo

# the whole suite on onnxruntime, then again on the NumPy reference backend (the tests of how
# onnxruntime runs graphs skip there)
test: $(STAMP)
	$(PY) -m pytest -q tests
	LAZYTEN_BACKEND=numpy $(PY) -m pytest -q tests

bench: $(STAMP)
	$(PY) benchmarks/eager.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
