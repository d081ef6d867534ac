#include "store/internal/views.h"

#include <fmt/format.h>

namespace memoria::store {

std::string VisibilityViewsSql(int c, const SelectList& select) {
  std::string sql;
  // The select list of a view over "table" (row alias "a"): at the
  // confidential ceiling, its sealed columns opened.
  auto cols = [&](std::string_view table, std::string_view a) {
    return select ? select(table, a) : std::string(a) + ".*";
  };
  // The rows a fact or a place name rests on: its record, that record's
  // source and import batch (not retracted), or its claim (exactly one is
  // set).
  const std::string provenance = fmt::format(
      "coalesce(r.visibility, 0) <= {0} AND coalesce(s.visibility, 0) <= {0}"
      " AND coalesce(c.visibility, 0) <= {0} AND b.retracted_at IS NULL",
      c);
  const std::string provenance_joins =
      "LEFT JOIN main.records r ON r.id = f.record_id"
      " LEFT JOIN main.sources s ON s.id = r.source_id"
      " LEFT JOIN main.import_batches b ON b.id = r.batch_id"
      " LEFT JOIN main.claims c ON c.id = f.claim_id";
  sql += fmt::format(
      "CREATE TEMP VIEW IF NOT EXISTS visible{0}_sources AS"
      " SELECT * FROM main.sources WHERE visibility <= {0};\n"
      "CREATE TEMP VIEW IF NOT EXISTS visible{0}_claims AS"
      " SELECT {1} FROM main.claims f WHERE f.visibility <= {0};\n"
      "CREATE TEMP VIEW IF NOT EXISTS visible{0}_records AS"
      " SELECT r.* FROM main.records r JOIN main.sources s ON s.id = r.source_id"
      " JOIN main.import_batches b ON b.id = r.batch_id"
      " WHERE r.visibility <= {0} AND s.visibility <= {0} AND b.retracted_at IS NULL;\n",
      c, cols("claims", "f"));
  // A person is known at a level only by a name visible there: the events
  // and attributes of a person with no visible name are not visible either,
  // so no count, chart or list can reveal that the person exists.
  //
  // A fact an editor's change corrected or retracted (retracted_by, schema
  // version 10), and every fact of a retracted person, leaves the views;
  // the "_history" views keep them (the history of every fact, under the
  // same visibility rule).
  for (std::string_view suffix : {"", "_history"}) {
    const bool current = suffix.empty();
    for (std::string_view fact : {"names", "events", "attributes"}) {
      const std::string has_name = fact == "names"
                                       ? ""
                                       : fmt::format(
                                             " AND EXISTS (SELECT 1 FROM visible{0}_names{1} n"
                                             " WHERE n.person_id = f.person_id)",
                                             c, suffix);
      sql += fmt::format(
          "CREATE TEMP VIEW IF NOT EXISTS visible{0}_{1}{5} AS"
          " SELECT f.* FROM main.{1} f {2}"
          " JOIN main.persons p ON p.id = f.person_id"
          " WHERE f.visibility <= {0} AND p.visibility <= {0} AND {3}{4}{6};\n",
          c, fact, provenance_joins, provenance, has_name, suffix,
          current ? " AND f.retracted_by IS NULL AND p.retracted_by IS NULL" : "");
    }
  }
  // Changes (any state) and the public's corrections, at or below the
  // ceiling, of a person whose history is visible there. A correction
  // waiting for review is seen from the restricted level up only.
  sql += fmt::format(
      "CREATE TEMP VIEW IF NOT EXISTS visible{0}_changes AS"
      " SELECT {1} FROM main.changes f WHERE f.visibility <= {0}"
      " AND (coalesce(f.person_id, f.new_fact_id) IS NULL OR EXISTS (SELECT 1 FROM"
      " visible{0}_names_history n WHERE n.person_id = coalesce(f.person_id, f.new_fact_id)));\n"
      "CREATE TEMP VIEW IF NOT EXISTS visible{0}_corrections AS"
      " SELECT {2} FROM main.corrections f WHERE f.visibility <= {0}"
      " AND (f.state = 'accepted' OR {0} >= 1)"
      " AND EXISTS (SELECT 1 FROM visible{0}_names_history n WHERE n.person_id = f.person_id);\n",
      c, cols("changes", "f"), cols("corrections", "f"));
  sql += fmt::format(
      "CREATE TEMP VIEW IF NOT EXISTS visible{0}_persons AS"
      " SELECT p.* FROM main.persons p"
      " WHERE p.redirect_to IS NULL AND p.visibility <= {0} AND p.retracted_by IS NULL"
      " AND EXISTS (SELECT 1 FROM visible{0}_names n WHERE n.person_id = p.id);\n"
      "CREATE TEMP VIEW IF NOT EXISTS visible{0}_place_names AS"
      " SELECT {3} FROM main.place_names f {1} WHERE {2};\n"
      "CREATE TEMP VIEW IF NOT EXISTS visible{0}_places AS"
      " SELECT {4} FROM main.places p"
      " WHERE EXISTS (SELECT 1 FROM visible{0}_place_names n WHERE n.place_id = p.id);\n",
      c, provenance_joins, provenance, cols("place_names", "f"), cols("places", "p"));
  // Registers (docs/formats/registers.md): a register is visible when it
  // and its source are; its snapshots with it; an entry when it is too; the
  // versions and events of an entry with the entry.
  sql += fmt::format(
      "CREATE TEMP VIEW IF NOT EXISTS visible{0}_registers AS"
      " SELECT g.* FROM main.registers g JOIN main.sources s ON s.id = g.source_id"
      " WHERE g.visibility <= {0} AND s.visibility <= {0};\n"
      "CREATE TEMP VIEW IF NOT EXISTS visible{0}_register_snapshots AS"
      " SELECT {1} FROM main.register_snapshots n"
      " WHERE n.register_id IN (SELECT id FROM visible{0}_registers);\n"
      "CREATE TEMP VIEW IF NOT EXISTS visible{0}_register_entries AS"
      " SELECT e.* FROM main.register_entries e"
      " WHERE e.visibility <= {0} AND e.register_id IN (SELECT id FROM visible{0}_registers);\n"
      "CREATE TEMP VIEW IF NOT EXISTS visible{0}_register_versions AS"
      " SELECT {2} FROM main.register_versions v"
      " JOIN visible{0}_register_entries e ON e.id = v.entry_id;\n"
      "CREATE TEMP VIEW IF NOT EXISTS visible{0}_register_events AS"
      " SELECT {3} FROM main.register_events v"
      " JOIN visible{0}_register_entries e ON e.id = v.entry_id;\n",
      c, cols("register_snapshots", "n"), cols("register_versions", "v"),
      cols("register_events", "v"));
  // Cases and the political-prisoners list (schema version 7): the same
  // provenance rule; a draft ("state") is in no view; a fact of a person
  // needs that person visible, a fact of a case that case.
  const std::string published = fmt::format("f.visibility <= {0} AND {1}", c, provenance);
  const std::string person_visible =
      fmt::format(" AND EXISTS (SELECT 1 FROM visible{0}_persons vp WHERE vp.id = f.person_id)", c);
  const std::string case_visible = fmt::format(
      " AND (f.case_id IS NULL OR EXISTS (SELECT 1 FROM visible{0}_cases vc"
      " WHERE vc.id = f.case_id))",
      c);
  sql += fmt::format(
      "CREATE TEMP VIEW IF NOT EXISTS visible{0}_cases AS"
      " SELECT {5} FROM main.cases f {1} WHERE f.state = 'published' AND {2}"
      // A case is known only through a visible person it prosecutes.
      " AND EXISTS (SELECT 1 FROM main.involvements i JOIN visible{0}_persons vp"
      " ON vp.id = i.person_id WHERE i.case_id = f.id AND i.role = 'prosecuted'"
      " AND i.visibility <= {0});\n"
      "CREATE TEMP VIEW IF NOT EXISTS visible{0}_case_articles AS"
      " SELECT a.* FROM main.case_articles a"
      " WHERE EXISTS (SELECT 1 FROM visible{0}_cases vc WHERE vc.id = a.case_id);\n"
      "CREATE TEMP VIEW IF NOT EXISTS visible{0}_involvements AS"
      " SELECT {6} FROM main.involvements f {1} WHERE {2}"
      " AND (f.person_id IS NULL OR EXISTS (SELECT 1 FROM visible{0}_persons vp"
      " WHERE vp.id = f.person_id)){4};\n"
      "CREATE TEMP VIEW IF NOT EXISTS visible{0}_detentions AS"
      " SELECT {7} FROM main.detentions f {1} WHERE {2}{3}{4};\n"
      "CREATE TEMP VIEW IF NOT EXISTS visible{0}_status_changes AS"
      " SELECT {8} FROM main.status_changes f {1} WHERE f.state = 'published' AND {2}{3}{4};\n"
      "CREATE TEMP VIEW IF NOT EXISTS visible{0}_assessments AS"
      " SELECT {9} FROM main.assessments f {1} WHERE f.state = 'published' AND {2}{3}{4};\n"
      "CREATE TEMP VIEW IF NOT EXISTS visible{0}_publications AS"
      " SELECT {10} FROM main.publications f {1} WHERE f.state = 'published' AND {2};\n"
      "CREATE TEMP VIEW IF NOT EXISTS visible{0}_publication_links AS"
      " SELECT l.* FROM main.publication_links l"
      " WHERE EXISTS (SELECT 1 FROM visible{0}_publications vpub WHERE vpub.id = l.publication_id)"
      " AND (l.person_id IS NULL OR EXISTS (SELECT 1 FROM visible{0}_persons vp"
      " WHERE vp.id = l.person_id))"
      " AND (l.case_id IS NULL OR EXISTS (SELECT 1 FROM visible{0}_cases vc"
      " WHERE vc.id = l.case_id));\n",
      c, provenance_joins, published, person_visible, case_visible, cols("cases", "f"),
      cols("involvements", "f"), cols("detentions", "f"), cols("status_changes", "f"),
      cols("assessments", "f"), cols("publications", "f"));
  return sql;
}

std::string ForCeiling(std::string_view sql, int c) {
  static constexpr std::string_view kPrefix = "visible_";
  std::string out;
  out.reserve(sql.size() + 16);
  size_t at = 0;
  while (true) {
    size_t hit = sql.find(kPrefix, at);
    if (hit == std::string_view::npos) break;
    out.append(sql.substr(at, hit - at));
    out += fmt::format("visible{}_", c);
    at = hit + kPrefix.size();
  }
  out.append(sql.substr(at));
  return out;
}

}  // namespace memoria::store
