// Upload progress for large files (the Excel ledger import). Without JavaScript the form
// posts normally. A file, not an inline script: the Content-Security-Policy allows none.
(function () {
  var form = document.getElementById("import-form");
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  var bar = document.getElementById("import-progress");
  var label = document.getElementById("import-progress-text");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    bar.hidden = false;
    xhr.upload.onprogress = function (e) {
      if (!e.lengthComputable) return;
      var pct = Math.round(e.loaded / e.total * 100);
      bar.value = pct;
      label.textContent = pct < 100 ? form.dataset.uploading + " " + pct + "%" : form.dataset.checking;
    };
    xhr.onload = function () {
      document.open();
      document.write(xhr.responseText);
      document.close();
    };
    xhr.onerror = function () { label.textContent = form.dataset.failed; };
    xhr.send(new FormData(form));
  });
})();
