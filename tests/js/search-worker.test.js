// Unit tests for the pure parts of docs/assets/javascripts/search-worker.js
// (node --test). The worker is a plain script for a browser worker, so it is
// run here in a sandbox with a stand-in for the worker's `self`.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const source = fs.readFileSync(path.join(__dirname, "../../docs/assets/javascripts/search-worker.js"), "utf8");
const sandbox = {
  self: { location: { href: "http://x.org/assets/javascripts/search-worker.js" }, addEventListener() {} },
  postMessage: () => {},
  URL, TextEncoder, Promise, Set, Map, console,
};
vm.createContext(sandbox);
vm.runInContext(source, sandbox);
const worker = sandbox;
// Arrays and objects made inside the sandbox have its prototypes: compare as data.
const plain = (value) => JSON.parse(JSON.stringify(value));

// A small index: docs.json as the build writes it, with the synonym groups
// the word files hold (under "") given at once, and its word files.
const STOP = ["a", "and", "can", "do", "for", "i", "is", "the", "what", "where"];
const DOCS = {
  keys: ["co", "cop", "sup", "pee", "pay", "pai", "org", "for", "com", "sta", "ben"],
  pages: [
    ["guide/what/", [["", "What co-production is"], ["ladder", "The ladder"]]],
    ["case/forum/", [["", "A peer forum in Anytown"]]],
    ["glossary/", [["", "Glossary"], ["peer-support", "Peer support"]]],
    ["barriers/pay/", [["", "Payment and benefits"]]],
  ],
  stop: STOP,
  synonyms: [
    { words: [["organisation"], ["organization"]] },
    { words: [["coproduction"], ["co", "production"]] },
    { words: [["pay"], ["paid"], ["paying"], ["payment"]] },
    { words: [["pip"], ["personal", "independence", "payment"]], also: [["benefits"]] },
  ],
};
const HELP = { pages: [["case-studies/", "All case studies", "Filter them."]], home: "" };
// Sections: 0 what, 1 ladder, 2 forum, 3 glossary, 4 peer-support, 5 pay.
const SHARDS = new Map(Object.entries({
  cop: { coproduction: [0, 5000, 1, 1000] },
  co: { co: [0, 500] },
  pee: { peer: [2, 4000, 2, 1000] },            // gaps: sections 2 and 4
  sup: { support: [0, 100, 4, 900], supported: [2, 300] },   // sections 0, 4; then 2
  pay: { payment: [5, 3000], pay: [5, 800] },
  pai: { paid: [2, 200] },
  org: { organisations: [1, 100] },
  for: { forum: [2, 2000] },
  com: { commissioning: [0, 700], community: [1, 50] },
  sta: { start: [1, 400], staff: [2, 400] },
  ben: { benefits: [5, 1000] },
}));
const DATA = worker.prepare(DOCS);

function ranked(query) {
  const clauses = worker.readQuery(query, DATA);
  worker.findClauses(clauses, SHARDS);
  return worker.rankPages(clauses, DATA, worker.scoreSections(clauses, SHARDS)).map((page) => DOCS.pages[page.page][0]);
}

test("words are read as knowledge_base/search_text.py reads them", () => {
  const examples = JSON.parse(fs.readFileSync(path.join(__dirname, "../examples/search-words-read.json"), "utf8"));
  const stop = new Set(JSON.parse(fs.readFileSync(path.join(__dirname, "../examples/search-stop-words.json"), "utf8")));
  for (const [text, expected] of Object.entries(examples)) {
    if (text.startsWith("_")) continue;
    assert.deepEqual(plain(worker.words(text, stop)), expected, text);
  }
});

test("a light stem: paying, schools, studies, started", () => {
  assert.deepEqual(["paying", "schools", "studies", "started", "crisis", "access", "pay"].map(worker.stem),
                   ["pay", "school", "study", "start", "crisis", "access", "pay"]);
});

test("stop and question words never decide: they are dropped unless they are all there is", () => {
  assert.deepEqual(plain(worker.readQuery("where do I start", DATA).map((c) => c.label)), ["start"]);
  assert.deepEqual(plain(worker.readQuery("for", DATA).map((c) => c.label)), ["for"]);
});

test("a phrase of the synonyms is one clause with every way of saying it", () => {
  const [clause] = worker.readQuery("co production", DATA);
  assert.equal(clause.label, "co production");
  assert.deepEqual(plain(clause.alternatives.map((alt) => [alt.words.join(" "), alt.factor])),
                   [["coproduction", 0.9], ["co production", 1]]);
  const [hyphenated] = worker.readQuery("co-production", DATA);
  assert.deepEqual(plain(hyphenated.alternatives.map((alt) => alt.words.join(" "))), ["coproduction", "co production"]);
  // One way only: PIP also finds benefits, at a lower factor.
  const [pip] = worker.readQuery("PIP", DATA);
  assert.deepEqual(plain(pip.alternatives.map((alt) => [alt.words.join(" "), alt.factor])),
                   [["pip", 1], ["personal independence payment", 0.9], ["benefits", 0.5]]);
  // Stems match the synonyms too: "payments" is in the pay group.
  assert.equal(worker.readQuery("payments", DATA)[0].alternatives.length, 4);
});

