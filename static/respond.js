// Progressive enhancement for respondent pages; everything works without it.
(function () {
  "use strict";
  var form = document.querySelector("form.survey-form");
  if (!form) { return; }

  // show_if: hide (and disable) a question while its condition on this page is not met.
  function currentValues(name) {
    var out = [];
    form.querySelectorAll('[name="' + name + '"]').forEach(function (el) {
      if ((el.type === "radio" || el.type === "checkbox") ? el.checked : el.value !== "") {
        out.push(el.value);
      }
    });
    return out;
  }
  function matches(cond, values) {
    if (!values.length || values.indexOf("dk") !== -1) { return false; }
    if (cond.equals !== null && cond.equals !== undefined) {
      return values.indexOf(String(cond.equals)) !== -1;
    }
    if (cond["in"]) {
      return values.some(function (v) { return cond["in"].map(String).indexOf(v) !== -1; });
    }
    var n = parseFloat(values[0]);
    if (isNaN(n)) { return false; }
    if (cond.at_most !== null && cond.at_most !== undefined && n > cond.at_most) { return false; }
    if (cond.at_least !== null && cond.at_least !== undefined && n < cond.at_least) { return false; }
    return true;
  }
  var conditional = Array.prototype.slice.call(form.querySelectorAll("[data-show-if]"));
  function refresh() {
    conditional.forEach(function (box) {
      var cond = JSON.parse(box.getAttribute("data-show-if"));
      var name = "q-" + cond.question + (cond.timepoint ? "-" + cond.timepoint : "");
      if (!form.querySelector('[name="' + name + '"]')) { return; }  // condition on another page
      var show = matches(cond, currentValues(name));
      box.hidden = !show;
      box.querySelectorAll("input, textarea, select").forEach(function (el) { el.disabled = !show; });
      var hint = box.querySelector(".condition");
      if (hint) { hint.hidden = true; }
    });
  }
  form.addEventListener("change", refresh);
  refresh();

  // Count tables: row, column and grand totals follow what is typed ("–" while a cell is
  // empty or not a whole number). The server checks the same numbers again on saving.
  form.querySelectorAll("[data-counts]").forEach(function (table) {
    var cells = Array.prototype.slice.call(table.querySelectorAll("input[data-row]"));
    function sum(list) {
      var total = 0;
      for (var i = 0; i < list.length; i++) {
        var v = list[i].value.trim();
        if (!/^[0-9]+$/.test(v)) { return "\u2013"; }
        total += parseInt(v, 10);
      }
      return String(total);
    }
    function update() {
      table.querySelectorAll("[data-total-row]").forEach(function (out) {
        var key = out.getAttribute("data-total-row");
        out.textContent = sum(cells.filter(function (c) { return c.dataset.row === key; }));
      });
      table.querySelectorAll("[data-total-col]").forEach(function (out) {
        var key = out.getAttribute("data-total-col");
        out.textContent = sum(cells.filter(function (c) { return c.dataset.col === key; }));
      });
      var all = table.querySelector("[data-total-all]");
      if (all) { all.textContent = sum(cells); }
    }
    table.addEventListener("input", update);
    update();
  });

  // Warn before leaving a page with input that has not been saved yet.
  var dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
})();
