// The search behind Material's search box: it understands the words people
// type, and loads only what a search needs.
//
// The build splits the search index (mkdocs_knowledge_base/material_9_8/
// search_index.py) into:
//   search/docs.json      page addresses and section titles, the list of
//                         word files, the stop words, the synonyms of
//                         data/search-words.yml and the pages to offer when
//                         nothing matches (loaded as soon as search opens);
//   search/t/<key>.json   the words sharing their first three letters, with
//                         the weight each gives each section;
//   search/p/<n>.json     the text of page n, for the results on screen.
// The offline copy has every file inside the index Material hands over at
// set-up, as it cannot fetch files from disk.
//
// A query is read into clauses, one for each thing asked for, each with the
// ways of saying it (readQuery). A word finds the indexed words it is, it
// begins, its stem begins, or, when it finds nothing, those an edit or two
// away (wordsFound). Pages are ranked by how many clauses they answer, then
// by titles, then by words side by side, then by weight (comparePages).
// This worker speaks Material's messages (set-up, ready, query, result).
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var PREFIX_LENGTH = 3;        // as search_index.py files words
var PAGES_WITH_TEXT = 10;     // pages listed with their text (the first screenful); later ones by title
var SHORT = 3;                // a word this long or shorter finds itself only ("for" never finds "forum")
var TYPO_FROM = 5;            // a word this long or longer finds words an edit away...
var TWO_TYPOS_FROM = 8;       // ...and this long, two edits away
// How much an indexed word counts, by how it was found from the word typed.
var FACTOR = { exact: 1, prefix: 0.85, stem: 0.8, synonym: 0.9, parts: 0.8, also: 0.5, typo: 0.6 };
var SHORT_WEIGHT = 0.3;       // a short word's weight next to longer ones
var NEAR = 2;                 // words at most this far apart count as side by side

var base = new URL("../../search/", self.location.href);
var version = "";
var embedded = null;          // the offline copy's files, from the set-up message
var files = new Map();        // address -> Promise of its JSON
var table = null;             // Promise of the contents of docs.json, ready to use
var waiting = null;           // the newest query not yet answered
var busy = false;             // a query is being answered

function load(path) {
  if (embedded) {
    return path in embedded ? Promise.resolve(embedded[path]) : Promise.reject(new Error("no file " + path));
  }
  var url = new URL(path + "?v=" + version, base).href;
  if (!files.has(url)) {
    files.set(url, fetch(url).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + url);
      return response.json();
    }).catch(function (error) {
      files.delete(url);      // try again next time
      throw error;
    }));
  }
  return files.get(url);
}

function hex(key) {
  return Array.from(new TextEncoder().encode(key), function (byte) {
    return byte.toString(16).padStart(2, "0");
  }).join("");
}

// docs.json as flat arrays: section n is on page pageOf[n].
function loadTable() {
  if (!table) {
    table = load("docs.json").then(prepare);
    table.catch(function () { table = null; });
  }
  return table;
}

function prepare(data) {
  var pageOf = [], firstOf = [], anchor = [], title = [], address = [];
  data.pages.forEach(function (page, number) {
    firstOf.push(anchor.length);
    address.push(page[0]);
    page[1].forEach(function (section) {
      pageOf.push(number);
      anchor.push(section[0]);
      title.push(section[1]);
    });
  });
  var stop = new Set(data.stop || []);
  return {
    keys: new Set(data.keys), pageOf: pageOf, firstOf: firstOf, address: address, anchor: anchor, title: title,
    alsoCalled: new Map(), stop: stop, synonyms: phraseBook(data.synonyms || [])
  };
}

// A section's address (made when a result needs it, not for every section).
function addressOf(data, section) {
  var page = data.address[data.pageOf[section]];
  return data.anchor[section] ? page + "#" + data.anchor[section] : page;
}

// --- reading words: the rule of knowledge_base/search_text.py ---------------

