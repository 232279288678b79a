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

// A control's name is what it shows: myst-nb labels every code toggle "Toggle hidden
// content" ("Show code cell source" is what it shows), and the theme's search button
// "Search" beside its visible "Search Ctrl+K"; a screen reader announced the label instead
// (axe: label-content-name-mismatch, 38 times on notebook 03, twice on every page).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll('summary[aria-label="Toggle hidden content"]')
    .forEach((s) => s.removeAttribute("aria-label"));
  // a search button that shows words is named by them; the phone's, an icon alone, keeps its label
  document.querySelectorAll("button.search-button__button[aria-label]").forEach((b) => {
    const shown = b.textContent.replace(/\s+/g, " ").trim();
    if (shown) b.setAttribute("aria-label", shown);
  });
});

// Sphinx's Korean catalogue leaves the search's result count empty ("" for "Search
// finished, found N pages ..."), so a search that found pages said nothing, and words its
// "no match" in 합쇼체 where the site writes 한다체: the Korean pages get their own.
if (document.documentElement.lang === "ko" && window.Documentation && Documentation.addTranslations) {
  const found = "검색을 마쳤다. 검색어와 맞는 페이지는 ${resultCount}개다.";
  Documentation.addTranslations({
    messages: {
      "Search finished, found one page matching the search query.": [found],  // the count replaced after
      "Your search did not match any documents. Please make sure that all words are spelled correctly and that you've selected enough categories.":
        "검색어와 맞는 페이지가 없다. 철자를 확인하거나 다른 검색어로 찾아본다.",
    },
    plural_expr: "0",  // Korean has one form, as the catalogue says
    locale: "ko",
  });
}
