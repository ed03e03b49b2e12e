# Bianmin's front door. `make run` serves the app; `make test` runs every check. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.PHONY: help run test size bench crash-test fuzz tools

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-6s %s\n", $$1, $$2}'

run: ## Build and serve http://127.0.0.1:3000 on the embedded SQLite database with sample data
	@bash .ci/bianmin.sh run

test: ## Install what tests need, then run format and lint checks, Rust tests, the WASM build and browser tests
	@bash .ci/bianmin.sh test

size: ## Print the release WASM, JS and CSS sizes, raw and brotli-compressed
	@bash .ci/bianmin.sh size

bench: ## Print pre-check speed and WASM size, and booking throughput and latency on SQLite and PostgreSQL
	@bash .ci/bianmin.sh bench

crash-test: ## Kill the server with SIGKILL ten times under booking load; check nothing acknowledged is lost
	@bash .ci/bianmin.sh crash-test

fuzz: ## Fuzz the JSON API (schemathesis, every check, 100 examples per operation) on a fresh server
	@bash .ci/bianmin.sh fuzz

tools: ## Install the build tools only (wasm target, cargo-leptos, wasm-bindgen, wasm-opt)
	@bash .ci/bianmin.sh tools
