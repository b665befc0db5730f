/* The kept draft after a session ended: signing in again (in another tab) gives the browser a
   new CSRF token, so fetch it just before "Save draft" posts the text. Without JavaScript a
   refused post shows the same text again with a fresh token (views.csrf_failure). */
(function () {
  "use strict";
  var form = document.getElementById("kept-draft");
  if (!form || !window.fetch) { return; }
  var tokenInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  var sending = false;

  form.addEventListener("submit", function (event) {
    if (sending || !tokenInput) { return; }
    event.preventDefault();
    sending = true;
    fetch(form.getAttribute("data-csrf-url"), {
      credentials: "same-origin",
      headers: { "Accept": "application/json" },
      cache: "no-store"
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (body) {
      if (body && body.token) { tokenInput.value = body.token; }
    }).catch(function () { /* post with the token the page has */ }).then(function () {
      form.submit();
    });
  });
}());