var APOSTROPHES = /['\u2019\u2018]/g;
var NOT_WORD = /[^\p{L}\p{N}]+/u;
var HYPHENATED = /^[\p{L}\p{N}]+(?:[-\u2010\u2011][\p{L}\p{N}]+){1,2}$/u;
var EDGES = /^[()[\]{}.,;:!?"*<>/\\|]+|[()[\]{}.,;:!?"*<>/\\|]+$/g;

// The words of a text, as the index reads them: a hyphenated word gives
// its parts, then its joined form. `joinedOnly` keeps the joined form
// alone (co-production: coproduction), for counting a title's words.
function words(text, stop, joinedOnly) {
  var found = [];
  text.toLowerCase().replace(APOSTROPHES, "").split(/\s+/).forEach(function (chunk) {
    var parts = chunk.split(NOT_WORD).filter(Boolean);
    var joined = parts.length > 1 && HYPHENATED.test(chunk.replace(EDGES, ""));
    if (!(joined && joinedOnly)) found.push.apply(found, parts);
    if (joined) found.push(parts.join(""));
  });
  return stop ? found.filter(function (word) { return !stop.has(word); }) : found;
}

// A light English stem, tried as well as the word typed: paying -> pay,
// schools -> school, studies -> study, started -> start.
function stem(word) {
  if (word.length >= 5 && /ies$/.test(word)) return word.slice(0, -3) + "y";
  if (word.length >= 6 && /ing$/.test(word)) return word.slice(0, -3);
  if (word.length >= 5 && /ed$/.test(word)) return word.slice(0, -2);
  if (word.length >= 4 && /[^su]s$/.test(word) && !/is$/.test(word)) return word.slice(0, -1);
  return word;
}

function sameWord(a, b) {
  return a === b || stem(a) === stem(b);
}

// The synonyms as a lookup from a phrase's first word (its stem) to the
// groups with a phrase starting with it.
function phraseBook(groups) {
  var book = new Map();
  book.known = new Set();
  learnSynonyms(book, groups);
  return book;
}

// What a word file says besides its words: the pages that have its words
// among their search words (under "="), its synonym groups (under "").
function learnFromWordFile(data, file) {
  Object.keys(file["="] || {}).forEach(function (word) { data.alsoCalled.set(word, new Set(file["="][word])); });
  learnSynonyms(data.synonyms, file[""] || []);
}

// Add the groups of a word file (under its key "") not yet known.
function learnSynonyms(book, groups) {
  groups.forEach(function (group) {
    if (group.id !== undefined && book.known.has(group.id)) return;
    book.known.add(group.id);
    group.words.forEach(function (phrase) {
      if (!phrase.length) return;
      var first = stem(phrase[0]);
      if (!book.has(first)) book.set(first, []);
      book.get(first).push({ phrase: phrase, group: group });
    });
  });
}

// --- reading a query ---------------------------------------------------------

// The words typed, each with its presence ("+" required, "-" left out, ""
// either) as Material's query syntax has it; a quoted phrase makes its
// words required. A hyphenated word is one word (its joined form) with
// its parts kept.
function typedWords(query) {
  var typed = [];
  query.trim().split(/"([^"]*)"/).forEach(function (part, index) {
    part.split(/\s+/).forEach(function (chunk) {
      var presence = index % 2 ? "+" : "";
      var sign = /^[+-]/.exec(chunk);
      if (sign) { presence = sign[0]; chunk = chunk.slice(1); }
      chunk = chunk.replace(/^[^:]*:/, "").replace(/[~^]\d*$/, "").replace(/\*/g, "");
      var found = words(chunk, null, false);
      if (!found.length) return;
      var joined = words(chunk, null, true);
      joined.forEach(function (word) {
        var parts = word === found[found.length - 1] && found.length > joined.length ? found.slice(0, -1) : null;
        typed.push({ word: word, parts: parts, presence: presence });
      });
    });
  });
  return typed;
}

