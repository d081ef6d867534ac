#!/usr/bin/env python3
"""The false-merge pairs and the missed pairs of a linked generated archive
against the truth (memoria generate --truth): counts by which of surname,
given name, patronymic and birth year are equal, whether the records are the
generator's originals (two originals in one person are two namesakes), the
sizes of the persons holding a false pair, and N sampled pairs of each kind
with their fields side by side (from the generated corpus). Used for the
analysis in docs/BENCHMARKS.md ("Record linkage (issue 12)").

usage: link_errors.py ARCHIVE_DIR TRUTH.tsv CORPUS.tsv [N]"""
import collections, csv, random, sqlite3, sys
csv.field_size_limit(10**9)
archive, truth_path, corpus, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 20
truth = {}
with open(truth_path) as f:
    next(f)
    for line in f:
        a, b = line.rstrip("\n").split("\t")[:2]
        truth[a] = b
db = sqlite3.connect(f"file:{archive}/archive.db?mode=ro", uri=True)
person_of = {}
for person, ext in db.execute("SELECT pr.person_id, r.external_id FROM person_records pr JOIN records r ON r.id = pr.record_id WHERE r.external_id IS NOT NULL"):
    person_of[ext] = person
by_person = collections.defaultdict(list); by_entity = collections.defaultdict(list)
for rid, p in person_of.items():
    if rid in truth:
        by_person[p].append(rid); by_entity[truth[rid]].append(rid)
false_pairs = []
for p, rids in by_person.items():
    for i in range(len(rids)):
        for j in range(i + 1, len(rids)):
            if truth[rids[i]] != truth[rids[j]]: false_pairs.append((rids[i], rids[j]))
missed = []
for e, rids in by_entity.items():
    for i in range(len(rids)):
        for j in range(i + 1, len(rids)):
            if person_of[rids[i]] != person_of[rids[j]]: missed.append((rids[i], rids[j]))
print("false pairs", len(false_pairs), "missed", len(missed))
cols = ["surname","name","patronimic","birth_year","birth_place","nation","occupation","live_place","arest_date","process_date","death_date"]
want = set(x for pr in false_pairs + missed for x in pr)
rows = {}
with open(corpus) as f:
    r = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
    head = next(r); idx = [head.index(c) for c in cols]
    for row in r:
        if row[0] in want: rows[row[0]] = [row[i] for i in idx]
def show(a, b):
    ra, rb = rows[a], rows[b]
    print(f"  {a} e{truth[a]} p{person_of[a]} | {b} e{truth[b]} p{person_of[b]}")
    for c, x, y in zip(cols, ra, rb):
        mark = "  " if x == y else "!="
        print(f"     {mark} {c:12s} {x[:45]:45s} | {y[:45]}")
# categorize false pairs
cat = collections.Counter()
for a, b in false_pairs:
    ra, rb = rows[a], rows[b]
    key = tuple(ra[i] == rb[i] for i in range(4))
    cat[key] += 1
print("false pairs by (surname,given,patr,year) equal:", cat.most_common())
# are originals? entity == own id means original record
cat2 = collections.Counter()
for a, b in false_pairs:
    cat2[(truth[a] == a, truth[b] == b)] += 1
print("false pairs (a original, b original):", cat2)
# cluster sizes among false
sizes = collections.Counter(len(v) for p, v in by_person.items() if len(set(truth[x] for x in v)) > 1)
print("sizes of persons with false pairs:", sorted(sizes.items()))
random.seed(1)
print("== false pairs sample")
for a, b in random.sample(false_pairs, min(n, len(false_pairs))): show(a, b)
mcat = collections.Counter()
for a, b in missed:
    ra, rb = rows[a], rows[b]
    mcat[tuple(ra[i] == rb[i] for i in range(4))] += 1
print("missed by (surname,given,patr,year) equal:", mcat.most_common())
print("== missed sample")
for a, b in random.sample(missed, min(n, len(missed))): show(a, b)
