// The filter-core functions the trainer kit added (issue 20): how many
// case studies a comparison link asks for, addresses that work from disk,
// and the public address of a view for its printed QR code.
const test = require("node:test");
const assert = require("node:assert/strict");
const core = require("../../docs/assets/javascripts/filter-core.js");

test("a comparison link with five case studies keeps four and says which were left", () => {
  assert.deepEqual(core.compareRequest("?cases=a,b,c,d,e"), { slugs: ["a", "b", "c", "d"], left: ["e"] });
  assert.deepEqual(core.compareRequest("?cases=a,b,a,Bad!"), { slugs: ["a", "b"], left: [] });
  assert.deepEqual(core.compareRequest(""), { slugs: [], left: [] });
  assert.deepEqual(core.parseCompare("?cases=a,b,c,d,e"), ["a", "b", "c", "d"]);
});

test("from disk a folder address names its index.html, keeping query and fragment", () => {
  assert.equal(core.pageAddress("../compare/?cases=a,b", true), "../compare/index.html?cases=a,b");
  assert.equal(core.pageAddress("../case-studies/#kb-filter", true), "../case-studies/index.html#kb-filter");
  assert.equal(core.pageAddress("../case-studies/a/", true), "../case-studies/a/index.html");
  assert.equal(core.pageAddress("..", true), "../index.html");
  assert.equal(core.pageAddress("", true), "index.html");
  assert.equal(core.pageAddress("x.html?y=1", true), "x.html?y=1");
});

test("on a web server addresses are left as they are", () => {
  assert.equal(core.pageAddress("../compare/?cases=a,b", false), "../compare/?cases=a,b");
});

test("a view's address is the canonical page with the view's query", () => {
  const page = "https://example.org/kb/case-studies/";
  assert.equal(core.viewAddress(page, "?barrier=x&q=a+b"), page + "?barrier=x&q=a+b");
  assert.equal(core.viewAddress(page, "barrier=x"), page + "?barrier=x");
  assert.equal(core.viewAddress(page + "?old=1#top", ""), page);
  assert.equal(core.viewAddress(page, "?"), page);
  assert.equal(core.viewAddress("", "?barrier=x"), "");
});