// Clauses, one for each thing asked for: a word typed, or a run of words
// that is a phrase of data/search-words.yml. Each clause has its
// alternatives: the ways of saying it, each a list of words that must all
// be in a section, with the factor a match counts for. Stop words are left
// out, unless they are all that was typed.
function readQuery(query, data) {
  var typed = typedWords(query);
  var content = typed.filter(function (t) { return !data.stop.has(t.word); });
  if (content.length) typed = content;
  var clauses = [];
  for (var i = 0; i < typed.length;) {
    var match = longestPhrase(typed, i, data.synonyms);
    var span = match ? match.phrase.length : 1;
    var said = typed.slice(i, i + span);
    var clause = { label: said.map(function (t) { return t.word; }).join(" "), presence: said[0].presence,
                   typed: said.map(function (t) { return t.word; }), alternatives: [] };
    if (match) {
      match.group.words.forEach(function (phrase) {
        var same = phrase.length === said.length && phrase.every(function (w, k) { return sameWord(w, said[k].word); });
        addAlternative(clause, phrase, same ? FACTOR.exact : FACTOR.synonym);
      });
      (match.group.also || []).forEach(function (phrase) { addAlternative(clause, phrase, FACTOR.also); });
    } else {
      addAlternative(clause, [said[0].word], FACTOR.exact);
      if (said[0].parts) addAlternative(clause, said[0].parts, FACTOR.parts);
    }
    clauses.push(clause);
    i += span;
  }
  return clauses;
}

function addAlternative(clause, phrase, factor) {
  var key = phrase.join(" ");
  var known = clause.alternatives.find(function (alt) { return alt.words.join(" ") === key; });
  if (known) known.factor = Math.max(known.factor, factor);
  else clause.alternatives.push({ words: phrase, factor: factor });
}

function longestPhrase(typed, start, book) {
  var best = null;
  (book.get(stem(typed[start].word)) || []).forEach(function (entry) {
    var phrase = entry.phrase;
    if (start + phrase.length > typed.length) return;
    for (var k = 0; k < phrase.length; k++) if (!sameWord(phrase[k], typed[start + k].word)) return;
    if (!best || phrase.length > best.phrase.length) best = entry;
  });
  return best;
}

// --- finding words -------------------------------------------------------------

function keyOf(word) {
  return word.slice(0, PREFIX_LENGTH);
}

// A word file's keys are its words, and "" and "=" (see learnFromWordFile).
function isWord(key) {
  return key !== "" && key !== "=";
}

// The word files a clause needs: those of every word of every alternative,
// and of their stems.
function keysFor(clauses, keys) {
  var needed = new Set();
  clauses.forEach(function (clause) {
    clause.alternatives.forEach(function (alt) {
      alt.words.forEach(function (word) {
        [keyOf(word), keyOf(stem(word))].forEach(function (key) { if (keys.has(key)) needed.add(key); });
      });
    });
  });
  return [...needed];
}

// The indexed words a word finds, each with its factor: itself; a word of
// four letters or more also finds the words it begins, and those its stem
// begins. `indexed` is the word file's object (word -> postings).
function wordsFound(word, shards) {
  var found = new Map();
  function add(indexWord, factor) {
    if ((found.get(indexWord) || 0) < factor) found.set(indexWord, factor);
  }
  var file = shards.get(keyOf(word)) || {};
  if (word.length <= SHORT) {
    if (file[word]) add(word, FACTOR.exact);
  } else {
    Object.keys(file).forEach(function (indexWord) {
      if (!isWord(indexWord)) return;
      if (indexWord === word) add(indexWord, FACTOR.exact);
      else if (indexWord.startsWith(word)) add(indexWord, FACTOR.prefix);
    });
  }
  var root = stem(word);
  if (root !== word) {
    var rootFile = shards.get(keyOf(root)) || {};
    Object.keys(rootFile).forEach(function (indexWord) {
      if (isWord(indexWord) && (indexWord === root || (root.length > SHORT && indexWord.startsWith(root))))
        add(indexWord, FACTOR.stem);
    });
  }
  return found;
}

// A misspelt word of five letters or more finds the indexed words of its
// file one edit away (two from eight letters).
function typosFound(word, shards) {
  var found = new Map();
  if (word.length < TYPO_FROM) return found;
  var limit = word.length >= TWO_TYPOS_FROM ? 2 : 1;
  Object.keys(shards.get(keyOf(word)) || {}).forEach(function (indexWord) {
    if (isWord(indexWord) && editDistance(word, indexWord, limit) <= limit) found.set(indexWord, FACTOR.typo);
  });
  return found;
}

