/* servex HTML report: filter the findings by level, status, element and words. Progressive: without this
   script the form stays hidden and every finding is shown. Loads nothing; the page's CSP allows no
   connection. Pyramid tiers and heat-map cells are ordinary links to the findings; this script also sets
   the filters they name (data-level / data-element, or the level of the heading they point at). */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  var level = document.getElementById("f-level");
  var status = document.getElementById("f-status");
  var element = document.getElementById("f-element");
  var search = document.getElementById("f-search");
  var count = document.getElementById("f-count");
  var empty = document.getElementById("f-empty");
  var findings = Array.prototype.slice.call(document.querySelectorAll(".finding[data-level]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-level-group]"));

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var texts = findings.map(function (f) { return fold(f.textContent || ""); });

  /* links land below the sticky filter bar, whatever its height on this screen (not sticky when narrow) */
  function pad() {
    var sticky = window.getComputedStyle(form).position === "sticky";
    document.documentElement.style.scrollPaddingTop = sticky ? String(form.offsetHeight + 12) + "px" : "";
  }
  window.addEventListener("resize", pad);

  function apply() {
    var words = fold(search.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    var levelsShown = {};
    findings.forEach(function (f, i) {
      var ok = (!level.value || f.getAttribute("data-level") === level.value) &&
        (!status.value || f.getAttribute("data-status") === status.value) &&
        (!element.value || (" " + f.getAttribute("data-elements") + " ").indexOf(" " + element.value + " ") >= 0) &&
        words.every(function (w) { return texts[i].indexOf(w) >= 0; });
      f.hidden = !ok;
      if (ok) { shown += 1; levelsShown[f.getAttribute("data-level")] = true; }
    });
    groups.forEach(function (g) { g.hidden = !levelsShown[g.getAttribute("data-level-group")]; });
    count.textContent = form.getAttribute("data-count").replace("{shown}", String(shown))
      .replace("{total}", String(findings.length));
    empty.hidden = shown > 0;
    document.body.setAttribute("data-shown", String(shown));
    pad();
  }

  function set(values) {
    level.value = values.level || "";
    status.value = values.status || "";
    element.value = values.element || "";
    search.value = values.search || "";
    apply();
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  [level, status, element].forEach(function (control) { control.addEventListener("change", apply); });
  search.addEventListener("input", apply);
  document.getElementById("f-reset").addEventListener("click", function () { set({}); });

  /* A link into the findings shows what it points at: a level heading (pyramid tier, heat-map cell) sets
     the filters it names; a finding hidden by the current filters brings every finding back. */
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("a") : null;
    if (!link) { return; }
    var href = link.getAttribute("href") || link.getAttribute("xlink:href") || "";
    if (href.charAt(0) !== "#" || href.length < 2) { return; }
    var target = document.getElementById(decodeURIComponent(href.slice(1)));
    if (!target) { return; }
    if (target.hasAttribute("data-level-group") || link.hasAttribute("data-element")) {
      set({ level: link.getAttribute("data-level") || target.getAttribute("data-level-group") || "",
            element: link.getAttribute("data-element") || "" });
    } else if (target.closest(".finding") && target.closest(".finding").hidden) {
      set({});
    }
  });

  form.hidden = false;
  apply();
}());
