// Autosave of a review draft: posts the form to data-autosave-url a moment after each change.
// Without JavaScript the "Save draft" button does the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  if (!form) { return; }
  var status = document.getElementById("save-status");
  var timer = null;
  var submitting = false;
  function say(text) { if (status) { status.textContent = text; } }
  function save() {
    timer = null;
    if (submitting) { return; }
    var data = new FormData(form);
    data.delete("action");
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (response.ok) {
        say(form.dataset.savedText + " " + new Date().toLocaleTimeString());
      } else {
        say(form.dataset.errorText);
      }
    }).catch(function () { say(form.dataset.offlineText); });
  }
  form.addEventListener("input", function () {
    if (submitting) { return; }
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, 1500);
  });
  // A submit (draft or final) carries every field itself: a pending autosave must not race it.
  form.addEventListener("submit", function () {
    submitting = true;
    if (timer) { clearTimeout(timer); timer = null; }
  });
})();