// Edits (a letter added, left out, changed, or two swapped) from a to b;
// limit + 1 once it is sure to be more than limit.
function editDistance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  var before = null, previous = [], row;
  for (var j = 0; j <= b.length; j++) previous.push(j);
  for (var i = 1; i <= a.length; i++) {
    row = [i];
    var smallest = i;
    for (j = 1; j <= b.length; j++) {
      var cost = a[i - 1] === b[j - 1] ? 0 : 1;
      var value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, before[j - 2] + 1);
      row.push(value);
      smallest = Math.min(smallest, value);
    }
    if (smallest > limit) return limit + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length];
}

// --- ranking -------------------------------------------------------------------

// Each clause's indexed words: for each alternative, for each of its words,
// the indexed words found (Map word -> factor). A clause that finds nothing
// tries the words typed with typos allowed.
function findClauses(clauses, shards) {
  clauses.forEach(function (clause) {
    clause.found = clause.alternatives.map(function (alt) {
      return alt.words.map(function (word) { return wordsFound(word, shards); });
    });
    var none = clause.found.every(function (perWord) { return perWord.some(function (m) { return !m.size; }); });
    if (none && clause.typed.length === 1) {
      var typos = typosFound(clause.typed[0], shards);
      if (typos.size) {
        clause.alternatives.push({ words: [clause.typed[0]], factor: 1 });
        clause.found.push([typos]);
      }
    }
    clause.indexWords = new Set();
    clause.found.forEach(function (perWord) {
      perWord.forEach(function (m) { m.forEach(function (_, w) { clause.indexWords.add(w); }); });
    });
  });
}

// Per section: the score each clause gives it and the indexed words that
// matched. An alternative of several words counts only where all are.
function scoreSections(clauses, shards) {
  var sections = new Map();   // section -> { score, clauses: Set, words: Set }
  var required = null, prohibited = new Set();
  var longer = clauses.some(function (clause) { return clause.label.length > SHORT; });
  clauses.forEach(function (clause, index) {
    // Next to longer words a short one still counts, but weighs little.
    var weight = longer && clause.label.length <= SHORT ? SHORT_WEIGHT : 1;
    var best = new Map();     // section -> { score, words }
    clause.alternatives.forEach(function (alt, a) {
      var perWord = clause.found[a].map(function (matches) {
        var scores = new Map();   // section -> { score, words }
        matches.forEach(function (factor, indexWord) {
          var postings = (shards.get(keyOf(indexWord)) || {})[indexWord] || [];
          for (var i = 0, section = 0; i < postings.length; i += 2) {
            section += postings[i];
            var value = factor * postings[i + 1];
            var known = scores.get(section);
            if (!known) scores.set(section, { score: value, words: [indexWord] });
            else { known.words.push(indexWord); known.score = Math.max(known.score, value); }
          }
        });
        return scores;
      });
      if (!perWord.length) return;
      perWord[0].forEach(function (first, section) {
        var total = 0, found = [];
        for (var k = 0; k < perWord.length; k++) {
          var hit = perWord[k].get(section);
          if (!hit) return;
          total += hit.score;
          found.push.apply(found, hit.words);
        }
        total *= alt.factor;
        var known = best.get(section);
        if (!known) best.set(section, { score: total, words: found });
        else { known.score = Math.max(known.score, total); known.words.push.apply(known.words, found); }
      });
    });
    if (clause.presence === "+") {
      required = required ? new Set([...required].filter(function (s) { return best.has(s); })) : new Set(best.keys());
    }
    if (clause.presence === "-") { best.forEach(function (_, s) { prohibited.add(s); }); return; }
    best.forEach(function (hit, section) {
      if (!sections.has(section)) sections.set(section, { score: 0, clauses: new Set(), words: new Set() });
      var entry = sections.get(section);
      entry.score += hit.score * weight;
      entry.clauses.add(index);
      hit.words.forEach(function (w) { entry.words.add(w); });
    });
  });
  sections.forEach(function (_, section) {
    if ((required && !required.has(section)) || prohibited.has(section)) sections.delete(section);
  });
  return sections;
}

