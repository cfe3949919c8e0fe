// Unit tests for the pure parts of docs/assets/javascripts/search-worker.js
// (node --test). The worker is a plain script for a browser worker, so it is
// run here in a sandbox with a stand-in for the worker's `self`.
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const source = fs.readFileSync(path.join(__dirname, "../../docs/assets/javascripts/search-worker.js"), "utf8");
const posted = [];
const sandbox = {
  self: { location: { href: "http://x.org/assets/javascripts/search-worker.js" }, addEventListener() {} },
  postMessage: (message) => posted.push(message),
  URL, TextEncoder, Promise, Set, Map, console,
};
vm.createContext(sandbox);
vm.runInContext(source, sandbox);
const worker = sandbox;
// Arrays and objects made inside the sandbox have its prototypes: compare as data.
const plain = (value) => JSON.parse(JSON.stringify(value));

test("a query is read as Material reads it", () => {
  const clauses = worker.parse('"peer support" co-production -crisis +Art');
  assert.deepEqual(plain(clauses.map((c) => [c.term, c.presence, c.whole])), [
    ["peer", "+", false], ["support", "+", false],   // a quoted phrase: every word required
    ["co", "", true], ["production", "", false],      // joined words: only the last part is a prefix
    ["crisis", "-", false], ["art", "+", false],
  ]);
});

test("a word typed matches the words it begins, with Material's exceptions", () => {
  const [word, letter, required, joined] = worker.parse("recov a +art co-x");
  assert.ok(worker.matches(word, "recovery") && worker.matches(word, "recov"));
  assert.ok(!worker.matches(letter, "art") && worker.matches(letter, "a"));   // one letter: itself only
  assert.ok(!worker.matches(required, "arts") && worker.matches(required, "art"));
  assert.ok(!worker.matches(joined, "council") && worker.matches(joined, "co"));
});

test("a two-letter word needs every word file those letters begin", () => {
  const keys = new Set(["co", "com", "con", "cri", "c"]);
  const [two, one, three] = worker.parse("co c crisis");
  assert.deepEqual(plain(worker.keysFor(two, keys)), ["co", "com", "con"]);
  assert.deepEqual(plain(worker.keysFor(one, keys)), ["c"]);
  assert.deepEqual(plain(worker.keysFor(three, keys)), ["cri"]);
  assert.deepEqual(plain(worker.keysFor(worker.parse("zzz")[0], keys)), []);
});

// Two pages: page 0 has sections 0 (the page) and 1; page 1 has section 2.
const TABLE = { keys: new Set(["pee", "sup"]), pageOf: [0, 0, 1], firstOf: [0, 2] };
const SHARDS = new Map([
  ["pee", { peer: [0, 1000, 2, 3000] }],              // gaps: sections 0 and 2
  ["sup", { support: [1, 2000, 1, 500], supported: [2, 100] }],   // sections 1, 2; then 2
]);

test("sections are scored by the weights of the words they match", () => {
  const ranked = worker.rank(worker.parse("peer support"), TABLE, SHARDS);
  const score = Object.fromEntries(ranked.map((item) => [item.section, item.score]));
  // Section 2 has peer (3.0), support (0.5) and supported (0.1), both words
  // typed and is a page: (3.6 / |q|) * (1 + 2 ** 2), |q| = sqrt(3).
  assert.ok(Math.abs(score[2] - 3.6 / Math.sqrt(3) * 5) < 1e-9);
  assert.deepEqual(plain(ranked.map((item) => item.section)), [2, 0, 1]);
  assert.deepEqual(plain(ranked.find((item) => item.section === 1).terms), { peer: false, support: true });
});

test("required and left-out words filter the sections", () => {
  assert.deepEqual(plain(worker.rank(worker.parse("+peer support"), TABLE, SHARDS).map((i) => i.section).sort()), [0, 2]);
  assert.deepEqual(plain(worker.rank(worker.parse("support -peer"), TABLE, SHARDS).map((i) => i.section)), [1]);
});

test("stop words typed are not reported missing", () => {
  assert.deepEqual(plain(worker.termsFound(worker.parse("the peer"), new Set(["peer"]))), { peer: true });
});

test("only words between tags are marked, split as the index splits them", () => {
  const words = new Set(["peer", "led"]);
  assert.equal(worker.mark('<a title="peer">peer-led</a> peers', words),
               '<a title="peer"><mark>peer</mark>-<mark>led</mark></a> peers');
});

test("a teaser shows the two matching paragraphs or items, lists kept as lists", () => {
  const words = new Set(["crisis"]);
  const text = "<p>one</p><p>a crisis plan</p><ul><li>no</li><li>crisis team</li></ul><p>crisis again</p>";
  assert.equal(worker.teaser(text, words),
               "<p>a <mark>crisis</mark> plan</p><ul><li><mark>crisis</mark> team</li></ul>");
  assert.equal(worker.teaser("<p>nothing here</p>", words), "<p>nothing here</p>");
});

test("a long match is cut to the words around it, never inside a tag", () => {
  const words = new Set(["crisis"]);
  const long = "<p>" + "word ".repeat(200) + "crisis " + "more ".repeat(200) + "</p>";
  const shown = worker.teaser(long, words);
  assert.ok(shown.startsWith("<p>… word") && shown.endsWith(" …</p>"), shown.slice(0, 40));
  assert.ok(shown.includes("<mark>crisis</mark>") && shown.length < 600);
  const tagged = "<p>" + "word ".repeat(200) + "<code>crisis</code> " + "x ".repeat(300) + "</p>";
  assert.ok(worker.teaser(tagged, words).includes("<code><mark>crisis</mark></code>"));
  assert.equal(worker.teaser(tagged, words).length, worker.mark(tagged, words).length);   // not cut
});
