/*
 * Opas chat widget. A city page embeds it with one tag:
 *
 *   <script src="https://opas.example/static/opas-widget.js"
 *           data-server="https://opas.example:5005" data-api="https://opas.example"
 *           data-language="fi" data-city="vaasa" defer></script>
 *
 * It talks to Rasa's REST channel (POST {server}/webhooks/rest/webhook), sends the chosen language and
 * the page's city as metadata, and keeps the session id and the conversation in localStorage so a
 * reload keeps both. Message text is only ever set with textContent: nothing a message says becomes HTML.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var cfg = {
    server: (script && script.dataset.server) || "http://localhost:5005",
    api: (script && script.dataset.api) || (script ? new URL(script.src).origin : ""),
    language: (script && script.dataset.language) || "fi",
    city: (script && script.dataset.city) || null,
    inline: script && script.dataset.inline === "true"
  };
  var STORE = "opas-chat-v1";
  var state = load() || { sender: newId(), language: cfg.language, messages: [] };
  var strings = {};
  var el = {};

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "s" + Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  function load() {
    try { return JSON.parse(localStorage.getItem(STORE)); } catch (e) { return null; }
  }
  function save() {
    try { localStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* private mode: no history */ }
  }
  function make(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  // Links in bot text become real links (opening safely in a new tab); everything else stays text.
  function appendText(parent, text) {
    var parts = String(text).split(/(https?:\/\/[^\s<>"]+)/g);
    parts.forEach(function (part, i) {
      if (i % 2 === 1) {
        var a = make("a", { href: part, target: "_blank", rel: "noopener noreferrer" }, part);
        parent.appendChild(a);
      } else if (part) {
        parent.appendChild(document.createTextNode(part));
      }
    });
  }

  function fetchStrings(lang) {
    return fetch(cfg.api + "/api/strings?lang=" + encodeURIComponent(lang))
      .then(function (r) { return r.json(); })
      .then(function (s) { strings = s; applyStrings(); })
      .catch(function () { /* keep the previous strings */ });
  }

  function applyStrings() {
    var rtl = strings.dir === "rtl";
    el.root.setAttribute("dir", rtl ? "rtl" : "ltr");
    el.root.setAttribute("lang", state.language);
    el.title.textContent = strings.title || "Opas";
    el.input.setAttribute("placeholder", strings.placeholder || "");
    el.input.setAttribute("aria-label", strings.placeholder || "");
    el.send.textContent = strings.send || "Send";
    el.langLabel.textContent = strings.language || "Language";
    el.privacySummary.textContent = strings.privacy || "";
    el.privacyNotice.textContent = strings.privacy_notice || "";
    el.typing.textContent = strings.typing || "…";
    el.reset.textContent = strings.new_chat || "New chat";
    el.log.setAttribute("aria-label", strings.title || "Opas");
  }

  function build() {
    var root = make("section", { class: "opas-widget", "aria-label": "Opas" });
    var header = make("header", { class: "opas-header" });
    el.title = make("h2", { class: "opas-title", id: "opas-title" }, "Opas");
    var langWrap = make("div", { class: "opas-lang" });
    el.langLabel = make("label", { for: "opas-lang-select" }, "Language");
    el.lang = make("select", { id: "opas-lang-select", class: "opas-lang-select" });
    [["fi", "suomi"], ["sv", "svenska"], ["en", "English"], ["ar", "العربية"], ["fa", "فارسی / دری"],
     ["so", "Soomaali"], ["ur", "اردو"], ["ru", "русский"], ["uk", "українська"], ["et", "eesti"]]
      .forEach(function (l) {
        var o = make("option", { value: l[0], lang: l[0] }, l[1]);
        if (l[0] === state.language) o.selected = true;
        el.lang.appendChild(o);
      });
    el.reset = make("button", { type: "button", class: "opas-reset" }, "New chat");
    langWrap.appendChild(el.langLabel);
    langWrap.appendChild(el.lang);
    header.appendChild(el.title);
    header.appendChild(langWrap);
    header.appendChild(el.reset);

    el.log = make("ol", { class: "opas-log", role: "log", "aria-live": "polite", "aria-relevant": "additions" });
    el.typing = make("p", { class: "opas-typing", hidden: "" }, "…");
    el.status = make("p", { class: "opas-status", role: "alert" });
    var form = make("form", { class: "opas-form" });
    el.input = make("input", { type: "text", class: "opas-input", maxlength: "1000", autocomplete: "off" });
    el.send = make("button", { type: "submit", class: "opas-send" }, "Send");
    form.appendChild(el.input);
    form.appendChild(el.send);
    // the short warning is always seen; what is stored and for how long opens under it
    el.privacy = make("details", { class: "opas-privacy" });
    el.privacySummary = make("summary", {});
    el.privacyNotice = make("p", { class: "opas-privacy-notice", dir: "auto" });
    el.privacy.appendChild(el.privacySummary);
    el.privacy.appendChild(el.privacyNotice);

    [header, el.log, el.typing, el.status, form, el.privacy].forEach(function (n) { root.appendChild(n); });
    el.root = root;

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var text = el.input.value.trim();
      if (!text) return;
      el.input.value = "";
      send(text, text);
    });
    el.lang.addEventListener("change", function () {
      state.language = el.lang.value;
      state.chosen = true;  // from now on the bot keeps to this language (until asked for another)
      save();
      fetchStrings(state.language);
      send('/choose_language{"language": "' + state.language + '"}', null);
    });
    el.reset.addEventListener("click", function () {
      state = { sender: newId(), language: state.language, messages: [] };
      save();
      while (el.log.firstChild) el.log.removeChild(el.log.firstChild);
      greet();
    });
    return root;
  }

  function item(who) {
    var li = make("li", { class: "opas-msg opas-" + who });
    var label = make("span", { class: "opas-visually-hidden" }, (who === "user" ? strings.you : strings.bot) + ": ");
    li.appendChild(label);
    return li;
  }

  function renderCard(custom) {
    var c = custom.card;
    var box = make("article", { class: "opas-card", "data-service": c.id });
    box.appendChild(make("h3", { class: "opas-card-name", dir: "auto" }, c.name));
    if (c.access) {
      var how = make("p", { class: "opas-card-how", dir: "auto" });
      how.appendChild(make("strong", {}, (strings.how || "How to get it") + ": "));
      how.appendChild(document.createTextNode(c.access));
      box.appendChild(how);
    }
    var list = make("ul", { class: "opas-card-contacts", "aria-label": strings.contacts || "Contacts" });
    (c.contacts || []).forEach(function (k) {
      var li = make("li", { dir: "auto" });
      var v = String(k.value);
      if (k.type === "phone") {
        li.appendChild(make("a", { href: "tel:" + v.replace(/[^+\d]/g, ""), class: "opas-call" },
                            (strings.call || "Call") + " " + v));
      } else if (k.type === "email") {
        li.appendChild(make("a", { href: "mailto:" + v }, v));
      } else if (k.type === "url") {
        li.appendChild(make("a", { href: v, target: "_blank", rel: "noopener noreferrer" }, k.label || v));
      } else if (k.type === "address") {
        li.appendChild(document.createTextNode(v + " "));
        li.appendChild(make("a", { href: "https://www.openstreetmap.org/search?query=" + encodeURIComponent(v),
                                    target: "_blank", rel: "noopener noreferrer" }, strings.map || "Map"));
      } else {
        li.textContent = (k.label ? k.label + ": " : "") + v;
      }
      list.appendChild(li);
    });
    if (list.childNodes.length) box.appendChild(list);
    if (c.service_languages && c.service_languages.length) {
      var names = c.service_languages.map(function (code) {
        return (strings.language_names && strings.language_names[code]) || code;
      });
      box.appendChild(make("p", { class: "opas-card-langs" }, (strings.given_in || "Given in") + ": " + names.join(", ")));
    }
    return box;
  }

  function show(msg, remember) {
    var who = msg.from === "user" ? "user" : "bot";
    var li = item(who);
    var card = msg.custom && msg.custom.card;
    // with a card, the text's middle part (the card as text) gives way to the card itself
    var paragraphs = msg.text ? String(msg.text).split("\n\n") : [];
    var before = card && paragraphs.length > 1 ? [paragraphs[0]] : paragraphs;
    var after = card && paragraphs.length > 2 ? [paragraphs[paragraphs.length - 1]] : [];
    before.forEach(function (t) {
      var p = make("p", { class: "opas-text", dir: "auto" });
      appendText(p, t);
      li.appendChild(p);
    });
    if (card) li.appendChild(renderCard(msg.custom));
    after.forEach(function (t) {
      var p = make("p", { class: "opas-text opas-note", dir: "auto" });
      appendText(p, t);
      li.appendChild(p);
    });
    if (msg.buttons && msg.buttons.length) {
      var row = make("div", { class: "opas-buttons" });
      msg.buttons.forEach(function (b) {
        var btn = make("button", { type: "button", class: "opas-button", dir: "auto" }, b.title);
        btn.addEventListener("click", function () { send(b.payload, b.title); });
        row.appendChild(btn);
      });
      li.appendChild(row);
    }
    if (!li.querySelector(".opas-text, .opas-card, .opas-buttons")) return;
    el.log.appendChild(li);
    el.log.scrollTop = el.log.scrollHeight;
    if (remember) { state.messages.push(msg); save(); }
  }

  // Messages go out one after another, in the order the user sent them.
  var queue = Promise.resolve();
  var pending = 0;

  function send(payload, shown) {
    if (shown) show({ from: "user", text: shown }, true);
    el.status.textContent = "";
    el.typing.hidden = false;
    pending += 1;
    queue = queue.then(function () { return post(payload); });
    return queue;
  }

  function post(payload) {
    return fetch(cfg.server + "/webhooks/rest/webhook", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: state.sender, message: payload,
                             // the page's default language only styles the widget; the bot follows the
                             // user's own writing unless the user picked a language in the menu
                             metadata: { language: state.chosen ? state.language : null, city: cfg.city } })
    }).then(function (r) {
      // 429: too many messages; the body is the bot's polite message in the user's language
      if (!r.ok && r.status !== 429) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(function (messages) {
      // Rasa sends a message's text and its custom payload as two messages: join them for the card
      var merged = [];
      messages.forEach(function (m) {
        if (m.custom && merged.length && !merged[merged.length - 1].custom && merged[merged.length - 1].text) {
          merged[merged.length - 1].custom = m.custom;
        } else {
          merged.push({ from: "bot", text: m.text, buttons: m.buttons, custom: m.custom });
        }
      });
      merged.forEach(function (m) { show(m, true); });
    }).catch(function () {
      el.status.textContent = strings.offline || "Cannot reach the server.";
    }).finally(function () {
      pending -= 1;
      el.typing.hidden = pending > 0;
    });
  }

  function greet() { return send("/greet", null); }

  function mount() {
    var root = build();
    var host = document.getElementById("opas-chat");
    (host || document.body).appendChild(root);
    fetchStrings(state.language).then(function () {
      state.messages.forEach(function (m) { show(m, false); });
      if (!state.messages.length) greet();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
