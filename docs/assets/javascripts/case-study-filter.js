// The filter on /case-studies/: wires the rules in filter-core.js to the
// checkboxes, the search box, the address and the cards. Without this
// script the page is a plain list of every case study.
(function () {
  var core = window.KbFilter;
  var root = document.getElementById("kb-filter");
  if (!core || !root) return;

  // The filter's facets, in its order, from knowledge_base/registry.py.
  var registry = JSON.parse(document.getElementById("kb-registry").textContent);
  var params = core.filterParams(registry);
  var form = root.querySelector("form");
  var facetBoxes = params.map(function (param) { return root.querySelector('details[data-facet="' + param + '"]'); });
  var search = document.getElementById("kb-filter-q");
  var status = root.querySelector("[data-status]");
  var note = root.querySelector("[data-note]");
  var chosenList = root.querySelector("[data-chosen-list]");
  var empty = root.querySelector("[data-empty]");
  var toggleButton = root.querySelector(".kb-filter__toggle");
  var panel = document.getElementById("kb-filter-panel");
  var bar = document.querySelector("[data-compare-bar]");
  var fromDisk = location.protocol === "file:";
  var compareUrl = core.pageAddress(root.dataset.compareUrl, fromDisk);

  // What the page offers: option names, the inputs, and each case's terms.
  var legends = {}, keys = {}, names = {}, inputs = {}, countSpans = {}, known = {};
  registry.filter.forEach(function (facet) {
    legends[facet.param] = facet.title;
    keys[facet.param] = facet.key;
  });
  facetBoxes.forEach(function (box) {
    var param = box.dataset.facet;
    names[param] = {}; inputs[param] = {}; countSpans[param] = {}; known[param] = {};
    box.querySelectorAll("input[type=checkbox]").forEach(function (input) {
      var label = input.closest("label");
      names[param][input.value] = label.querySelector(".kb-option__name").textContent;
      inputs[param][input.value] = input;
      countSpans[param][input.value] = label.querySelector("[data-count]");
      known[param][input.value] = true;
    });
  });

  var slugs = {};
  var cases = Array.prototype.slice.call(document.querySelectorAll(".kb-cards [data-case-study]")).map(function (card) {
    var terms = {};
    params.forEach(function (param) {
      var value = card.getAttribute("data-" + keys[param]) || "";
      terms[param] = value ? value.split(" ") : [];
    });
    var link = card.querySelector(".kb-card__title a");
    var item = {
      slug: card.dataset.caseStudy, terms: terms, card: card, title: link.textContent, href: link.href,
      place: card.querySelector(".kb-card__where").textContent,
      summary: card.querySelector(".kb-card__summary").textContent
    };
    item.text = core.normalise(item.title + " " + item.place + " " + item.summary);
    slugs[item.slug] = item;
    return item;
  });

  // Compare: a checkbox on each card, and beside a ticked box the way on
  // (the bar above the list may be far out of sight by then).
  var compareBoxes = {}, compareNext = {};
  cases.forEach(function (item) {
    var p = document.createElement("p");
    p.className = "kb-card__compare";
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.dataset.compare = item.slug;
    var hidden = document.createElement("span");
    hidden.className = "kb-visually-hidden";
    hidden.textContent = " " + item.title;
    label.append(box, " Compare", hidden);
    var next = document.createElement("span");
    next.className = "kb-card__compare-next";
    next.hidden = true;
    p.append(label, next);
    item.card.append(p);
    compareBoxes[item.slug] = box;
    compareNext[item.slug] = next;
  });

  var state = core.emptyState(params);
  var typing = false;

  // Scroll just enough to show an element whole, below the sticky header, at
  // once: a smooth scroll could be cut short by the next thing the reader does.
  function bringIntoView(element) {
    var box = element.getBoundingClientRect();
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    var margin = 8;
    if (box.bottom + margin > window.innerHeight) {
      window.scrollBy({ top: box.bottom + margin - window.innerHeight, behavior: "instant" });
    } else if (box.top - margin < top) {
      window.scrollBy({ top: box.top - margin - top, behavior: "instant" });
    }
  }

  function commit(history) {
    var url = location.pathname + core.toQuery(state, params) + location.hash;
    if (history === "push") window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
    render();
    if (window.KbPrintView) window.KbPrintView.update();
  }

  function loadFromAddress(search, initial) {
    var parsed = core.parseQuery(search, params, known, slugs);
    state = parsed.state;
    var filters = parsed.dropped.filter(function (d) { return d.param !== "compare"; }).length;
    var gone = parsed.dropped.length - filters;
    var lines = [];
    if (filters) lines.push(core.plural(filters, "filter", "filters") + " in this link no longer " +
      (filters === 1 ? "exists" : "exist") + ", so " + (filters === 1 ? "it has" : "they have") + " been left out.");
    if (gone) lines.push(core.plural(gone, "case study", "case studies") + " chosen for comparison no longer " +
      (gone === 1 ? "exists" : "exist") + ".");
    note.textContent = lines.join(" ");
    note.hidden = !lines.length;
    if (parsed.dropped.length && !initial) commit("replace");
    else render();
  }

  function button(text, className, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = className;
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }

  function describe(param) {
    if (param === "q") return "Search: \u201c" + state.q + "\u201d";
    return legends[param] + ": " + state.facets[param].map(function (id) { return names[param][id]; }).join(" or ");
  }

  function renderChosen() {
    chosenList.textContent = "";
    var active = params.filter(function (p) { return state.facets[p].length; });
    if (!active.length && !state.q) { chosenList.hidden = true; return; }
    var intro = document.createElement("p");
    intro.textContent = "Showing case studies that match:";
    var list = document.createElement("ul");
    active.forEach(function (param, i) {
      var li = document.createElement("li");
      if (i) li.append(document.createElement("strong"), " ");
      if (i) li.firstChild.textContent = "and";
      li.append(legends[param] + ": ");
      state.facets[param].forEach(function (id, j) {
        if (j) li.append(" or ");
        var b = button(names[param][id], "kb-chip", function () {
          state = core.toggle(state, param, id, false);
          commit("push");
          focusAfterRemoval();
        });
        b.setAttribute("aria-label", "Remove " + names[param][id]);
        li.append(b);
      });
      list.append(li);
    });
    if (state.q) {
      var li = document.createElement("li");
      if (active.length) { var and = document.createElement("strong"); and.textContent = "and"; li.append(and, " "); }
      li.append("words: ");
      var b = button(state.q, "kb-chip", function () {
        state = core.withoutFacet(state, "q");
        commit("push");
        focusAfterRemoval();
      });
      b.setAttribute("aria-label", "Remove the search for " + state.q);
      li.append(b);
      list.append(li);
    }
    chosenList.append(intro, list);
    chosenList.hidden = false;
  }

  function focusAfterRemoval() {
    var next = chosenList.querySelector("button") || search;
    next.focus();
  }

  function renderEmpty(resultCount) {
    empty.textContent = "";
    empty.hidden = resultCount > 0;
    if (resultCount > 0) return;
    var p = document.createElement("p");
    p.textContent = "No case study matches all of these choices.";
    empty.append(p);
    var suggestions = core.dropSuggestions(cases, state, params);
    if (suggestions.length) {
      var p2 = document.createElement("p");
      p2.textContent = "To get results back, remove one of these:";
      var list = document.createElement("ul");
      suggestions.forEach(function (s) {
        var li = document.createElement("li");
        li.append(button("Remove " + describe(s.param), "kb-button", function () {
          state = core.withoutFacet(state, s.param);
          commit("push");
          status.focus();
        }), " (" + core.plural(s.count, "case study", "case studies") + ")");
        list.append(li);
      });
      empty.append(p2, list);
    } else {
      var p3 = document.createElement("p");
      p3.textContent = "No single change brings results back: choose \u201cClear all\u201d to start again.";
      empty.append(p3);
    }
  }

  var comparedBefore = null;
  function renderCompare() {
    var chosen = state.compare;
    // Touch the thousand boxes only when the choice has changed.
    if (chosen.join(",") === comparedBefore) return;
    comparedBefore = chosen.join(",");
    cases.forEach(function (item) {
      var box = compareBoxes[item.slug];
      var checked = chosen.indexOf(item.slug) >= 0;
      var disabled = !checked && chosen.length >= core.MAX_COMPARE;
      if (box.checked !== checked) box.checked = checked;
      if (box.disabled !== disabled) box.disabled = disabled;
    });
    bar.hidden = !chosen.length;
    var text = bar.querySelector("[data-compare-status]");
    var link = bar.querySelector("[data-compare-link]");
    var titles = chosen.map(function (slug) { return slugs[slug].title; });
    text.textContent = "Chosen to compare: " + titles.join("; ") + "." +
      (chosen.length < 2 ? " Tick one more." : chosen.length >= core.MAX_COMPARE ? " That is the most you can compare." : "");
    link.hidden = chosen.length < 2;
    link.textContent = "Compare " + core.plural(chosen.length, "case study", "case studies");
    link.href = compareUrl + "?cases=" + chosen.join(",");
    cases.forEach(function (item) {
      var next = compareNext[item.slug];
      next.textContent = "";
      next.hidden = chosen.indexOf(item.slug) < 0;
      if (next.hidden) return;
      if (chosen.length < 2) { next.textContent = "Tick one more to compare."; return; }
      var go = document.createElement("a");
      go.className = "kb-button kb-button--small";
      go.href = link.href;
      go.textContent = link.textContent;
      next.append(go);
    });
  }

  function render() {
    params.forEach(function (param) {
      Object.keys(inputs[param]).forEach(function (id) {
        var checked = state.facets[param].indexOf(id) >= 0;
        if (inputs[param][id].checked !== checked) inputs[param][id].checked = checked;
      });
    });
    if (document.activeElement !== search) search.value = state.q;
    var results = core.filterCases(cases, state, params);
    var shown = new Set(results.map(function (item) { return item.slug; }));
    cases.forEach(function (item) {
      var hide = !shown.has(item.slug);
      if (item.card.hidden !== hide) item.card.hidden = hide;
    });
    var counts = core.optionCounts(cases, state, params);
    params.forEach(function (param) {
      Object.keys(countSpans[param]).forEach(function (id) {
        var text = String(counts[param][id] || 0);
        if (countSpans[param][id].textContent !== text) countSpans[param][id].textContent = text;
      });
    });
    facetBoxes.forEach(function (box) {
      var n = state.facets[box.dataset.facet].length;
      box.querySelector("[data-chosen]").textContent = n ? "(" + n + " chosen)" : "";
    });
    var on = core.activeCount(state);
    toggleButton.querySelector("[data-filters-on]").textContent = on ? "(" + on + " on)" : "(none on)";
    var total = cases.length;
    status.textContent = on
      ? core.plural(results.length, "case study", "case studies") + " of " + total + " " +
        (results.length === 1 ? "matches" : "match") + " your choices."
      : "Showing all " + core.plural(total, "case study", "case studies") + ".";
    renderChosen();
    renderEmpty(results.length);
    renderCompare();
    lastResults = results;
  }
  var lastResults = [];

  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "checkbox") return;
    typing = false;
    state = core.toggle(state, input.name, input.value, input.checked);
    commit("push");
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });

  var typingTimer = null;
  search.addEventListener("input", function () {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () {
      var q = search.value.replace(/\s+/g, " ").trim();
      if (q === state.q) return;
      state = core.withoutFacet(state, null);
      state.q = q;
      // One history step per burst of typing, not one per key.
      commit(typing ? "replace" : "push");
      typing = true;
    }, 200);
  });
  search.addEventListener("change", function () { typing = false; });

  root.querySelector("[data-action=clear]").addEventListener("click", function () {
    var compare = state.compare;
    state = core.emptyState(params);
    state.compare = compare;
    search.value = "";
    typing = false;
    commit("push");
  });

  root.querySelector("[data-action=csv]").addEventListener("click", function () {
    var header = ["Title", "Address", "Place"].concat(params.map(function (p) { return legends[p]; }), ["Summary"]);
    var rows = lastResults.map(function (item) {
      return [item.title, item.href, item.place].concat(params.map(function (p) {
        return item.terms[p].map(function (id) { return names[p][id] || id; }).join("; ");
      }), [item.summary.replace(/\s+/g, " ").trim()]);
    });
    var blob = new Blob([core.toCsv(header, rows)], { type: "text/csv;charset=utf-8" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = core.activeCount(state) ? "case-studies-filtered.csv" : "case-studies.csv";
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  });

  document.addEventListener("change", function (event) {
    var slug = event.target.dataset && event.target.dataset.compare;
    if (!slug) return;
    state = core.withoutFacet(state, null);
    state.compare = state.compare.filter(function (s) { return s !== slug; });
    if (event.target.checked) state.compare.push(slug);
    commit("replace");
    // The way on, just under the box ticked, is never left below the screen's
    // edge or under the header.
    if (event.target.checked) bringIntoView(compareNext[slug].querySelector("a") || compareNext[slug]);
  });
  bar.querySelector("[data-compare-clear]").addEventListener("click", function () {
    state = core.withoutFacet(state, null);
    state.compare = [];
    commit("replace");
    var first = document.querySelector(".kb-card:not([hidden]) [data-compare]");
    if (first) first.focus();
  });

  // On narrow screens the options fold behind one button.
  toggleButton.addEventListener("click", function () {
    var open = toggleButton.getAttribute("aria-expanded") !== "true";
    toggleButton.setAttribute("aria-expanded", String(open));
    panel.classList.toggle("is-open", open);
  });

  window.addEventListener("popstate", function () {
    typing = false;
    loadFromAddress(location.search, false);
  });

  // Material opens its site search when an address has ?q= (and deletes q
  // when that closes), but here q holds the filter's words. Material reads
  // the address when its bundle runs, at the end of the page; this script
  // runs before it (it is not deferred), hides q, and puts the address back
  // in its tidy form once the page has loaded.
  var startSearch = location.search;
  function tidyAddress() {
    window.history.replaceState(null, "", location.pathname + core.toQuery(state, params) + location.hash);
  }
  root.hidden = false;
  loadFromAddress(startSearch, true);
  if (new URLSearchParams(startSearch).has("q")) {
    window.history.replaceState(null, "", location.pathname + location.hash);
    document.addEventListener("DOMContentLoaded", function () { setTimeout(tidyAddress, 0); });
  } else if (note.hidden === false) {
    tidyAddress();
  }
  if (location.hash === "#kb-filter") root.scrollIntoView();
  // A shared filtered link (on a projector, say) opens at its results: the
  // choices and the cards, with the options above, out of the way.
  else if (!location.hash && core.activeCount(state)) chosenList.scrollIntoView({ block: "start" });
  document.documentElement.setAttribute("data-kb-filter", "ready");
})();
