#!/usr/bin/env python3
"""Before measuring: every server answers every benchmarked route with the
same JSON as the Quarry demo (parsed and compared, so key order and
escaping may differ; a key present in one and missing in another may not).
A created row's key and time differ between servers and are left out.

    check_json.py REFERENCE_URL OTHER_URL...
"""
import json
import sys
import urllib.request

from routes import ROUTES

VOLATILE = {"id", "createdAt"}


def fetch(base, route):
    request = urllib.request.Request(base + route["path"], method=route["method"])
    if "body" in route:
        request.data = route["body"].encode()
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read())


def comparable(route, value):
    if route["method"] == "POST":
        return {k: v for k, v in value.items() if k not in VOLATILE}
    return value


def main():
    reference, others = sys.argv[1], sys.argv[2:]
    failures = 0
    for route in ROUTES:
        status, expected = fetch(reference, route)
        for other in others:
            other_status, answer = fetch(other, route)
            if other_status != status or comparable(route, answer) != comparable(route, expected):
                failures += 1
                print(f"check: {route['name']}: {other} answers {other_status} "
                      f"{json.dumps(answer)[:400]}\n  the demo answers {status} {json.dumps(expected)[:400]}")
    if failures:
        sys.exit(f"check: {failures} answers differ from the Quarry demo's")
    print(f"check: {len(ROUTES)} routes answer the same JSON on {len(others) + 1} servers")


if __name__ == "__main__":
    main()
