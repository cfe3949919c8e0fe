// The search behind Material's search box, loading only what a search needs.
//
// Material's own worker downloads every page's text (search_index.json,
// about 1.5 MB gzipped at 1,000 case studies) before it can answer. The
// build splits that index (knowledge_base/search_shards.py) into:
//   search/docs.json      page addresses and section titles, and the list of
//                         word files (loaded as soon as search is opened);
//   search/t/<key>.json   the words sharing their first three letters, with
//                         the weight each gives each section;
//   search/p/<n>.json     the text of page n, for the results on screen.
// This worker speaks Material's messages (set-up, ready, query, result) and
// ranks as Material's lunr set-up does: a word typed matches every indexed
// word it begins (see exact() for the exceptions), a section's score is the
// sum of its matched words' weights, and pages whose sections match more of
// the words typed come first.
// The offline copy (file://) keeps Material's own worker and full index.
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var PREFIX_LENGTH = 3;        // as knowledge_base/search_shards.py files words
var PAGES_WITH_TEXT = 10;     // pages listed with their text (the first screenful); later ones by title
var STOP_WORDS = new Set((
  "a able about across after all almost also am among an and any are as at be because been but by can cannot " +
  "could dear did do does either else ever every for from get got had has have he her hers him his how however " +
  "i if in into is it its just least let like likely may me might most must my neither no nor not of off often " +
  "on only or other our own rather said say says she should since so some than that the their them then there " +
  "these they this tis to too twas us wants was we were what when where which while who whom why will with " +
  "would yet you your").split(" "));

var base = new URL("../../search/", self.location.href);
var version = "";
var separator = /[\s\-]+/;
var files = new Map();        // address -> Promise of its JSON
var table = null;             // Promise of {keys, pageOf, firstOf, location, title}
var waiting = null;           // the newest query not yet answered
var busy = false;             // a query is being answered

function load(path) {
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
    table = load("docs.json").then(function (data) {
      var pageOf = [], firstOf = [], location = [], title = [];
      data.pages.forEach(function (page, number) {
        firstOf.push(location.length);
        page[1].forEach(function (section) {
          pageOf.push(number);
          location.push(section[0] ? page[0] + "#" + section[0] : page[0]);
          title.push(section[1]);
        });
      });
      return { keys: new Set(data.keys), pageOf: pageOf, firstOf: firstOf, location: location, title: title };
    });
    table.catch(function () { table = null; });
  }
  return table;
}

// --- the query, read as Material reads it -----------------------------------

// Words typed, each with its presence: "+" required, "-" left out, "" either.
// A quoted phrase makes its words required, as Material does.
function parse(query) {
  var clauses = [];
  query.trim().split(/"([^"]*)"/).forEach(function (part, index) {
    part.split(/\s+/).forEach(function (word) {
      var presence = index % 2 ? "+" : "";
      var sign = /^[+-]/.exec(word);
      if (sign) { presence = sign[0]; word = word.slice(1); }
      word = word.replace(/^[^:]*:/, "").replace(/[~^]\d*$/, "").replace(/\*/g, "");
      // Joined words (co-production) are split as the index splits them;
      // as in Material, only the last part matches the words it begins.
      var parts = word.split(separator).filter(Boolean);
      parts.forEach(function (term, index) {
        clauses.push({ term: term.toLowerCase(), presence: presence, whole: index < parts.length - 1 });
      });
    });
  });
  return clauses;
}

// As in Material, a word typed matches every indexed word it begins, except
// a single letter (here: it matches itself only, which spares loading a
// twenty-sixth of the index for it), a word marked + or - and the first
// parts of a joined word (Material gives those no wildcard either).
function exact(clause) {
  return clause.term.length === 1 || clause.presence !== "" || clause.whole;
}

function matches(clause, word) {
  return exact(clause) ? word === clause.term : word.startsWith(clause.term);
}

// The word files a word typed needs: words are filed by their first three
// letters, so a two-letter word needs every file those two letters begin.
function keysFor(clause, keys) {
  var term = clause.term;
  if (term.length === 2 && !exact(clause))
    return [...keys].filter(function (key) { return key.startsWith(term); });
  var key = term.slice(0, PREFIX_LENGTH);
  return keys.has(key) ? [key] : [];
}

// --- ranking -------------------------------------------------------------------

function rank(clauses, data, shards) {
  var vector = new Map();     // word -> how many clauses asked for it
  var wordsOf = clauses.map(function (clause) {
    var entries = [];
    keysFor(clause, data.keys).forEach(function (key) {
      var file = shards.get(key) || {};
      Object.keys(file).forEach(function (word) {
        if (!matches(clause, word)) return;
        vector.set(word, (vector.get(word) || 0) + 1);
        entries.push([word, file[word]]);
      });
    });
    return entries;
  });
  var score = new Map(), found = new Map();   // section -> score, words matched
  var required = null, prohibited = new Set();
  clauses.forEach(function (clause, index) {
    var sections = new Set();
    wordsOf[index].forEach(function (entry) {
      var postings = entry[1], section = 0;
      for (var i = 0; i < postings.length; i += 2) {
        section += postings[i];
        sections.add(section);
        if (clause.presence === "-") continue;
        if (!found.has(section)) found.set(section, new Set());
        if (!found.get(section).has(entry[0])) {
          found.get(section).add(entry[0]);
          score.set(section, (score.get(section) || 0) + vector.get(entry[0]) * postings[i + 1]);
        }
      }
    });
    if (clause.presence === "+")
      required = required ? new Set([...required].filter(function (s) { return sections.has(s); })) : sections;
    if (clause.presence === "-") sections.forEach(function (s) { prohibited.add(s); });
  });
  var magnitude = Math.sqrt([...vector.values()].reduce(function (sum, v) { return sum + v * v; }, 0)) || 1;
  var asked = clauses.filter(function (clause) { return clause.presence !== "-"; });
  var items = [];
  score.forEach(function (value, section) {
    if (required && !required.has(section)) return;
    if (prohibited.has(section)) return;
    var terms = termsFound(asked, found.get(section));
    var keys = Object.keys(terms);
    var share = keys.length ? keys.filter(function (key) { return terms[key]; }).length / keys.length : 0;
    var boost = (data.firstOf[data.pageOf[section]] === section ? 1 : 0) + share;
    items.push({ section: section, score: value / 1000 / magnitude * (1 + boost * boost), terms: terms,
                 words: found.get(section) });
  });
  items.sort(function (a, b) { return b.score - a.score; });
  return items;
}

