// The language switch at the top of every page: to the same page in the other language
// where it has one, else to the other language's home page.
document.addEventListener("DOMContentLoaded", () => {
  const html = document.documentElement, root = html.dataset.content_root || "./";
  const ko = html.lang === "ko", page = location.pathname.split("/").pop() || "index.html";
  const both = COLLECTION.pages.map((p) => p + ".html");
  const article = document.querySelector(".bd-article");
  if (!article || article.querySelector(".lang-links")) return;
  const p = document.createElement("p"), a = document.createElement("a");
  p.className = "lang-links";
  // a notebook's English page is notebooks/NN.html, its Korean page ko/NN.html
  const notebook = COLLECTION.notebooks.includes(page.replace(/\.html$/, ""));
  a.href = ko ? root + (notebook ? "../notebooks/" : "../") + page
    : root + "ko/" + (both.includes(page) || notebook ? page : "index.html");
  a.hreflang = a.lang = ko ? "en" : "ko";  // read in its own language by a screen reader
  a.textContent = ko ? "English" : "한국어";
  p.append(a);
  article.prepend(p);
});

// A code toggle's name is what it shows ("Show code cell source"): myst-nb labels every one
// "Toggle hidden content", which a screen reader announces instead (axe:
// label-content-name-mismatch, 38 times on notebook 03).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll('summary[aria-label="Toggle hidden content"]')
    .forEach((s) => s.removeAttribute("aria-label"));
});
