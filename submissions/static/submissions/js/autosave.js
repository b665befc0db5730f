/* Draft autosave: saves a few seconds after typing stops and when a field is left.
   Without JavaScript the "Save draft" button does the same. Unsaved text is also kept in
   this browser (localStorage) so an expired session or a lost connection loses nothing. */
(function () {
  "use strict";
  var form = document.getElementById("draft-form");
  if (!form || !window.fetch || !window.FormData) { return; }
  var url = form.getAttribute("data-autosave-url");
  var storageKey = form.getAttribute("data-draft-key");
  var status = document.getElementById("save-status");
  var conflictNotice = document.getElementById("conflict-notice");
  var restoreBox = document.getElementById("restore-box");
  var restoreButton = document.getElementById("restore-button");
  var revisionInput = form.querySelector("input[name=revision]");
  var timer = null;
  var dirty = false;
  var saving = false;
  var DELAY_MS = 3000;

  function fieldValues() {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "file" || el.type === "submit") { return; }
      values[el.name] = el.value;
    });
    return values;
  }

  function keep() {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify({ at: Date.now(), values: fieldValues() }));
    } catch (e) { /* storage full or disabled: the page still holds the text */ }
  }

  function forget() {
    try { window.localStorage.removeItem(storageKey); } catch (e) { /* ignore */ }
  }

  function show(text) {
    if (status) { status.textContent = text; }
  }

  function save() {
    if (saving || !dirty) { return; }
    saving = true;
    dirty = false;
    var data = new FormData(form);
    data.delete("action");
    fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "Accept": "application/json" },
      redirect: "error"
    }).then(function (response) {
      if (response.status === 409) {
        show(status.getAttribute("data-closed-label"));
        return null;
      }
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (body) {
      saving = false;
      if (!body) { return; }
      if (revisionInput) { revisionInput.value = body.revision; }
      var when = body.saved_at_label || new Date(body.saved_at).toLocaleTimeString();
      show(status.getAttribute("data-saved-label") + " " + when);
      if (body.conflict && conflictNotice) {
        // Another tab or a colleague had saved a newer text: it is kept as an earlier version.
        conflictNotice.textContent = conflictNotice.getAttribute("data-label")
          .replace("{time}", body.conflict_at_label || "");
        conflictNotice.hidden = false;
      }
      markErrors(body.errors || {});
      if (!dirty && Object.keys(body.errors || {}).length === 0) { forget(); }
    }).catch(function () {
      saving = false;
      dirty = true;
      keep();
      show(status.getAttribute("data-error-label"));
    });
  }

  function markErrors(errors) {
    Array.prototype.forEach.call(form.querySelectorAll(".field"), function (box) {
      var input = box.querySelector("input, textarea, select");
      if (!input || !input.name) { return; }
      var messages = errors[input.name];
      var list = box.querySelector("ul.errorlist[data-live]");
      if (messages && messages.length) {
        box.classList.add("field--error");
        if (!list) {
          list = document.createElement("ul");
          list.className = "errorlist";
          list.setAttribute("data-live", "1");
          box.insertBefore(list, input);
        }
        list.textContent = "";
        messages.forEach(function (m) {
          var li = document.createElement("li");
          li.textContent = m;
          list.appendChild(li);
        });
      } else if (list) {
        list.remove();
        box.classList.remove("field--error");
      }
    });
  }

  function changed() {
    dirty = true;
    keep();
    window.clearTimeout(timer);
    timer = window.setTimeout(save, DELAY_MS);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", function () { changed(); save(); });
  form.addEventListener("focusout", function () { if (dirty) { save(); } });
  form.addEventListener("submit", function () { window.clearTimeout(timer); keep(); });
  window.setInterval(function () { if (dirty) { save(); } }, 10000);
  window.addEventListener("beforeunload", function () { if (dirty) { keep(); } });

  // Text kept in this browser from an earlier, unsaved visit.
  try {
    var kept = JSON.parse(window.localStorage.getItem(storageKey) || "null");
    var current = fieldValues();
    var differs = kept && Object.keys(kept.values).some(function (k) {
      return k in current && kept.values[k] !== current[k];
    });
    if (differs && restoreBox && restoreButton) {
      restoreBox.hidden = false;
      restoreButton.addEventListener("click", function () {
        Object.keys(kept.values).forEach(function (name) {
          var el = form.elements.namedItem(name);
          if (el && el.value !== undefined) { el.value = kept.values[name]; }
        });
        restoreBox.hidden = true;
        changed();
      });
    } else if (kept && !differs) {
      forget();
    }
  } catch (e) { /* ignore broken storage */ }
}());