test("a word of three letters or fewer finds itself only", () => {
  const found = (word) => plain([...worker.wordsFound(word, SHARDS).keys()].sort());
  assert.deepEqual(found("for"), []);            // never "forum"
  assert.deepEqual(found("pay"), ["pay"]);       // never "payment" (the synonyms do that)
  assert.deepEqual(found("peer"), ["peer"]);
  assert.deepEqual(found("supp"), ["support", "supported"]);
  assert.deepEqual(found("paying"), ["pay"]);    // its stem, "pay", is short: itself only
  assert.deepEqual(found("starting"), ["start"]);
});

test("a misspelt word of five letters or more finds words one edit away, two from eight letters", () => {
  assert.equal(worker.editDistance("commisioning", "commissioning", 2), 1);
  assert.equal(worker.editDistance("recieve", "receive", 2), 1);      // two letters swapped: one edit
  assert.equal(worker.editDistance("stuff", "staff", 1), 1);
  assert.ok(worker.editDistance("community", "commissioning", 2) > 2);
  const typos = (word) => plain([...worker.typosFound(word, SHARDS).keys()]);
  assert.deepEqual(typos("commisioning"), ["commissioning"]);
  assert.deepEqual(typos("comunity"), ["community"]);
  assert.deepEqual(typos("staf"), []);            // four letters: too short to guess
  assert.deepEqual(typos("comissionin"), ["commissioning"]);  // two edits, eleven letters
  assert.deepEqual(typos("stafff"), ["staff"]);
  assert.equal(ranked("commisioning")[0], "guide/what/");
});

test("a page with every word comes first, even against one with a word in its title", () => {
  // The forum page's title has "peer", which weighs a lot there, but it
  // never says "support"; the glossary has both.
  const forum = { ...SHARDS.get("sup"), supported: [] };
  const shards = new Map([...SHARDS, ["sup", forum]]);
  const clauses = worker.readQuery("peer support", DATA);
  worker.findClauses(clauses, shards);
  const pages = worker.rankPages(clauses, DATA, worker.scoreSections(clauses, shards));
  assert.deepEqual(plain(pages.map((page) => DOCS.pages[page.page][0])), ["glossary/", "case/forum/", "guide/what/"]);
});

test("words side by side come before a title with only some of them", () => {
  // Both pages have both words; the forum has "peer" in its title, the
  // glossary has them side by side (known once the texts are loaded).
  const clauses = worker.readQuery("peer support", DATA);
  worker.findClauses(clauses, SHARDS);
  const pages = worker.rankPages(clauses, DATA, worker.scoreSections(clauses, SHARDS));
  const forum = pages.find((page) => page.page === 1), glossary = pages.find((page) => page.page === 2);
  assert.ok(forum.titleHits > glossary.titleHits, JSON.stringify([forum.titleHits, glossary.titleHits]));
  forum.near = worker.sideBySide(clauses, ["<p>a peer forum, where our staff team supported it</p>"]);
  glossary.near = worker.sideBySide(clauses, ["Peer support <p>Help from a peer.</p>"]);
  assert.ok(worker.comparePages(glossary, forum) < 0, JSON.stringify([glossary, forum], (k, v) => v instanceof Set ? [...v] : v));
});

test("a title that answers comes first, and a theme first for its own name", () => {
  assert.equal(ranked("coproduction")[0], "guide/what/");
  assert.equal(ranked("payment")[0], "barriers/pay/");
  // A page's other names (a term's search words, listed under "=" in the
  // word files) count as its title.
  const data = worker.prepare(DOCS);
  const shards = new Map([...SHARDS, ["mon", { money: [5, 100], "=": { money: [3] } }]]);
  shards.forEach((file) => worker.learnFromWordFile(data, file));
  const clauses = worker.readQuery("money", data);
  worker.findClauses(clauses, shards);
  const [page] = worker.rankPages(clauses, data, worker.scoreSections(clauses, shards));
  assert.equal(page.titleHits, 1);
  assert.deepEqual(plain([...worker.wordsFound("mone", shards).keys()]), ["money"]);   // "=" is no word
});

test("synonyms find the other spellings, and one way only for 'also'", () => {
  assert.deepEqual(plain(ranked("organization")), ["guide/what/"]);
  assert.deepEqual(plain(ranked("paying")), ["barriers/pay/", "case/forum/"]);   // pay, payment; paid
  assert.ok(ranked("pip").includes("barriers/pay/"));                            // also finds benefits
  assert.deepEqual(plain(ranked("benefits")), ["barriers/pay/"]);
});

