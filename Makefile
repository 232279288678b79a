# The two commands (see README.md), a short form of make.py on Linux and macOS:
#   make        the main job: set up .venv from the lock if needed, re-execute the
#               notebooks that are out of date, write figures/ and data/processed/,
#               the figure index, the README's findings and the HTML site (site/)
#   make test   set up .venv if needed, run the unit tests and re-execute every notebook
#               under nbval, then fail if re-execution changed a notebook, figure or table
# Other targets: make explore NB=03 PARAMS="BREAK=2010", make check, make checksums, make bench,
# make lock, make clean. On Windows: py make.py [test|...].

PYTHON ?= python3

.PHONY: all test check checksums bench lock clean explore
.DEFAULT_GOAL := all

all:
	@$(PYTHON) make.py

test:
	@$(PYTHON) make.py test

check:
	@$(PYTHON) make.py check

checksums:
	@$(PYTHON) make.py checksums

bench:
	@$(PYTHON) make.py bench

lock:
	@$(PYTHON) make.py lock

clean:
	@$(PYTHON) make.py clean

# NB and PARAMS reach make.py through the environment (make exports command-line
# variables), never through the shell: PARAMS="OTHER_BREAKS=(-3, -1)" passes, and a ';'
# in it runs nothing.
explore:
	@$(PYTHON) make.py explore
