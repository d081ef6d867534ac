#!/usr/bin/python3
"""Markdown tables of the peers' figures (peer_bench.py --json) beside memoria's.

  report.py --cases cases.tsv --persons N [--memoria OUTPUT] PEER.json...

memoria's recall is taken from cases.tsv (the rank search_quality recorded
for each case) over the same first N persons' cases the peers were asked;
its latency, throughput, index build and memory from OUTPUT, the text
bench/run-search-bench prints.
"""
import argparse
import json
import re

NAMES = {
    "sqlite": "SQLite FTS5 trigram",
    "sqlite-icu": "SQLite FTS5 trigram, ICU Latin column",
    "pg-knn": "PostgreSQL pg_trgm GiST <->",
    "pg-knn-icu": "PostgreSQL pg_trgm GiST <->, ICU Latin column",
    "pg-sim": "PostgreSQL pg_trgm GIN %",
    "pg-sim-icu": "PostgreSQL pg_trgm GIN %, ICU Latin column",
}


def memoria_cases(path, persons):
    cases, seen = [], []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            c = dict(zip(header, line.rstrip("\n").split("\t")))
            if c["person_id"] not in seen:
                if persons and len(seen) == persons:
                    break
                seen.append(c["person_id"])
            cases.append(c)
    by_type = {}
    for c in cases:
        rank = int(c["memoria_rank"])
        t = by_type.setdefault(c["type"], {"n": 0, "at1": 0, "at10": 0})
        t["n"] += 1
        t["at1"] += rank == 1
        t["at10"] += rank > 0
    return by_type


def memoria_figures(path):
    text = open(path, encoding="utf-8").read()
    out = {}
    m = re.search(r"index build: ([\d.]+) s, peak RSS (\d+) KiB", text)
    if m:
        out["build_s"], out["rss_kib"] = float(m.group(1)), int(m.group(2))
    m = re.search(r"index file: (\d+) bytes", text)
    if m:
        out["size_bytes"] = int(m.group(1))
    m = re.search(r"p50 (\d+) us, p90 \d+ us, p99 (\d+) us, max \d+ us \((\d+) queries,"
                  r" (\d+) queries/s\)", text)
    if m:
        out["p50_us"], out["p99_us"] = float(m.group(1)), float(m.group(2))
        out["queries_all"], out["qps_1"] = int(m.group(3)), float(m.group(4))
    m = re.search(r"throughput, (\d+) threads: (\d+) queries in [\d.]+ s, (\d+) queries/s", text)
    if m:
        out["threads"], out["qps_queries"], out["qps_n"] = (
            int(m.group(1)), int(m.group(2)), float(m.group(3)))
    return out


def ms(us):
    return "%.1f ms" % (us / 1000) if us >= 100 else "%.2f ms" % (us / 1000)


def rate(v):
    return "%.0f" % v if v >= 10 else "%.1f" % v


def total(by_type):
    n = sum(t["n"] for t in by_type.values())
    return (n, sum(t["at1"] for t in by_type.values()) / n,
            sum(t["at10"] for t in by_type.values()) / n)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", required=True)
    ap.add_argument("--persons", type=int, default=0)
    ap.add_argument("--memoria")
    ap.add_argument("results", nargs="+")
    args = ap.parse_args()

    engines = [("memoria", memoria_cases(args.cases, args.persons),
                memoria_figures(args.memoria) if args.memoria else {})]
    for path in args.results:
        r = json.load(open(path))
        engines.append((NAMES.get(r["peer"], r["peer"]), r["by_type"], r))

    n_persons = args.persons or "all"
    print("Recall on the same cases (%s persons), recall@1 / recall@10:\n" % n_persons)
    print("| variant type | queries | " + " | ".join(e[0] for e in engines) + " |")
    print("|---|---:|" + "---:|" * len(engines))
    types = sorted(engines[0][1])
    for t in types:
        cells = []
        for _, by_type, _ in engines:
            x = by_type.get(t)
            cells.append("%.2f / %.2f" % (x["at1"] / x["n"], x["at10"] / x["n"]) if x else "-")
        print("| %s | %d | %s |" % (t, engines[0][1][t]["n"], " | ".join(cells)))
    cells = ["**%.3f / %.3f**" % total(b)[1:] for _, b, _ in engines]
    print("| **all** | %d | %s |" % (total(engines[0][1])[0], " | ".join(cells)))

    print("\nCost (latency: one client, top 10, over the cases above for the peers and over"
          " all cases for memoria; queries/s: %s clients):\n" % (
              engines[1][2].get("threads", 2) if len(engines) > 1 else 2))
    print("| engine | build | size on disk | peak RSS | p50 | p99 | queries/s, 1 client"
          " | queries/s, 2 clients | recall@1 | recall@10 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, by_type, f in engines:
        _, r1, r10 = total(by_type)

        def get(key, fmt):
            return fmt(f[key]) if f.get(key) is not None else "-"

        print("| %s | %s | %s | %s | %s | %s | %s | %s | %.3f | %.3f |" % (
            name, get("build_s", lambda v: "%.1f s" % v),
            get("size_bytes", lambda v: "%.0f MB" % (v / 1e6)),
            get("rss_kib", lambda v: "%.0f MiB" % (v / 1024)),
            get("p50_us", ms), get("p99_us", ms),
            get("qps_1", rate), get("qps_n", rate), r1, r10))


if __name__ == "__main__":
    main()
