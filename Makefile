# Two commands: `make demo` and `make test`. Everything else is a helper for them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
APP    := $(VENV)/.installed-app
SAMPLE ?= evidence_samples/telecom-operator

.PHONY: demo test lint bench clean system-libs system-packages

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "make: $(PYTHON) not found; install Python 3.11 or run 'make PYTHON=python3'"; exit 2; }
	$(PYTHON) -m venv $(VENV)

# `make demo` needs only what the product needs (a first run should not wait for Django, pandas or mypy);
# `make test` and `make lint` add the test and lint extras. pip's own output is kept to errors.
$(APP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --quiet -e .
	@touch $(APP)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --quiet -e '.[test,lint]'
	@touch $(STAMP) $(APP)

# Debian packages the tests drive (headless Chromium for the HTML report, pdftoppm for page images,
# a PostgreSQL server the warehouse tests start on 127.0.0.1).
# Only what is missing is installed, and only then is apt-get run (as root on dev machines and CI).
SYSTEM_PACKAGES := chromium poppler-utils postgresql

system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		command -v apt-get >/dev/null 2>&1 || { echo "make: the tests need these Debian packages: $$missing"; exit 2; }; \
		echo "make: installing $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# WeasyPrint (PDF reports) loads Pango and HarfBuzz from the system: say so in one line, not a traceback.
system-libs: $(BIN)/python
	@$(BIN)/python -c 'import ctypes.util, sys; missing = [n for n in ("pango-1.0", "pangoft2-1.0", "harfbuzz") if not ctypes.util.find_library(n)]; sys.exit(0 if not missing else "make: PDF reports need Pango and HarfBuzz (missing: " + ", ".join(missing) + "); install them: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0")'

demo: $(APP) system-libs
	@mkdir -p out
	$(BIN)/servex assess $(SAMPLE) -o json:out/result.json -o md:out/report.md -o html:out/report.html -o pdf:out/report.pdf --fail-on never
	$(BIN)/servex report out/result.json -o md:out/rapport.md -o pdf:out/rapport.pdf --lang fr
	@# API evidence: the service-desk-apis sample (Intercom, Qualtrics) from its recorded replay, offline
	@rm -rf out/api-replay && cp -r evidence_samples/service-desk-apis/replay out/api-replay
	$(BIN)/servex assess evidence_samples/service-desk-apis --offline --cache-dir out/api-replay -o json:out/apis.json -o md:out/apis.md -o html:out/apis.html --fail-on never

# The suite runs on every CPU (pytest-xdist), a test file per worker: a file's module fixtures (a sample
# assessed once, a PostgreSQL server) are built once, not once per worker. TEST_WORKERS=0 runs it serially.
TEST_WORKERS ?= auto
test: $(STAMP) system-libs system-packages
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile

# mypy sees the package as users import it: `servex` (core/) with `servex.plugins` (plugins/) inside.
lint: $(STAMP)
	$(BIN)/ruff check core plugins tests bench
	@rm -rf build/typecheck && mkdir -p build/typecheck/servex
	@for f in core/*; do ln -s ../../../$$f build/typecheck/servex/$$(basename $$f); done
	@ln -s ../../../plugins build/typecheck/servex/plugins && ln -s ../../../criteria build/typecheck/servex/criteria
	MYPYPATH=build/typecheck $(BIN)/mypy -p servex

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) out build *.egg-info
