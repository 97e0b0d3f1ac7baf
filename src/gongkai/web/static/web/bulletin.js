  // Highlight what the office must still fill in (text in 【】), without touching the markup.
  document.querySelectorAll(".gongwen p").forEach(function (p) {
    p.childNodes.forEach(function (node) {
      if (node.nodeType !== 3 || node.textContent.indexOf("【") < 0) return;
      var span = document.createElement("span");
      node.textContent.split(/(【[^】]*】)/).forEach(function (part) {
        var piece = document.createElement(part.charAt(0) === "【" ? "mark" : "span");
        piece.textContent = part;
        span.appendChild(piece);
      });
      node.replaceWith(span);
    });
  });