// How many clauses a title (or a page's other names) answers: for some
// alternative, each of its words is among the title's words (with no
// title: how many a title could answer). Next to longer words a short one
// does not count ("ask" in "what support can I ask for" is not the ASK
// group), nor does a word the words typed only "also find".
function clausesIn(titleWords, clauses) {
  var hits = 0;
  var longer = clauses.some(function (clause) { return clause.label.length > SHORT; });
  clauses.forEach(function (clause) {
    if (clause.presence === "-" || (longer && clause.label.length <= SHORT)) return;
    var answered = !titleWords || clause.found.some(function (perWord, a) {
      // A title with only what the words typed "also find" is not about them.
      return clause.alternatives[a].factor > FACTOR.also && perWord.every(function (matches) {
        for (var w of titleWords) if (matches.has(w)) return true;
        return false;
      });
    });
    if (answered) hits++;
  });
  return hits;
}

function stripTags(html) {
  if (html.indexOf("<") < 0 && html.indexOf("&") < 0) return html;
  return html.replace(/<[^>]*>/g, " ").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
    .replace(/&quot;/g, "\"").replace(/&#39;/g, "'");
}

// A section's title as words, once per title (every query needs them for
// every section it finds, and case studies share their headings): `names`,
// each hyphenated word joined only, for counting; `all`, a Set with its
// parts too, for finding.
var PLAIN_TITLE = /^[a-z0-9 ,.:;!?()]*$/;
function titleWords(data, section) {
  var cache = data.titleCache || (data.titleCache = new Map());
  var title = data.title[section];
  if (!cache.has(title)) {
    var text = stripTags(title).toLowerCase();
    // Most titles are plain: split them without the Unicode-aware reader.
    var plain = PLAIN_TITLE.test(text);
    var names = plain ? text.split(/[^a-z0-9]+/).filter(function (w) { return w && !data.stop.has(w); }) :
      words(text, data.stop, true);
    var all = plain ? new Set(names) : new Set(words(text, data.stop));
    cache.set(title, { names: names, all: all });
  }
  return cache.get(title);
}

// Pages with the sections that matched, and what ranks them.
function rankPages(clauses, data, sections) {
  var pages = new Map();
  sections.forEach(function (entry, section) {
    var number = data.pageOf[section];
    if (!pages.has(number)) pages.set(number, { page: number, sections: [], clauses: new Set(), score: 0, best: 0 });
    var page = pages.get(number);
    page.sections.push({ section: section, score: entry.score, words: entry.words });
    entry.clauses.forEach(function (c) { page.clauses.add(c); });
    page.best = Math.max(page.best, entry.score);
    page.score += entry.score;
  });
  var ranked = [...pages.values()];
  var counted = clausesIn(null, clauses);   // the clauses a title can answer
  var all = new Set();
  clauses.forEach(function (clause) {
    if (clause.label.length > SHORT) clause.indexWords.forEach(function (w) { all.add(w); });
  });
  var NONE = new Set();
  ranked.forEach(function (page) {
    var first = data.firstOf[page.page];
    var names = titleWords(data, first).names;
    var named = new Set(names);
    all.forEach(function (w) { if ((data.alsoCalled.get(w) || NONE).has(page.page)) named.add(w); });
    page.titleHits = clausesIn(named, clauses);
    page.titleAll = page.titleHits && page.titleHits === counted ? 1 : 0;
    // How much of the title the query is: a theme page first for its own name.
    page.precision = page.titleAll && names.length ?
      names.filter(function (w) { return all.has(w); }).length / names.length : 0;
    page.sectionTitleHits = 0;
    page.sections.forEach(function (item) {
      page.sectionTitleHits = Math.max(page.sectionTitleHits, clausesIn(titleWords(data, item.section).all, clauses));
    });
    page.near = 0;
    // A page's best section counts most; more sections that match, a little.
    page.weight = page.best + 0.1 * (page.score - page.best);
    page.sections.sort(function (a, b) { return b.score - a.score; });
  });
  ranked.sort(comparePages);
  return ranked;
}

// More clauses answered first; then a page whose title (or other names)
// answers them all, the title that is more nearly the query first (a theme
// page first for its own name); then the words side by side (known once
// the text is loaded); then the page's title answering more of them, then
// a section's; then the weights.
function comparePages(a, b) {
  return (b.clauses.size - a.clauses.size) || (b.titleAll - a.titleAll) || (b.precision - a.precision) ||
    (b.near - a.near) || (b.titleHits - a.titleHits) || (b.sectionTitleHits - a.sectionTitleHits) ||
    (b.weight - a.weight);
}

// How many pairs of clauses next to each other in the query are side by
// side (at most NEAR words apart) somewhere in these sections' texts.
function sideBySide(clauses, texts) {
  var asked = clauses.filter(function (clause) { return clause.presence !== "-"; });
  if (asked.length < 2) return 0;
  var pairs = new Set();
  texts.forEach(function (text) {
    var seq = words(stripTags(text), null);
    var last = asked.map(function () { return -Infinity; });
    seq.forEach(function (word, position) {
      asked.forEach(function (clause, c) {
        if (!clause.indexWords.has(word)) return;
        last[c] = position;
        if (c > 0 && position - last[c - 1] <= NEAR + 1) pairs.add(c - 1);
        if (c < asked.length - 1 && position - last[c + 1] <= NEAR + 1) pairs.add(c);
      });
    });
  });
  return pairs.size;
}

// --- showing -------------------------------------------------------------------

var WORD = /[\p{L}\p{N}'\u2019\u2018]+(?:[-\u2010\u2011][\p{L}\p{N}'\u2019\u2018]+)*/gu;
var SIMPLE_WORD = /^[A-Za-z0-9]+$/;   // read as itself, lower case

