// The compare page, /compare/?cases=a,b: fetches each case study's JSON
// (/data/case-studies/<slug>.json, built from the YAML) and lays them side
// by side, row by row. Text goes in with textContent, never as HTML. From
// disk (the offline copy) browsers refuse fetch(), so there it loads the
// same record as a script (<slug>.js, knowledge_base/offline.py).
(function () {
  var core = window.KbFilter;
  var root = document.getElementById("kb-compare");
  if (!core || !root) return;
  // The facets and narrative sections, from knowledge_base/registry.py.
  var registry = JSON.parse(document.getElementById("kb-registry").textContent);
  var facets = registry.themes.map(function (t) { return t.key; });
  var facetTitles = {};
  registry.themes.forEach(function (t) { facetTitles[t.key] = t.title; });
  var listUrl = root.dataset.listUrl;
  var fromDisk = location.protocol === "file:";
  function address(url) { return core.pageAddress(url, fromDisk); }

  function names(list) {
    return (list || []).map(function (t) { return t.name; });
  }

  // The rows, in the order a reader compares them. A case without a field
  // shows "Not stated".
  var ROWS = [
    ["Model", function (r) { return names(r.models); }],
    ["Organisations", function (r) {
      return (r.organisations || []).map(function (o) { return o.name + " (" + o.type + (o.role ? ": " + o.role : "") + ")"; });
    }],
    ["Place and setting", function (r) { return r.place ? r.place + (r.setting && r.setting.length ? " (" + r.setting.join(", ") + ")" : "") : null; }],
    ["Who takes part", function (r) { return r.participants; }]
  ].concat(registry.sections.map(function (section) {
    // Then each narrative section, in the registry's order.
    return [section.heading, function (r) { return core.valueAt(r, ["sections"].concat(section.path)); }];
  }));

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  // A value as nodes: a list of strings is a list; text keeps its paragraphs.
  function valueNodes(value) {
    var empty = value == null || value === "" || (Array.isArray(value) && !value.length);
    if (empty) return [el("p", "kb-muted", "Not stated")];
    if (Array.isArray(value)) {
      var ul = el("ul");
      value.forEach(function (item) { ul.append(el("li", null, String(item))); });
      return [ul];
    }
    return core.textBlocks(value).map(function (block) {
      if (block.paragraph) return el("p", null, block.paragraph);
      var list = el("ul");
      block.list.forEach(function (item) { list.append(el("li", null, item)); });
      return list;
    });
  }

  function termList(terms, none) {
    if (!terms.length) return [el("p", "kb-muted", none)];
    var ul = el("ul", "kb-compare__terms");
    terms.forEach(function (t) { ul.append(el("li", null, t.name)); });
    return [ul];
  }

  function row(table, heading, cells, records) {
    var tr = el("tr");
    var th = el("th", null, heading);
    th.scope = "row";
    tr.append(th);
    cells.forEach(function (nodes, i) {
      var td = el("td");
      // On a phone the table becomes one row at a time; this names the case
      // under the row's heading (screen readers get it from the column header).
      var who = el("p", "kb-compare__case", records[i].title);
      who.setAttribute("aria-hidden", "true");
      td.append(who);
      nodes.forEach(function (n) { td.append(n); });
      tr.append(td);
    });
    table.tBodies[0].append(tr);
  }

  function message(text, linkText, href) {
    root.textContent = "";
    var p = el("p", null, text + " ");
    if (linkText) {
      var a = el("a", null, linkText);
      a.href = href;
      p.append(a);
    }
    root.append(p);
  }

  function show(records) {
    root.textContent = "";
    var intro = el("p", "kb-compare__intro");
    intro.append("Comparing " + records.length + " case studies. ");
    var change = el("a", null, "Change the choice");
    change.href = address(listUrl + "?compare=" + records.map(function (r) { return r.slug; }).join(",") + "#kb-filter");
    intro.append(change, ".");
    root.append(intro);

    var table = el("table", "kb-compare__table");
    table.append(el("caption", "kb-visually-hidden", "Case studies side by side"));
    var head = el("thead"), tr = el("tr"), corner = el("td");
    tr.append(corner);
    records.forEach(function (r) {
      var th = el("th");
      th.scope = "col";
      var a = el("a", null, r.title);
      a.href = address(listUrl + r.slug + "/");
      th.append(a);
      tr.append(th);
    });
    head.append(tr);
    table.append(head, el("tbody"));

    ROWS.forEach(function (spec) {
      row(table, spec[0], records.map(function (r) { return valueNodes(spec[1](r)); }), records);
    });
    var terms = core.sharedTerms(records, facets);
    facets.forEach(function (facet) {
      var shared = terms.shared[facet];
      row(table, facetTitles[facet] + " they all share", records.map(function () {
        return termList(shared, "None shared by all");
      }), records);
      row(table, facetTitles[facet] + " not shared by all", records.map(function (r, i) {
        return termList(terms.own[i][facet], "None");
      }), records);
    });
    var wrap = el("div", "kb-compare__scroll");
    wrap.append(table);
    root.append(wrap);
    root.setAttribute("data-compare-ready", String(records.length));
  }

  // One case study's record, or null when there is none.
  function load(slug) {
    if (!fromDisk) {
      return fetch(root.dataset.dataUrl + slug + ".json").then(function (response) {
        return response.ok ? response.json() : null;
      }).catch(function () { return null; });
    }
    return new Promise(function (resolve) {
      var script = document.createElement("script");
      script.src = root.dataset.dataUrl + slug + ".js";
      script.onload = function () { resolve((window.KbCaseRecords || {})[slug] || null); };
      script.onerror = function () { resolve(null); };
      document.head.append(script);
    });
  }

  var request = core.compareRequest(location.search);
  var slugs = request.slugs;
  if (slugs.length < 2) {
    message("Choose at least two case studies to compare.", "Choose them on the case studies page",
      address(listUrl + (slugs.length ? "?compare=" + slugs[0] : "") + "#kb-filter"));
    root.setAttribute("data-compare-ready", "0");
    return;
  }
  message("Loading the case studies\u2026");
  Promise.all(slugs.map(load)).then(function (found) {
    var records = found.filter(Boolean);
    var missing = slugs.length - records.length;
    if (records.length < 2) {
      message("Fewer than two of the case studies in this link exist now.", "Choose case studies to compare",
        address(listUrl + "#kb-filter"));
      root.setAttribute("data-compare-ready", "0");
      return;
    }
    show(records);
    if (request.left.length) {
      // Four columns are the most a screen or an A4 page can hold.
      var over = el("p", "kb-filter__note", "You asked to compare " + (slugs.length + request.left.length) +
        " case studies. Only " + core.MAX_COMPARE + " fit side by side, so this shows the first " +
        core.MAX_COMPARE + " in the link and leaves out " + request.left.length + ". ");
      over.setAttribute("data-compare-left", request.left.join(","));
      var again = el("a", null, "Choose which " + core.MAX_COMPARE + " to compare");
      again.href = address(listUrl + "?compare=" + slugs.join(",") + "#kb-filter");
      over.append(again, ".");
      root.insertBefore(over, root.firstChild);
    }
    if (missing) {
      root.insertBefore(el("p", "kb-filter__note", core.plural(missing, "case study", "case studies") +
        " in this link no longer " + (missing === 1 ? "exists" : "exist") + ", so it has been left out."),
        root.firstChild);
    }
  });
})();
