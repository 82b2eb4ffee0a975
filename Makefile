# The two commands of the README: `make demo` and `make test`. Everything else is a step
# they take. A fresh machine needs only Python 3.11 (and, for the browser tests and the
# PDF files, Debian's chromium and the CJK fonts the documents embed — fonts-noto-cjk,
# fonts-lxgw-wenkai — which `make system-deps` installs for `make demo` and `make test`).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
DEMO_DB = var/demo.sqlite3
# The port `make demo` serves on: `make demo PORT=8101`.
PORT   ?= 8000

.PHONY: demo worker test install lint format bench system-deps clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

# Debian packages the demo and the tests use: a real browser, and the fonts every PDF
# embeds (without them the PDF renderer refuses rather than print blank boxes). Skipped
# when present or when we are not root (then the README says what to install).
system-deps:
	@missing=""; for p in $(shell cat debian-packages.txt); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "please install (as root): apt-get install$$missing"; exit 1; fi; fi

# A fresh demo database each time; `zhenggai demo` deletes the old one only after it has
# made sure the port is free, so a taken port costs nothing.
demo: install system-deps
	mkdir -p var
	DATABASE_URL=sqlite:///$(DEMO_DB) ZHENGGAI_ENV=demo $(BIN)/zhenggai demo --fresh --port $(PORT)

# The reminder worker on the demo database, on its own (`make demo` already starts one).
worker: install
	DATABASE_URL=sqlite:///$(DEMO_DB) ZHENGGAI_ENV=demo $(BIN)/zhenggai worker

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Workers for the test suite: one per core (pytest-xdist); TEST_WORKERS=0 runs in-process.
TEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
# worksteal: a worker that runs out takes tests off the end of the other's queue, so both
# finish together (loadfile pinned a whole file, the demo's two minutes, to one worker);
# the tests marked `heavy` go first (tests/conftest.py).
SUITE = $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

test: install system-deps lint
	$(SUITE)

bench: install
	$(BIN)/python bench/bench_parser.py

clean:
	rm -rf $(VENV) var
