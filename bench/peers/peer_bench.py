#!/usr/bin/python3
"""Asks a peer engine the name-search benchmark's questions.

  peer_bench.py --peer ENGINE --names names.tsv --cases cases.tsv --work DIR
                [--persons N] [--qps-queries N] [--json OUT]

names.tsv and cases.tsv come from `search_quality --emit`. ENGINE is one of

  sqlite       SQLite FTS5, trigram tokenizer, over the names as recorded:
               MATCH any of the query's rarer trigrams, the best --candidates
               by bm25, re-ranked by trigram similarity in the client
  sqlite-icu   the same over an ICU Latin form of each name
  pg-knn       PostgreSQL pg_trgm, GiST index, ORDER BY name <-> query
  pg-knn-icu   the same over an ICU Latin form of each name
  pg-sim       PostgreSQL pg_trgm, GIN index, WHERE name % query
               ORDER BY similarity (threshold --threshold)
  pg-sim-icu   the same over an ICU Latin form of each name

The ICU form is what a user can improvise without a transliteration engine:
ICU's transform (--transform, default Russian-Latin/BGN; Latin-ASCII; Lower)
with anything but letters, digits and spaces dropped, applied to the names
when loading and to each query when asking. A query with initials ("Ivanov
I. P.") is asked as its other words against the surname alone, with the
given name and the patronymic filtered on those initials.

Each peer gets 20 rows and keeps the first 10 distinct persons (a person may
have several names). A hit on any person of the right entity counts.

The PostgreSQL engines connect to the server at --pg-host (a socket
directory) as --pg-user; bench/peers/run-peers starts a private one.

Prints a summary and writes the figures as JSON (--json).
"""
import argparse
import json
import multiprocessing
import os
import re
import resource
import sqlite3
import sys
import time

import icu

PEER = None  # the engine of this process (also each worker's)


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            yield dict(zip(header, line.rstrip("\n").split("\t")))


class Latin:
    """The ICU Latin form of a text, cached per word."""

    def __init__(self, transform):
        self.tr = icu.Transliterator.createInstance(transform)
        self.cache = {}

    def word(self, w):
        out = self.cache.get(w)
        if out is None:
            out = re.sub(r"[^a-z0-9]", "", self.tr.transliterate(w).lower())
            self.cache[w] = out
        return out

    def __call__(self, text):
        return " ".join(x for x in (self.word(w) for w in text.split()) if x)


def split_query(query):
    """(words, initials): initials are one-letter words, with or without '.'."""
    words, initials = [], []
    for w in query.replace(".", ". ").split():
        bare = w.rstrip(".")
        if not bare:
            continue
        if len(bare) == 1:
            initials.append(bare.lower())
        else:
            words.append(bare)
    return words, initials


class Peer:
    def __init__(self, args):
        self.args = args
        self.latin = Latin(args.transform) if args.peer.endswith("-icu") else None

    def form(self, text):
        return self.latin(text) if self.latin else text.lower()

    def initial(self, letter):
        return self.latin(letter) if self.latin else letter

    def ask(self, query):
        """Up to 10 distinct person ids, best first."""
        words, initials = split_query(query)
        if initials and words:
            rows = self.rows_initials(self.form(" ".join(words)),
                                      [self.initial(i) for i in initials[:2]])
        else:
            rows = self.rows(self.form(" ".join(words + initials)))
        out = []
        for (pid,) in rows:
            if pid not in out:
                out.append(pid)
                if len(out) == 10:
                    break
        return out


def trigrams(text):
    """pg_trgm's trigrams: of each word, padded with two spaces before, one after."""
    out = set()
    for w in text.split():
        w = "  " + w + " "
        for i in range(len(w) - 2):
            out.add(w[i:i + 3])
    return out


def similarity(a, b):
    return len(a & b) / len(a | b) if a or b else 0.0


