# Two commands do all the set-up on a fresh machine with Python >= 3.10 and make:
#   make lab    - the notebooks in JupyterLab, on the bundled synthetic sample
#   make test   - every test (package, notebooks, browser checks)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# JupyterLab refuses to start as root without this flag; only add it when we are root.
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
# The no-network guard (metaexposure/_netguard.py), installed at startup by the sitecustomize in _site in every
# Python process started with these: JupyterLab, the notebook kernels it starts (they inherit its environment),
# pytest and its children. Loopback stays allowed in those processes, so Lab still serves on 127.0.0.1; the
# kernels' ZMQ sockets are C code the guard does not see, and they only bind to loopback.
NO_NETWORK := METAEXPOSURE_NO_NETWORK=1 PYTHONPATH=$(CURDIR)/metaexposure/_site

.PHONY: lab test lint bench samples clean

# A fresh clone spends about half a minute here with nothing on screen but pip (quiet): say what is happening
# first, and when it is done, so a first `make lab` does not look stuck.
$(STAMP): pyproject.toml
	@echo "Setting up $(VENV): installing metaexposure, JupyterLab and the test tools with pip (once; about a minute)..."
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)
	@echo "Set up $(VENV)."

# tests/test_make_lab.py runs this recipe's command and checks that a kernel's connection is refused.
lab: $(STAMP)
	$(NO_NETWORK) $(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=notebooks \
		--LabApp.default_url=/lab/tree/01-load-your-export.ipynb $(ROOT_FLAG)

lint: $(STAMP)
	$(BIN)/ruff check .

# The batch extra (Dask, distributed, pyarrow: metaexposure.batch, issue 19) is installed for the tests only,
# so `make lab` stays as light as it was.
BATCH_STAMP := $(VENV)/.batch-stamp
$(BATCH_STAMP): $(STAMP)
	@echo "Installing the batch extra (Dask, distributed, pyarrow) for the tests..."
	@$(BIN)/python -m pip install --quiet -e '.[test,batch]'
	@touch $(BATCH_STAMP)

# The no-network guard is on from the first line pytest runs (sitecustomize), before any plugin
# loads; tests/conftest.py then tightens it and hands it to every child process.
test: lint $(BATCH_STAMP)
	$(NO_NETWORK) $(BIN)/python -m pytest tests notebooks --nbval-lax --nbval-sanitize-with notebooks/sanitize.cfg -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

samples: $(STAMP)
	$(BIN)/python -m metaexposure.samples data/samples

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