// Mark the words found in a title or text (HTML, escaped by the build):
// only text between tags is touched. A hyphenated word is marked whole
// when it (joined up), or a part of it longer than three letters, was found. `shown` collects the words marked,
// as written, for the page's own highlighting (Material's ?h=).
function mark(html, found, shown) {
  var needles = [...found];
  return html.replace(/(<[^>]*>)|([^<]+)/g, function (all, tag, text) {
    if (tag) return tag;
    // Most text has none of the words: look for them as plain strings first.
    var plain = text.toLowerCase().replace(APOSTROPHES, "").replace(/[-\u2010\u2011]/g, "");
    if (!needles.some(function (needle) { return plain.indexOf(needle) >= 0; })) return text;
    return text.replace(WORD, function (written) {
      var parts = SIMPLE_WORD.test(written) ? [written.toLowerCase()] : words(written, null);
      // A short part found ("co", for "co production") marks no word of its own.
      var hit = parts.some(function (word, k) {
        return found.has(word) && (parts.length === 1 || k === parts.length - 1 || word.length > SHORT);
      });
      if (!hit) return written;
      // Material's highlighter reads "co-production" as "co" and
      // "production", and would mark every "co": short parts are left out.
      if (shown) written.split(/[-\u2010\u2011]/).forEach(function (part) {
        if (part.length > SHORT) shown.add(part.toLowerCase());
      });
      return "<mark>" + written + "</mark>";
    });
  });
}

// A section's text as a teaser: the (at most two) paragraphs or list items
// with the most words found, in their order on the page, each cut to the
// words around its best match; the whole text when none matches.
function teaser(html, found, shown) {
  var blocks = html.match(/<(p|li|pre)>[\s\S]*?<\/\1>|[^<]+/g) || [];
  var marked = blocks.map(function (block, index) {
    var text = mark(block, found, shown);
    return { index: index, text: text, marks: (text.match(/<mark>/g) || []).length,
             distinct: new Set((text.match(/<mark>[^<]*<\/mark>/g) || []).map(function (m) { return m.toLowerCase(); })).size };
  }).filter(function (block) { return block.marks > 0; });
  if (!marked.length) return html;
  marked.sort(function (a, b) { return (b.distinct - a.distinct) || (b.marks - a.marks) || (a.index - b.index); });
  return marked.slice(0, 2).sort(function (a, b) { return a.index - b.index; }).map(function (block) {
    var text = shorten(block.text);
    // A list item taken from its list goes in a list of its own.
    return text.startsWith("<li>") ? "<ul>" + text + "</ul>" : text;
  }).join("");
}

