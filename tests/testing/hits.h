// Assertions on pages of hits (store::Reader::HitsFor and what answers as
// it does): field by field, so a failure names the field and the person.
#ifndef MEMORIA_TESTS_TESTING_HITS_H_
#define MEMORIA_TESTS_TESTING_HITS_H_

#include <gtest/gtest.h>

#include <vector>

#include "store/reader.h"

namespace memoria::testing {

// "got" and "got_facts" are "want" and "want_facts", in the same order.
inline void ExpectSameHits(const std::vector<store::PersonSummary>& got,
                           const std::vector<store::HitFacts>& got_facts,
                           const std::vector<store::PersonSummary>& want,
                           const std::vector<store::HitFacts>& want_facts) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(want[i].id);
    EXPECT_EQ(got[i].id, want[i].id);
    EXPECT_EQ(got[i].surname, want[i].surname);
    EXPECT_EQ(got[i].given, want[i].given);
    EXPECT_EQ(got[i].patronymic, want[i].patronymic);
    EXPECT_EQ(got[i].birth, want[i].birth);
    EXPECT_EQ(got[i].death, want[i].death);
    EXPECT_EQ(got[i].death_type, want[i].death_type);
  }
  ASSERT_EQ(got_facts.size(), want_facts.size());
  for (size_t i = 0; i < want_facts.size(); ++i) {
    SCOPED_TRACE(want_facts[i].id);
    EXPECT_EQ(got_facts[i].id, want_facts[i].id);
    EXPECT_EQ(got_facts[i].birth_place, want_facts[i].birth_place);
    EXPECT_EQ(got_facts[i].death_place, want_facts[i].death_place);
    EXPECT_EQ(got_facts[i].records, want_facts[i].records);
    ASSERT_EQ(got_facts[i].sources.size(), want_facts[i].sources.size());
    for (size_t s = 0; s < want_facts[i].sources.size(); ++s) {
      EXPECT_EQ(got_facts[i].sources[s].source_id, want_facts[i].sources[s].source_id);
      EXPECT_EQ(got_facts[i].sources[s].key, want_facts[i].sources[s].key);
      EXPECT_EQ(got_facts[i].sources[s].title, want_facts[i].sources[s].title);
    }
  }
}

}  // namespace memoria::testing

#endif  // MEMORIA_TESTS_TESTING_HITS_H_
