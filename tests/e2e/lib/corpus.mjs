// Picks the people, places and streets the browser tests look for from the
// generated corpus (the same seed always gives the same picks).
import { fullName, isCyrillicWord, readRenamings, readRows, toLatin } from './harness.mjs';

// The first person written wholly in Cyrillic with surname, given name and
// patronymic, and the Latin query for them ("Polyakov Vasiliy").
export function pickSearchPerson(rows) {
  const row = rows.find((r) => [r.surname, r.name, r.patronimic].every(isCyrillicWord));
  if (!row) throw new Error('no person with a full Cyrillic name in the corpus');
  return { row, name: fullName(row), query: `${toLatin(row.surname)} ${toLatin(row.name)}` };
}

// "14.4.1938" -> "1938-04-14"; partial dates ("_.5.1939") -> null.
export function isoDate(d) {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(d || '');
  if (!m) return null;
  return `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
}

// The place with the most executions in 1937-1938 and one person shot there
// then: the reading list for that place must show them.
export function pickReading(rows, from = '1937-01-01', to = '1938-12-31') {
  const shot = rows.filter((r) => {
    const d = isoDate(r.death_date);
    return r.was_executed === 'T' && r.death_place && d && d >= from && d <= to &&
      [r.surname, r.name, r.patronimic].every(isCyrillicWord);
  });
  const counts = new Map();
  for (const r of shot) counts.set(r.death_place, (counts.get(r.death_place) || 0) + 1);
  const [deathPlace] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] || [];
  if (!deathPlace) throw new Error('no executions in 1937-1938 in the corpus');
  // "г. Курск" -> "Курск": readers type the town, not the list's abbreviation.
  const place = deathPlace.replace(/^(г\.|гор\.|город)\s*/u, '');
  const row = shot.find((r) => r.death_place === deathPlace);
  return { place, from, to, row, name: fullName(row), count: counts.get(deathPlace) };
}

// A renamed street, a person whose address in the list uses the street's
// present-day name, and the query by the historic name plus the house
// ("улица Кирова 18а" for "Москва, Мясницкая ул., д.18а").
export function pickAddress(rows, renamingsCsv) {
  const generic = /^(улица|ул\.|переулок|пер\.|площадь|пл\.|проспект|бульвар)$/u;
  const core = (street) => street.split(' ').filter((w) => !generic.test(w)).join(' ');
  for (const { modern, old } of readRenamings(renamingsCsv)) {
    const word = core(modern);
    for (const r of rows) {
      const addr = r.live_place;
      if (!addr.includes('Москва') || !addr.includes(word)) continue;
      if (!isCyrillicWord(r.surname) || !isCyrillicWord(r.name)) continue;
      // The house: "д.18а", "дом 1а", or the number right after the street.
      const after = addr.slice(addr.indexOf(word) + word.length);
      const m = /^\s*(?:(?:ул\.|улица|пер\.|переулок|пл\.|площадь)\s*)?,?\s*(?:д\.|дом)?\s*(\d+[а-я]?)(?=[\s,.]|$)/u.exec(after);
      if (!m) continue;
      return { modern, old, house: m[1], row: r, name: fullName(r), address: addr,
        query: `${old} ${m[1]}` };
    }
  }
  return null;
}

export { readRows };