// A long run of plain text is cut to the words around its best match: the
// mark with the most different marked words near it. Only text without
// tags of its own is cut, at spaces, so no tag is ever split.
var AROUND = [150, 250];   // characters kept before and after that match
function shorten(block) {
  var wrapped = /^(<(p|li)>)([^<]*(?:<\/?mark>[^<]*)*)(<\/\2>)$/.exec(block);
  var open = wrapped ? wrapped[1] : "", inner = wrapped ? wrapped[3] : block, close = wrapped ? wrapped[4] : "";
  if (!wrapped && /<(?!\/?mark>)/.test(block)) return block;
  if (inner.indexOf("<mark>") < 0 || inner.length <= AROUND[0] + AROUND[1] + 100) return block;
  var marks = [], pattern = /<mark>([^<]*)<\/mark>/g, m;
  while ((m = pattern.exec(inner))) marks.push({ at: m.index, word: m[1].toLowerCase() });
  var focus = marks[0].at, most = 0;
  marks.forEach(function (mark) {
    var near = new Set(marks.filter(function (other) { return Math.abs(other.at - mark.at) <= 120; })
      .map(function (other) { return other.word; })).size;
    if (near > most) { most = near; focus = mark.at; }
  });
  var start = focus > AROUND[0] ? inner.indexOf(" ", focus - AROUND[0]) + 1 : 0;
  var end = inner.indexOf(" ", focus + AROUND[1]);
  if (start > focus) start = 0;
  if (end < 0) end = inner.length;
  // Never cut inside a mark.
  var openMark = inner.lastIndexOf("<mark>", end), closeMark = inner.lastIndexOf("</mark>", end);
  if (openMark > closeMark) end = inner.indexOf("</mark>", end) + 7;
  return open + (start > 0 ? "… " : "") + inner.slice(start, end) + (end < inner.length ? " …" : "") + close;
}

// A page's results as Material lists them: the page first (Material picks
// the entry without "#"), then its sections that matched. Every entry
// carries the words to highlight on the page it opens (Material's ?h=).
// Pages after the first screenful (no `texts`) are listed by title only:
// a long list costs the reader nothing until scrolled to, but every entry
// is copied from this worker to the page before the first results show.
function group(data, page, texts, clauses) {
  var first = data.firstOf[page.page];
  var found = new Set();
  page.sections.forEach(function (item) { item.words.forEach(function (w) { found.add(w); }); });
  var shown = new Set();
  var items = !texts ? [] : page.sections.map(function (item) {
    var own = new Set(item.words);
    return { location: addressOf(data, item.section), title: mark(data.title[item.section], own, shown),
             text: teaser(texts[item.section - first], own, shown), score: item.score, terms: null };
  });
  if (!items.some(function (item) { return item.location === addressOf(data, first); }))
    items.push({ location: addressOf(data, first), title: texts ? mark(data.title[first], found, shown) : data.title[first],
                 text: "", score: texts ? 0 : page.best, terms: null });
  // Nothing marked (a page without its text loaded): the words found.
  if (!shown.size) found.forEach(function (w) { if (w.length >= PREFIX_LENGTH) shown.add(w); });
  var terms = {};
  shown.forEach(function (w) { terms[w] = true; });
  // Material shows "Missing:" for a term marked false: words not found are
  // left out instead, as a struck-through word puzzles more than it helps.
  items.forEach(function (item) { item.terms = terms; });
  return items;
}

// --- when nothing matches ----------------------------------------------------

