// Try the site's search from a terminal, on a built site:
//   node tools/search.js SITE_DIR "query" ["another query"...]
// prints each query's first pages as search-worker.js ranks them. For
// checking a new line of data/search-words.yml without a browser.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const [site, ...queries] = process.argv.slice(2);
if (!site || !queries.length) {
  console.error('usage: node tools/search.js SITE_DIR "query" ...');
  process.exit(2);
}
const source = fs.readFileSync(path.join(__dirname, "../docs/assets/javascripts/search-worker.js"), "utf8");
let listener = null;
const replies = [];
const sandbox = {
  self: { location: { href: "file:///site/assets/javascripts/search-worker.js" },
          addEventListener: (type, fn) => { listener = fn; } },
  postMessage: (message) => replies.push(message),
  fetch: (url) => {
    const file = path.join(site, "search", new URL(url).pathname.replace(/^\/site\/search\//, ""));
    return Promise.resolve({ ok: true, json: () => Promise.resolve(JSON.parse(fs.readFileSync(file, "utf8"))) });
  },
  URL, TextEncoder, Promise, Set, Map, console,
};
vm.createContext(sandbox);
vm.runInContext(source, sandbox);
sandbox.self.addEventListener = null;
(async () => {
  listener({ data: { type: 0, data: { config: {} } } });
  for (const query of queries) {
    const result = await sandbox.search(query);
    console.log(`"${query}"`);
    (result ? result.items : []).slice(0, 5).forEach((group, n) => {
      const main = group.find((item) => !item.location.includes("#")) || group[0];
      const plain = (html) => html.replace(/<[^>]*>/g, "");
      console.log(`  ${n + 1}. ${main.location || "(home)"}  ${plain(main.title)}  [${Object.keys(main.terms).join(" ")}]`);
      const first = group.find((item) => item.text) || {};
      if (first.text) console.log(`       ${plain(first.text).slice(0, 160)}`);
    });
  }
})();
