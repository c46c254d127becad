#!/usr/bin/env python3
"""Runs wrk against each server on each route and prints the table.

    measure.py --duration S --connections N --json OUT NAME=URL...

The first NAME is the limit (hand-written handlers), the second Quarry;
ratios are against them. wrk runs pinned to CPU 1 (the servers are on 0),
with one thread, a fixed number of connections and a bounded duration,
after a short warm-up of the same route.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

from routes import ROUTES

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def lua_script(route):
    """A wrk script that sends `route`'s method and body."""
    if route["method"] == "GET":
        return None
    handle = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    handle.write(f'wrk.method = "{route["method"]}"\n')
    handle.write("wrk.body = [[" + route["body"] + "]]\n")
    handle.write('wrk.headers["Content-Type"] = "application/json"\n')
    if "counting" in route:
        # A new value of the field in every request's body.
        handle.write("local n = 0\n")
        handle.write("request = function()\n  n = n + 1\n")
        handle.write(f'  return wrk.format(nil, nil, nil, \'{{"{route["counting"]}":\' .. n .. \'}}\')\nend\n')
    handle.close()
    return handle.name


def latency(text, percentile):
    match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    return float(match.group(1)) * UNITS[match.group(2)] if match else None


def wrk(url, route, duration, connections):
    script = lua_script(route)
    command = ["taskset", "-c", "1", "wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", script]
    output = subprocess.run(command + [url + route["path"]], capture_output=True, text=True, check=True).stdout
    if script:
        os.unlink(script)
    requests = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "requests_per_second": requests,
        "p50_ms": latency(output, 50),
        "p99_ms": latency(output, 99),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else None,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--json")
    parser.add_argument("servers", nargs="+")
    options = parser.parse_args()
    servers = [entry.split("=", 1) for entry in options.servers]
    results = []
    for route in ROUTES:
        for name, url in servers:
            wrk(url, route, options.warmup, options.connections)
            result = wrk(url, route, options.duration, options.connections)
            result.update(route=route["name"], server=name)
            results.append(result)
            print(f"  {route['name']:42} {name:28} {result['requests_per_second']:>9.0f} req/s"
                  f"  p50 {result['p50_ms']:.2f} ms  p99 {result['p99_ms']:.2f} ms"
                  + (f"  NON-2xx {result['non_2xx']}" if result["non_2xx"] else ""), file=sys.stderr, flush=True)
    limit, quarry = servers[0][0], servers[1][0]
    print(f"\n| route | server | req/s | p50 ms | p99 ms | p99 ÷ p50 | {limit} ÷ server (req/s) | Quarry ÷ server (req/s) |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for route in ROUTES:
        rows = {r["server"]: r for r in results if r["route"] == route["name"]}
        for name, _ in servers:
            r = rows[name]
            print(f"| {route['name']} | {name} | {r['requests_per_second']:,.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} "
                  f"| {r['p99_ms'] / r['p50_ms']:.2f} | {rows[limit]['requests_per_second'] / r['requests_per_second']:.2f} "
                  f"| {rows[quarry]['requests_per_second'] / r['requests_per_second']:.2f} |")
    if options.json:
        with open(options.json, "w") as handle:
            json.dump({"duration_s": options.duration, "connections": options.connections, "results": results}, handle, indent=2)
    if any(r["non_2xx"] for r in results):
        sys.exit("measure: some answers were not 2xx (see NON-2xx above)")


if __name__ == "__main__":
    main()