class SqlitePeer(Peer):
    def __init__(self, args):
        super().__init__(args)
        self.path = os.path.join(args.work, args.peer + ".db")

    def build(self, names):
        if os.path.exists(self.path):
            os.remove(self.path)
        db = sqlite3.connect(self.path)
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute(
            "CREATE VIRTUAL TABLE name USING fts5(surname, given, patronymic,"
            " person_id UNINDEXED, tokenize = 'trigram')")
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO name(surname, given, patronymic, person_id) VALUES (?, ?, ?, ?)",
            ((self.form(n["surname"]), self.form(n["given"]), self.form(n["patronymic"]),
              int(n["person_id"])) for n in names))
        db.execute("COMMIT")
        db.execute("INSERT INTO name(name) VALUES ('optimize')")
        db.execute("CREATE VIRTUAL TABLE vocab USING fts5vocab(name, 'row')")
        db.commit()
        db.close()
        return {"size_bytes": os.path.getsize(self.path)}

    def connect(self):
        self.db = sqlite3.connect(self.path, check_same_thread=False)
        self.db.execute("PRAGMA cache_size = -1048576")  # 1 GiB
        # Documents per trigram, to leave out the trigrams most names have.
        self.df = dict(self.db.execute("SELECT term, doc FROM vocab"))
        self.max_df = self.args.max_df * self.db.execute(
            "SELECT max(rowid) FROM name").fetchone()[0]

    def match(self, text):
        """Any trigram of any word: the nearest FTS5 comes to a fuzzy match.
        Trigrams in more than --max-df of the names are left out (ranking
        every name that has "вич" takes seconds), unless no other is left:
        then the three rarest are kept."""
        grams = set()
        for w in text.split():
            for i in range(len(w) - 2):
                grams.add(w[i:i + 3])
        grams = sorted((self.df.get(g, 0), g) for g in grams)
        keep = [g for df, g in grams if df <= self.max_df] or [g for df, g in grams[:3]]
        return " OR ".join('"%s"' % g.replace('"', '""') for g in keep)

    def rows(self, text):
        m = self.match(text)
        if not m:
            return []
        found = self.db.execute(
            "SELECT person_id, surname, given, patronymic FROM name WHERE name MATCH ?"
            " ORDER BY rank LIMIT %d" % self.args.candidates, (m,)).fetchall()
        # Re-ranked by the similarity of their trigram sets (as pg_trgm does).
        q = trigrams(text)
        scored = sorted(found, key=lambda r: -similarity(q, trigrams(" ".join(r[1:]))))
        return [(r[0],) for r in scored[:20]]

    def rows_initials(self, text, initials):
        m = self.match(text)
        if not m:
            return []
        sql = "SELECT person_id FROM name WHERE name MATCH ?"
        params = ["surname : (%s)" % m]
        for col, i in zip(("given", "patronymic"), initials):
            sql += " AND %s LIKE ? ESCAPE '\\'" % col
            params.append(i.replace("%", "\\%").replace("_", "\\_") + "%")
        return self.db.execute(sql + " ORDER BY rank LIMIT 20", params).fetchall()

    def memory(self):
        return {"rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


class PgPeer(Peer):
    def __init__(self, args):
        super().__init__(args)
        self.knn = args.peer.startswith("pg-knn")
        self.table = args.peer.replace("-", "_")

    def connection(self):
        import psycopg2
        return psycopg2.connect(host=self.args.pg_host, port=self.args.pg_port,
                                user=self.args.pg_user, dbname="postgres")

    def build(self, names):
        import io
        conn = self.connection()
        conn.autocommit = True
        cur = conn.cursor()
        cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cur.execute("DROP TABLE IF EXISTS %s" % self.table)
        cur.execute(
            "CREATE TABLE %s (person_id int NOT NULL, surname text NOT NULL,"
            " given text NOT NULL, patronymic text NOT NULL, name text NOT NULL)" % self.table)
        buf = io.StringIO()
        for n in names:
            s, g, p = self.form(n["surname"]), self.form(n["given"]), self.form(n["patronymic"])
            full = " ".join(x for x in (s, g, p) if x)
            buf.write("%s\t%s\t%s\t%s\t%s\n" % (n["person_id"], s, g, p, full))
        buf.seek(0)
        cur.copy_expert("COPY %s FROM STDIN" % self.table, buf)
        ops = "gist_trgm_ops" if self.knn else "gin_trgm_ops"
        method = "gist" if self.knn else "gin"
        t0 = time.perf_counter()
        cur.execute("CREATE INDEX ON %s USING %s (name %s)" % (self.table, method, ops))
        cur.execute("CREATE INDEX ON %s USING %s (surname %s)" % (self.table, method, ops))
        index_s = time.perf_counter() - t0
        cur.execute("VACUUM ANALYZE %s" % self.table)
        cur.execute("SELECT pg_table_size(%s), pg_indexes_size(%s)", (self.table, self.table))
        table, indexes = cur.fetchone()
        conn.close()
        return {"size_bytes": table + indexes, "table_bytes": table, "index_bytes": indexes,
                "index_s": index_s}

    def connect(self):
        self.conn = self.connection()
        self.conn.autocommit = True
        self.cur = self.conn.cursor()
        self.cur.execute("SET statement_timeout = '5s'")
        if not self.knn:
            self.cur.execute("SET pg_trgm.similarity_threshold = %s", (self.args.threshold,))

    def rows(self, text):
        if self.knn:
            sql = "SELECT person_id FROM %s ORDER BY name <-> %%s LIMIT 20" % self.table
            params = (text,)
        else:
            sql = ("SELECT person_id FROM %s WHERE name %%%% %%s"
                   " ORDER BY similarity(name, %%s) DESC LIMIT 20" % self.table)
            params = (text, text)
        return self.run(sql, params)

    def rows_initials(self, text, initials):
        where, params = [], []
        for col, i in zip(("given", "patronymic"), initials):
            where.append("%s LIKE %%s" % col)
            params.append(i.replace("%", "\\%").replace("_", "\\_") + "%")
        if self.knn:
            sql = ("SELECT person_id FROM %s WHERE %s ORDER BY surname <-> %%s LIMIT 20"
                   % (self.table, " AND ".join(where)))
            params.append(text)
        else:
            sql = ("SELECT person_id FROM %s WHERE surname %%%% %%s AND %s"
                   " ORDER BY similarity(surname, %%s) DESC LIMIT 20"
                   % (self.table, " AND ".join(where)))
            params = [text] + params + [text]
        return self.run(sql, params)

    def run(self, sql, params):
        import psycopg2
        try:
            self.cur.execute(sql, params)
            return self.cur.fetchall()
        except psycopg2.errors.QueryCanceled:
            return []

    def memory(self):
        self.cur.execute("SELECT pg_backend_pid()")
        pid = self.cur.fetchone()[0]
        try:
            with open("/proc/%d/status" % pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return {"rss_kib": int(line.split()[1])}
        except OSError:
            pass
        return {}


def make_peer(args):
    return (SqlitePeer if args.peer.startswith("sqlite") else PgPeer)(args)


def worker_init(args):
    global PEER
    PEER = make_peer(args)
    PEER.connect()


def worker_ask(query):
    return PEER.ask(query)


def pct(sorted_values, q):
    return sorted_values[int(q * (len(sorted_values) - 1))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--peer", required=True, choices=[
        "sqlite", "sqlite-icu", "pg-knn", "pg-knn-icu", "pg-sim", "pg-sim-icu"])
    ap.add_argument("--names", required=True)
    ap.add_argument("--cases", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--persons", type=int, default=0,
                    help="ask only the cases of the first N persons (0: all)")
    ap.add_argument("--qps-queries", type=int, default=2000,
                    help="cases (spread over all types) for the two-client run")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--transform", default="Russian-Latin/BGN; Latin-ASCII")
    ap.add_argument("--threshold", type=float, default=0.3)
    ap.add_argument("--candidates", type=int, default=200,
                    help="SQLite: names FTS5 returns for re-ranking")
    ap.add_argument("--max-df", type=float, default=0.002,
                    help="SQLite: leave out trigrams in more than this share of names")
    ap.add_argument("--pg-host", default="")
    ap.add_argument("--pg-port", type=int, default=5432)
    ap.add_argument("--pg-user", default="postgres")
    ap.add_argument("--skip-build", action="store_true")
    ap.add_argument("--json")
    args = ap.parse_args()

    cases, persons = [], []
    for c in read_tsv(args.cases):
        if c["person_id"] not in persons:
            if args.persons and len(persons) == args.persons:
                break
            persons.append(c["person_id"])
        cases.append(c)
    entity = {}
    names = list(read_tsv(args.names))
    for n in names:
        entity[int(n["person_id"])] = n["entity_id"]

    peer = make_peer(args)
    result = {"peer": args.peer, "names": len(names), "transform": args.transform
              if peer.latin else "", "threshold": args.threshold if "sim" in args.peer else None}
    if not args.skip_build:
        t0 = time.perf_counter()
        result.update(peer.build(names))
        result["build_s"] = time.perf_counter() - t0
        print("%s: built over %d names in %.1f s" % (args.peer, len(names), result["build_s"]),
              file=sys.stderr)
    del names

    peer.connect()
    micros, ranks = [], []
    by_type = {}
    for c in cases:
        t0 = time.perf_counter()
        hits = peer.ask(c["query"])
        micros.append((time.perf_counter() - t0) * 1e6)
        rank = 0
        for k, pid in enumerate(hits):
            if entity.get(pid) == c["entity_id"]:
                rank = k + 1
                break
        ranks.append(rank)
        t = by_type.setdefault(c["type"], {"n": 0, "at1": 0, "at10": 0, "mrr": 0.0})
        t["n"] += 1
        t["at1"] += rank == 1
        t["at10"] += rank > 0
        t["mrr"] += 1.0 / rank if rank else 0.0
    result.update(peer.memory())
    s = sorted(micros)
    result.update({
        "queries": len(cases), "persons": len(persons), "by_type": by_type,
        "ranks": ranks, "p50_us": pct(s, 0.5), "p90_us": pct(s, 0.9), "p99_us": pct(s, 0.99),
        "max_us": s[-1], "qps_1": len(s) / (sum(s) / 1e6)})

    step = max(1, len(cases) // args.qps_queries) if args.qps_queries else 0
    if step:
        sample = [c["query"] for c in cases[::step]]
        with multiprocessing.Pool(args.threads, worker_init, (args,)) as pool:
            pool.map(worker_ask, sample[:args.threads])  # connections up
            t0 = time.perf_counter()
            pool.map(worker_ask, sample, chunksize=8)
            elapsed = time.perf_counter() - t0
        result["qps_n"] = len(sample) / elapsed
        result["qps_queries"] = len(sample)
        result["threads"] = args.threads

    all_n = sum(t["n"] for t in by_type.values())
    print("%s: %d queries (%d persons), recall@1 %.3f, recall@10 %.3f, p50 %.0f us, p99 %.0f us,"
          " %.0f queries/s on 1 client, %.0f on %d" % (
              args.peer, all_n, len(persons), sum(t["at1"] for t in by_type.values()) / all_n,
              sum(t["at10"] for t in by_type.values()) / all_n, result["p50_us"],
              result["p99_us"], result["qps_1"], result.get("qps_n", 0), args.threads),
          file=sys.stderr)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f)


if __name__ == "__main__":
    main()
