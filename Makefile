# siterecovery.mobility: entry points. Everything runs through scripts/ so that
# a fresh Debian 12 machine (root) needs nothing else.
SHELL := /bin/bash

.PHONY: help bootstrap demo demo-down test units sanity lint examples simulator lab contract molecule controllers build ecosystem clean-lab bench matrix

help:
	@echo "make demo      - set up the lab and push-install the agent on a simulated fleet"
	@echo "make test      - the whole test suite (what CI runs)"
	@echo "make demo-down - remove the demo fleet and stop the simulated configuration server"
	@echo "make bootstrap - only set up the lab (packages, dockerd, images, virtualenv)"
	@echo "make units | sanity | lint | examples | simulator | lab | contract | molecule | controllers | build | ecosystem"
	@echo "                - one test stage"
	@echo "make matrix    - ansible-test units and sanity on every supported ansible-core (2.19, 2.20, 2.21),"
	@echo "                 written to docs/compatibility.md (not in 'make test'; 12 min the first time)"
	@echo "make clean-lab - remove the lab's containers (scripts/lab/clean.sh --images: also its images)"
	@echo "make bench     - fleet benchmarks on local containers, written to docs/performance.md (not CI;"
	@echo "                 10, 25 and 50 hosts by default; SRM_BENCH_SIZES and more: see tests/bench/bench.py)"

bootstrap:
	scripts/lab/bootstrap.sh

demo:
	scripts/demo up

demo-down:
	scripts/demo down

test:
	scripts/test

units sanity lint examples simulator lab contract molecule controllers build ecosystem:
	scripts/test $@

clean-lab:
	scripts/lab/clean.sh

bench:
	tests/bench/run

matrix:
	scripts/lab/matrix.sh
