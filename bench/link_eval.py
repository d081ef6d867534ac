#!/usr/bin/env python3
"""Pairwise precision, recall and F1 of an archive's persons against a
generated corpus's truth file (memoria generate --truth): each record's
external id (the corpus's person_id) is mapped to its true entity, and two
records are a predicted pair when they belong to the same person.

usage: link_eval.py ARCHIVE_DIR TRUTH.tsv"""
import collections
import sqlite3
import sys


def pairs(groups):
    return sum(n * (n - 1) // 2 for n in groups)


def main():
    archive, truth_path = sys.argv[1], sys.argv[2]
    truth = {}
    with open(truth_path, encoding="utf-8") as f:
        next(f)
        for line in f:
            rid, entity = line.rstrip("\n").split("\t")[:2]
            truth[rid] = entity
    db = sqlite3.connect(f"file:{archive}/archive.db?mode=ro", uri=True)
    person_of = {}
    for person, ext in db.execute(
        "SELECT pr.person_id, r.external_id FROM person_records pr"
        " JOIN records r ON r.id = pr.record_id WHERE r.external_id IS NOT NULL"
    ):
        person_of[ext] = person
    ids = [i for i in person_of if i in truth]
    by_person = collections.Counter(person_of[i] for i in ids)
    by_entity = collections.Counter(truth[i] for i in ids)
    by_cell = collections.Counter((person_of[i], truth[i]) for i in ids)
    predicted, true, correct = pairs(by_person.values()), pairs(by_entity.values()), pairs(
        by_cell.values())
    p = correct / predicted if predicted else 1.0
    r = correct / true if true else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    wrong = predicted - correct
    print(f"records {len(ids)}  true pairs {true}  predicted pairs {predicted}  correct {correct}")
    print(f"precision {p:.4f}  recall {r:.4f}  F1 {f1:.4f}  false-merge pairs {wrong}")


if __name__ == "__main__":
    main()