test("required and left-out words filter the sections", () => {
  // Section 4 (the glossary's entry) has "peer": left out, the glossary
  // still has "support" in section 3? No: only in 4. So it goes.
  assert.deepEqual(plain(ranked("support -peer")), ["guide/what/"]);
  assert.deepEqual(plain(ranked("+peer support").sort()), ["case/forum/", "glossary/"]);
});

test("words side by side count: pairs of clauses at most two words apart", () => {
  const clauses = worker.readQuery("peer support", DATA);
  worker.findClauses(clauses, SHARDS);
  assert.equal(worker.sideBySide(clauses, ["<p>we offer peer support here</p>"]), 1);
  assert.equal(worker.sideBySide(clauses, ["<p>support for the peer</p>"]), 1);
  assert.equal(worker.sideBySide(clauses, ["<p>peer workers meet weekly, and staff support them</p>"]), 0);
});

test("the words found are marked, a hyphenated word whole, and what was marked is kept for ?h=", () => {
  const shown = new Set();
  assert.equal(worker.mark('<a title="peer">peer-led</a> peers co-production', new Set(["peer", "coproduction"]), shown),
               '<a title="peer"><mark>peer-led</mark></a> peers <mark>co-production</mark>');
  assert.deepEqual(plain([...shown].sort()), ["peer", "production"]);
  // "co" found (for "co production") does not mark co-design.
  assert.equal(worker.mark("co-design", new Set(["co", "production"])), "co-design");
});

test("a teaser shows the paragraphs with the most words found, lists kept as lists", () => {
  const words = new Set(["crisis", "plan"]);
  const text = "<p>one</p><p>a crisis plan</p><ul><li>no</li><li>crisis team</li></ul><p>crisis again</p>";
  assert.equal(worker.teaser(text, words),
               "<p>a <mark>crisis</mark> <mark>plan</mark></p><ul><li><mark>crisis</mark> team</li></ul>");
  assert.equal(worker.teaser("<p>nothing here</p>", words), "<p>nothing here</p>");
});

test("a long match is cut around the place with the most words found, never inside a tag", () => {
  const words = new Set(["crisis", "team"]);
  const long = "<p>crisis " + "word ".repeat(200) + "crisis team " + "more ".repeat(200) + "</p>";
  const shown = worker.teaser(long, words);
  assert.ok(shown.startsWith("<p>… word") && shown.endsWith(" …</p>"), shown.slice(0, 40));
  assert.ok(shown.includes("<mark>crisis</mark> <mark>team</mark>") && shown.length < 600);
  const tagged = "<p>" + "word ".repeat(200) + "<code>crisis</code> " + "x ".repeat(300) + "</p>";
  assert.ok(worker.teaser(tagged, words).includes("<code><mark>crisis</mark></code>"));
  assert.equal(worker.teaser(tagged, words).length, worker.mark(tagged, words).length);   // not cut
});

test("a result links with the words marked on it; words not found are never listed as missing", () => {
  const clauses = worker.readQuery("peer zebra", DATA);
  worker.findClauses(clauses, SHARDS);
  const pages = worker.rankPages(clauses, DATA, worker.scoreSections(clauses, SHARDS));
  const glossary = pages.find((page) => page.page === 2);
  const items = worker.group(DATA, glossary, ["", "<p>Help from a peer.</p>"], clauses);
  assert.ok(items.every((item) => Object.values(item.terms).every(Boolean)));
  const page = items.find((item) => !item.location.includes("#"));
  assert.deepEqual(plain(page.terms), { peer: true });    // never an empty ?h=
});

test("nothing found: a suggestion from the words the index knows, then the ways on", () => {
  const clauses = worker.readQuery("stuf", DATA);
  worker.findClauses(clauses, SHARDS);
  assert.equal(worker.suggest(clauses, SHARDS), "staff");
  const items = worker.helpItems(HELP, "staff");
  assert.equal(items[0][0].location, "?q=staff");
  assert.match(items[0][0].title, /Did you mean <mark>staff<\/mark>\?/);
  assert.equal(items[1][0].location, "case-studies/");
  assert.ok(items.every((group) => group[0].text.includes("kb-search-help")));
  assert.equal(worker.helpItems(HELP, "<b>")[0][0].title, "Did you mean <mark>&lt;b&gt;</mark>?");
});

test("synonym groups come with the word files, each learnt once", () => {
  const book = worker.phraseBook([]);
  const group = { id: 7, words: [["organisation"], ["organization"]] };
  worker.learnSynonyms(book, [group]);
  worker.learnSynonyms(book, [group]);   // the same group from another word file
  assert.equal(book.get("organization").length, 1);
  const clauses = worker.readQuery("organization", { stop: new Set(), synonyms: book });
  assert.deepEqual(plain(clauses[0].alternatives.map((alt) => alt.words[0])), ["organisation", "organization"]);
  // The word files' "" entry is never read as a word.
  assert.deepEqual(plain([...worker.wordsFound("orga", new Map([["org", { "": [group], organise: [0, 1] }]])).keys()]),
                   ["organise"]);
});