// For each word typed that found nothing, the indexed word nearest to it
// (fewest edits, then the most used), from the files of words sharing its
// first two letters. Returns the query with those words swapped, or "".
function suggest(clauses, shards) {
  var changed = false;
  var replaced = clauses.map(function (clause) {
    if (clause.indexWords.size || clause.typed.length !== 1) return clause.label;
    var word = clause.typed[0], best = null;
    if (word.length < 4) return word;
    var limit = word.length >= TWO_TYPOS_FROM ? 3 : 2;
    shards.forEach(function (file, key) {
      if (!key.startsWith(word.slice(0, 2))) return;
      Object.keys(file).forEach(function (indexWord) {
        if (!isWord(indexWord)) return;
        var distance = editDistance(word, indexWord, limit);
        var uses = file[indexWord].length;
        if (distance <= limit && (!best || distance < best.distance || (distance === best.distance && uses > best.uses)))
          best = { word: indexWord, distance: distance, uses: uses };
      });
    });
    if (!best) return word;
    changed = true;
    return best.word;
  });
  return changed ? replaced.join(" ") : "";
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

// The results shown when nothing matches: a search for the suggestion, if
// there is one, then the pages that help a reader on. Each is marked
// kb-search-help (search-help.js says "no pages match" above them).
function helpItems(help, suggestion) {
  var items = [];
  if (suggestion) {
    items.push([{ location: help.home + "?q=" + encodeURIComponent(suggestion),
                  title: "Did you mean <mark>" + escapeHtml(suggestion) + "</mark>?",
                  text: "<p class=\"kb-search-help\">Search for “" + escapeHtml(suggestion) + "” instead.</p>",
                  score: 1, terms: {} }]);
  }
  help.pages.forEach(function (page) {
    items.push([{ location: page[0], title: page[1], text: "<p class=\"kb-search-help\">" + page[2] + "</p>",
                  score: 1, terms: {} }]);
  });
  return items;
}

// --- searching -----------------------------------------------------------------

function loadShards(keys) {
  return Promise.all(keys.map(function (key) { return load("t/" + hex(key) + ".json"); })).then(function (loaded) {
    return new Map(keys.map(function (key, i) { return [key, loaded[i]]; }));
  });
}

function search(query) {
  return loadTable().then(function (data) {
    // The word files of the words typed first: they hold the synonym
    // groups that can apply. Then those of the other ways of saying them.
    var typed = readQuery(query, { stop: data.stop, synonyms: phraseBook([]) });
    return loadShards(keysFor(typed, data.keys)).then(function (shards) {
      shards.forEach(function (file) { learnFromWordFile(data, file); });
      var clauses = readQuery(query, data);
      return loadShards(keysFor(clauses, data.keys));
    }).then(function (shards) {
      shards.forEach(function (file) { learnFromWordFile(data, file); });
      var clauses = readQuery(query, data);
      if (!clauses.length) return { items: [] };
      findClauses(clauses, shards);
      var pages = rankPages(clauses, data, scoreSections(clauses, shards));
      if (!pages.length) return answerNothing(query, clauses, data);
      // Typed on while the word files loaded: skip this query's texts and
      // answer the newer one.
      if (waiting !== null) return null;
      var shown = pages.slice(0, PAGES_WITH_TEXT);
      return Promise.all(shown.map(function (page) { return load("p/" + page.page + ".json"); })).then(function (texts) {
        var text = new Map(shown.map(function (page, i) { return [page.page, texts[i]]; }));
        shown.forEach(function (page) {
          var first = data.firstOf[page.page], own = text.get(page.page);
          page.near = sideBySide(clauses, page.sections.map(function (item) {
            return data.title[item.section] + " " + own[item.section - first];
          }));
        });
        shown.sort(comparePages);
        return { items: shown.concat(pages.slice(PAGES_WITH_TEXT)).map(function (page) {
          return group(data, page, text.get(page.page), clauses);
        }) };
      });
    });
  });
}

function answerNothing(query, clauses, data) {
  // Only short words so far: most likely the first letters of a word still
  // being typed. Material says "No matching pages"; help would flicker.
  if (clauses.every(function (clause) { return clause.label.length <= SHORT; })) return { items: [] };
  var prefixes = new Set();
  clauses.forEach(function (clause) {
    if (!clause.indexWords.size && clause.typed.length === 1) prefixes.add(clause.typed[0].slice(0, 2));
  });
  var keys = [...data.keys].filter(function (key) { return prefixes.has(key.slice(0, 2)) && key.length === PREFIX_LENGTH; });
  return Promise.all([loadShards(keys), load("help.json")]).then(function (loaded) {
    return { items: helpItems(loaded[1], suggest(clauses, loaded[0])) };
  });
}

// --- messages ------------------------------------------------------------------

// Queries are answered one at a time, in order; one overtaken by a newer
// query while waiting is dropped (the reader has typed on).

function next() {
  if (busy || waiting === null) return;
  var query = waiting;
  waiting = null;
  busy = true;
  search(query).catch(function (error) {
    console.warn("Search failed: " + error);
    return { items: [] };
  }).then(function (data) {
    busy = false;
    if (data) postMessage({ type: RESULT, data: data });
    next();
  });
}

self.addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    var settings = (message.data.config || {}).kb || {};
    version = settings.version || "";
    embedded = settings.files || null;
    loadTable().catch(function () {});  // start while the reader types
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    waiting = message.data;
    next();
  }
});
