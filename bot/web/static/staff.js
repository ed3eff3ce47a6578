/* Staff quick-lookup: results as you type from GET /api/lookup; text is only set with textContent. */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var timer = null, seq = 0;
  var LABELS = { eligibility: "Who it is for", access: "How to get it", cost: "Cost", organisation: "Organisation" };

  function option(select, value, text) {
    var o = document.createElement("option");
    o.value = value; o.textContent = text; select.appendChild(o);
  }

  function loadMeta() {
    return fetch("/api/meta?lang=en").then(function (r) { return r.json(); }).then(function (m) {
      m.cities.forEach(function (c) { option($("city"), c.id, c.name); });
      m.topics.forEach(function (t) { option($("topic"), t.id, t.name); });
      m.languages.forEach(function (l) { option($("lang"), l.id, l.name); });
    });
  }

  function field(dl, name, value) {
    if (!value) return;
    var dt = document.createElement("dt"); dt.textContent = name;
    var dd = document.createElement("dd"); dd.textContent = value; dd.setAttribute("dir", "auto");
    dl.appendChild(dt); dl.appendChild(dd);
  }

  function render(results) {
    var box = $("results");
    while (box.firstChild) box.removeChild(box.firstChild);
    results.forEach(function (r) {
      var art = document.createElement("article");
      art.className = "result"; art.setAttribute("data-service", r.id); art.setAttribute("lang", r.language);
      if (["ar", "fa", "ur"].indexOf(r.language) >= 0) art.setAttribute("dir", "rtl");
      var h = document.createElement("h2"); h.textContent = r.name; art.appendChild(h);
      var meta = document.createElement("p"); meta.className = "meta";
      meta.textContent = r.city + " · " + r.topics.join(", ") + " · verified " + r.verified + " · score " + r.score;
      art.appendChild(meta);
      var summary = document.createElement("p"); summary.textContent = r.summary; summary.setAttribute("dir", "auto");
      art.appendChild(summary);
      var dl = document.createElement("dl");
      ["organisation", "eligibility", "access", "cost"].forEach(function (k) { field(dl, LABELS[k], r[k]); });
      r.contacts.forEach(function (c) { field(dl, c.type + (c.label ? " (" + c.label + ")" : ""), c.value); });
      field(dl, "Languages", r.service_languages.join(", "));
      field(dl, "Sources", r.sources.map(function (s) { return s.ref; }).join("; "));
      art.appendChild(dl);
      var actions = document.createElement("div"); actions.className = "actions";
      var copy = document.createElement("button"); copy.type = "button"; copy.textContent = "Copy text";
      copy.addEventListener("click", function () {
        (navigator.clipboard ? navigator.clipboard.writeText(r.text) : Promise.reject())
          .then(function () { $("status").textContent = "Copied: " + r.name; })
          .catch(function () { $("status").textContent = "Copy is not available in this browser."; });
      });
      var print = document.createElement("button"); print.type = "button"; print.textContent = "Print";
      print.addEventListener("click", function () {
        art.classList.add("printing"); window.print(); art.classList.remove("printing");
      });
      actions.appendChild(copy); actions.appendChild(print); art.appendChild(actions);
      box.appendChild(art);
    });
  }

  function search() {
    var params = new URLSearchParams({ q: $("q").value, city: $("city").value, topic: $("topic").value,
                                       lang: $("lang").value || "en" });
    var mine = ++seq;
    fetch("/api/lookup?" + params).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, body: body }; });
    }).then(function (res) {
      if (mine !== seq) return;  // a newer search is on its way
      if (!res.ok) { $("status").textContent = res.body.error; render([]); return; }
      $("status").textContent = res.body.length + " result(s)";
      render(res.body);
    }).catch(function () { $("status").textContent = "The lookup service cannot be reached."; });
  }

  function soon() { clearTimeout(timer); timer = setTimeout(search, 150); }
  loadMeta().then(function () {
    $("q").addEventListener("input", soon);
    ["city", "topic", "lang"].forEach(function (id) { $(id).addEventListener("change", search); });
  });
})();
