# Quarry — the commands a newcomer runs.
#   make demo      the demo blog API on embedded SQLite: a scripted tour of real HTTP requests
#   make serve     the demo blog API kept running on http://127.0.0.1:8080 (docs at /docs)
#   make test      unit tests + conformance suites on SQLite and PostgreSQL
#   make ci        make test from a clean build
#   make bench     W1–W8 through Quarry and the raw C drivers (release build)
#   make bench-instructions  the same at a tenth of the size under callgrind: instructions and allocations, stable
#   make bench-http  the demo's routes: Quarry + Hummingbird vs hand-written handlers, FastAPI, Vapor + Fluent (wrk)
#   make bench-images  thumbnailing 100 JPEGs: QuarryImages against vipsthumbnail (release build)
#   make docs      every module's DocC catalog (swift-docc-plugin, warnings as errors)
#   make services  start throwaway PostgreSQL, Redis and S3 (moto) and print their URLs
#   make services-stop
#   make layers    check module layering and that model SQL comes from the statement compiler only

.PHONY: demo serve test ci docs clean services services-stop layers build bench bench-instructions bench-http bench-images

build:
	swift build

demo:
	@ci/bootstrap
	swift run quarry-demo

serve:
	@ci/bootstrap
	swift run quarry-demo serve

test:
	ci/test

docs:
	ci/docs

bench:
	ci/bench

bench-instructions:
	ci/bench --instructions

bench-http:
	ci/bench-http

bench-images:
	@ci/bootstrap
	swift build -c release --product quarry-images-bench
	$$(swift build -c release --show-bin-path)/quarry-images-bench

ci: clean
	ci/test

clean:
	rm -rf .build .services

services:
	@ci/bootstrap
	@echo "QUARRY_POSTGRES_URL=$$(ci/postgres start)"
	@echo "QUARRY_REDIS_URL=$$(ci/redis start)"
	@echo "QUARRY_S3_URL=$$(ci/s3 start)"

services-stop:
	ci/postgres stop
	ci/redis stop
	ci/s3 stop

layers:
	ci/check-layers
	sh ci/check-layers-selftest
	ci/check-model-sql
	ci/check-build-graph
	sh ci/check-model-sql-selftest