// Which words typed a section has (Material shows the missing ones).
function termsFound(clauses, words) {
  var terms = {};
  clauses.forEach(function (clause) {
    var hit = [...words].some(function (word) { return word.startsWith(clause.term); });
    if (hit) terms[clause.term] = true;
    else if (!STOP_WORDS.has(clause.term)) terms[clause.term] = false;
  });
  return terms;
}

// --- showing -------------------------------------------------------------------

// Mark the matched words in a title or text (HTML, escaped by the build):
// only text between tags is touched, split at the separator as indexed.
function mark(html, words) {
  var split = new RegExp("(" + separator.source + ")");
  return html.replace(/(<[^>]*>)|([^<]+)/g, function (all, tag, text) {
    if (tag) return tag;
    return text.split(split).map(function (word, index) {
      return index % 2 === 0 && words.has(word.toLowerCase()) ? "<mark>" + word + "</mark>" : word;
    }).join("");
  });
}

// A section's text as Material shows it: the (at most two) paragraphs or
// list items with a match, marked; the whole text when none matches.
function teaser(html, words) {
  var blocks = html.match(/<(p|li|pre)>[\s\S]*?<\/\1>|[^<]+/g) || [];
  var marked = blocks.map(function (block) { return shorten(mark(block, words)); })
    .filter(function (block) { return block.indexOf("<mark>") >= 0; })
    // A list item taken from its list goes in a list of its own.
    .map(function (block) { return block.startsWith("<li>") ? "<ul>" + block + "</ul>" : block; });
  return marked.length ? marked.slice(0, 2).join("") : html;
}

// A long run of plain text (a glossary, say) is cut to the words around
// its first match. Only text without tags of its own is cut, at spaces, so
// no tag is ever split.
var AROUND = [150, 250];   // characters kept before and after the first match
function shorten(block) {
  var wrapped = /^(<(p|li)>)([^<]*(?:<\/?mark>[^<]*)*)(<\/\2>)$/.exec(block);
  var open = wrapped ? wrapped[1] : "", inner = wrapped ? wrapped[3] : block, close = wrapped ? wrapped[4] : "";
  if (!wrapped && /<(?!\/?mark>)/.test(block)) return block;
  var first = inner.indexOf("<mark>");
  if (first < 0 || inner.length <= AROUND[0] + AROUND[1] + 100) return block;
  var start = first > AROUND[0] ? inner.indexOf(" ", first - AROUND[0]) + 1 : 0;
  var end = inner.indexOf(" ", first + AROUND[1]);
  if (start > first) start = 0;
  if (end < 0) end = inner.length;
  return open + (start > 0 ? "… " : "") + inner.slice(start, end) + (end < inner.length ? " …" : "") + close;
}

function search(query) {
  var clauses = parse(query);
  if (!clauses.length) return Promise.resolve({ items: [] });
  return loadTable().then(function (data) {
    var keys = [...new Set(clauses.flatMap(function (clause) { return keysFor(clause, data.keys); }))];
    return Promise.all(keys.map(function (key) { return load("t/" + hex(key) + ".json"); })).then(function (wordFiles) {
      var shards = new Map(keys.map(function (key, i) { return [key, wordFiles[i]]; }));
      var ranked = rank(clauses, data, shards);
      // Group by page, best page first, as Material does.
      var groups = new Map();
      ranked.forEach(function (item) {
        var page = data.pageOf[item.section];
        if (!groups.has(page)) groups.set(page, []);
        groups.get(page).push(item);
      });
      var pages = [...groups.keys()];
      var shown = pages.slice(0, PAGES_WITH_TEXT);
      // Typed on while the word files loaded: skip this query's texts and
      // answer the newer one.
      if (waiting !== null) return null;
      return Promise.all(shown.map(function (page) { return load("p/" + page + ".json"); })).then(function (texts) {
        var text = new Map(shown.map(function (page, i) { return [page, texts[i]]; }));
        return { items: pages.map(function (page) { return group(data, page, groups.get(page), text.get(page)); }) };
      });
    });
  });
}

function group(data, page, items, texts) {
  var first = data.firstOf[page];
  var result = items.map(function (item) {
    var text = texts ? texts[item.section - first] : "";
    return {
      location: data.location[item.section], title: mark(data.title[item.section], item.words),
      text: teaser(text, item.words), score: item.score, terms: item.terms
    };
  });
  // Every group starts from its page, even when only sections matched.
  if (!items.some(function (item) { return item.section === first; }))
    result.push({ location: data.location[first], title: data.title[first], text: texts ? texts[0] : "",
                  score: 0, terms: {} });
  return result;
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
    var config = message.data.config || {};
    version = (message.data.shards || {}).version || "";
    if (config.separator) separator = new RegExp(config.separator);
    loadTable().catch(function () {});  // start while the reader types
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    waiting = message.data;
    next();
  }
});
